"""The signed-in home page, with one section per role the user holds."""

from django.shortcuts import render
from django.utils import timezone

from cms.models import Article
from cms.permissions import require_login
from reviews import selectors
from reviews.choices import ReportStatus
from reviews.models import Reviewer
from reviews.services import reader_reports

HOME_ROWS = 10


@require_login
def home(request):
    user, today = request.user, timezone.localdate()
    context = {"today": today}
    if user.has_perm("cms.change_article"):
        mine = (
            Article.objects.filter(owner=user)
            .select_related("topic", "review")
            .order_by("status", "review__next_review_due", "title")
        )
        context["my_articles"] = mine[:50]
        context["my_article_count"] = mine.count()
        context["returned"] = [
            (article, selectors.changes_requested(article))
            for article in mine.filter(status=Article.Status.DRAFT, live_revision__isnull=False)[
                :HOME_ROWS
            ]
        ]
    reviewer = Reviewer.objects.filter(user=user).first()
    if user.has_perm("reviews.add_signoff") and reviewer:
        queue = selectors.review_queue(reviewer=reviewer, as_of=today)
        context["queue"] = queue[:HOME_ROWS]
        context["queue_count"] = queue.count()
        context["reviewer"] = reviewer
    if user.has_perm("reviews.view_auditevent"):
        context["flag_counts"] = selectors.open_flag_counts()
    if user.has_perm("reviews.view_readerreport"):
        reports = reader_reports.reports_for(user, status=ReportStatus.OPEN)
        context["reader_reports"] = reports[:HOME_ROWS]
        context["reader_report_count"] = reports.count()
    return render(request, "reviews/home.html", context)
