"""The public "Report a problem with this page" form, and dismissing flags (content admins)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cms import selectors as cms_selectors
from cms.permissions import require_perm, safe_next
from cms.services.login_throttle import client_address
from reviews.forms import DismissFlagForm, ReaderReportForm
from reviews.models import ReviewFlag
from reviews.services.flags import FlagRefused, dismiss_flag
from reviews.services.reader_reports import ReportRefused, report_problem

THANKS = "Thank you. Your report was sent to the editors of this page."


@login_not_required
def report(request, slug):
    """Anyone may report a problem with a public page (CSRF-protected, rate-limited)."""
    article = cms_selectors.public_article(slug)
    if article is None:
        raise Http404("No published article here.")
    form = ReaderReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            messages.success(request, THANKS)  # a bot: say thanks, keep nothing
            return redirect(article.get_absolute_url())
        try:
            report_problem(
                article=article,
                message=form.cleaned_data["message"],
                address=client_address(request),
                at=timezone.now(),
            )
        except ReportRefused as error:
            form.add_error(None, str(error))
            status = 429
        else:
            messages.success(request, THANKS)
            return redirect(article.get_absolute_url())
    return render(
        request, "reviews/report_problem.html", {"article": article, "form": form}, status=status
    )


@require_POST
@require_perm("reviews.change_reviewflag")
def dismiss(request, flag_id):
    flag = get_object_or_404(ReviewFlag.objects.select_related("article"), pk=flag_id)
    form = DismissFlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the flag needs no action.")
    else:
        try:
            dismiss_flag(
                flag=flag, reason=form.cleaned_data["reason"], actor=request.user, at=timezone.now()
            )
        except FlagRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Flag on “{flag.article.title}” dismissed.")
    return redirect(safe_next(request, default=reverse("reviews:home")))
