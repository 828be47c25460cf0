"""Reports for content admins: the dashboard, the overdue table (with CSV and JSON
downloads), reviewer workload with bulk reassignment, and editorial edits made without review.
"""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cms.diff import diff_revisions
from cms.models import HistoricalArticle
from cms.permissions import require_perm
from reviews import selectors
from reviews.charts import bar_chart, line_chart
from reviews.choices import FlagKind
from reviews.forms import OverdueFilterForm, ReassignForm
from reviews.models import ReportSnapshot, Reviewer
from reviews.reports import OVERDUE_COLUMNS, iter_csv, iter_json
from reviews.services.assignments import AssignmentRefused, eligible_reviewers
from reviews.services.reassign import reassign_articles
from reviews.services.report_snapshot import compute_report_figures

PAGE_SIZE = 50
DOWNLOADS = {
    "csv": (iter_csv, "text/csv; charset=utf-8"),
    "json": (iter_json, "application/json"),
}


@require_perm("reviews.view_reports")
def dashboard(request):
    """Figures as of the latest full scan (stored with it); computed live before the first."""
    today = timezone.localdate()
    snapshot = ReportSnapshot.objects.order_by("-day").first()
    if snapshot is not None:
        figures, as_of_text = snapshot.figures, snapshot.computed_at
    else:
        figures, as_of_text = compute_report_figures(as_of=today), None
    trend = selectors.flag_trend(as_of=today)
    return render(
        request,
        "reviews/reports/dashboard.html",
        {
            "today": today,
            "computed_at": as_of_text,
            "flag_counts": figures["flag_counts"],
            "aging": bar_chart(figures["aging"]),
            "forecast": bar_chart(
                [(f"{date.fromisoformat(m):%b %y}", n) for m, n in figures["forecast"]]
            ),
            "trend": line_chart([(f"{d:%b %-d}", n) for d, n in trend]),
            "trend_rows": trend,
            "topics": figures["topics"],
            "reviewers": figures["reviewers"],
        },
    )


@require_perm("reviews.view_reports")
def overdue(request):
    today = timezone.localdate()
    form = OverdueFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "reviews/reports/overdue.html", {"form": form, "page": None})
    filters = form.selector_filters() if form.is_bound else {"sort": "days_overdue"}
    download = request.GET.get("format")
    if download in DOWNLOADS:
        rows = selectors.overdue_rows(as_of=today, **filters)
        iterate, content_type = DOWNLOADS[download]
        response = StreamingHttpResponse(iterate(rows), content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="overdue-{today.isoformat()}.{download}"'
        )
        return response
    queryset = selectors.overdue_queryset(as_of=today, **filters)
    page = UncountedPage(queryset, number=request.GET.get("page"), size=PAGE_SIZE)
    page.object_list = [selectors.overdue_row(values, as_of=today) for values in page.object_list]
    query = request.GET.copy()
    for key in ("page", "sort", "format"):
        query.pop(key, None)
    return render(
        request,
        "reviews/reports/overdue.html",
        {
            "form": form,
            "page": page,
            "sort": filters["sort"],
            "filter_query": query.urlencode(),
            "query": _with(request, "page"),
            "columns": OVERDUE_COLUMNS,
        },
    )


@require_perm("reviews.view_reports")
def workload(request):
    today = timezone.localdate()
    eligible = eligible_reviewers(as_of=today)
    form = ReassignForm(request.POST or None, eligible=eligible)
    if request.method == "POST":
        if not request.user.has_perm("reviews.reassign_reviewers"):
            messages.error(request, "You may view the workload but not reassign reviewers.")
            return redirect("reviews:report-workload")
        if form.is_valid():
            try:
                moved = reassign_articles(
                    from_reviewer=form.cleaned_data["from_reviewer"],
                    to_reviewer=form.cleaned_data["to_reviewer"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    at=timezone.now(),
                )
            except AssignmentRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{moved} article{'s' if moved != 1 else ''} moved.")
                return redirect("reviews:report-workload")
    page = Paginator(Reviewer.objects.order_by("full_name", "credentials"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    loads = selectors.reviewer_workload(
        reviewer_ids=[reviewer.pk for reviewer in page.object_list], as_of=today
    )
    page.object_list = [(reviewer, loads[reviewer.pk]) for reviewer in page.object_list]
    stranded = selectors.open_flags_of(FlagKind.REVIEWER_CREDENTIALS_EXPIRED)
    return render(
        request,
        "reviews/reports/workload.html",
        {
            "page": page,
            "form": form,
            "today": today,
            "query": "",
            "stranded": stranded[:100],
            "stranded_count": stranded.count(),
        },
    )


@require_perm("reviews.view_reports")
def unreviewed_edits(request):
    page = Paginator(selectors.editorial_revisions(), 20).get_page(request.GET.get("page"))
    signed = HistoricalArticle.objects.in_bulk(
        [revision.signed_base_id for revision in page.object_list if revision.signed_base_id],
        field_name="history_id",
    )
    edits = []
    for revision in page.object_list:
        before = signed.get(revision.signed_base_id)
        edits.append(
            (
                revision,
                diff_revisions(
                    old_title=before.title if before else "",
                    old_body=before.body if before else [],
                    new_title=revision.title,
                    new_body=revision.body,
                ),
            )
        )
    return render(
        request,
        "reviews/reports/unreviewed_edits.html",
        {"page": page, "edits": edits, "query": ""},
    )


class UncountedPage:
    """A page of a large queryset without a COUNT(*): it fetches one row more than it shows to
    know whether a next page exists. Quacks like Django's Page for ``_pagination.html``."""

    def __init__(self, queryset, *, number, size: int):
        try:
            self.number = max(int(number or 1), 1)
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * size
        rows = list(queryset[start : start + size + 1])
        self.object_list = rows[:size]
        self._has_next = len(rows) > size
        self.paginator = None

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _with(request, drop: str) -> str:
    query = request.GET.copy()
    query.pop(drop, None)
    return query.urlencode()
