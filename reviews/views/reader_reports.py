"""The public "Report a problem with this page" form, the staff's triage of reports, and
dismissing flags (content admins). Who may see and do what is decided in
``reviews.services.reader_reports``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms import selectors as cms_selectors
from cms.models import Article
from cms.permissions import require_perm, safe_next
from cms.services.login_throttle import client_address
from reviews.choices import AuditAction, FlagKind
from reviews.forms import (
    AssignReportForm,
    CloseReportForm,
    DismissFlagForm,
    ReaderReportForm,
    ReportFilterForm,
    ReportNoteForm,
)
from reviews.models import AuditEvent, ReaderReport, ReviewFlag
from reviews.services import reader_reports as triage
from reviews.services.flags import FlagRefused, dismiss_flag
from reviews.services.reader_reports import ReportRefused, report_problem

THANKS = gettext_lazy("Thank you. Your report was sent to the editors of this page.")


@login_not_required
def report(request, slug):
    """Anyone may report a problem with a public page (CSRF-protected, rate-limited)."""
    article = cms_selectors.public_article(slug)
    if article is None:
        raise Http404("No published article here.")
    # The form is part of the article's page: it speaks the article's language.
    with translation.override(article.language):
        return _report(request, article)


def _report(request, article):
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
    context = {"article": article, "form": form, "page_language": article.language}
    return render(request, "reviews/report_problem.html", context, status=status)


@require_POST
@require_perm("reviews.change_reviewflag")
def dismiss(request, flag_id):
    flag = get_object_or_404(ReviewFlag.objects.select_related("article"), pk=flag_id)
    form = DismissFlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the flag needs no action."))
    else:
        try:
            dismiss_flag(
                flag=flag, reason=form.cleaned_data["reason"], actor=request.user, at=timezone.now()
            )
        except FlagRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Flag on “%(title)s” dismissed.") % {"title": flag.article.title}
            )
    return redirect(safe_next(request, default=reverse("reviews:home")))


PAGE_SIZE = 20
VIEW = "reviews.view_readerreport"


@require_perm(VIEW)
def report_list(request):
    """The triage list: content admins see every report (``mine`` narrows it), editors the
    reports on their articles and those assigned to them. Open ones by default."""
    form = ReportFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or "open"
    article = None
    if data.get("article"):
        article = Article.objects.filter(slug=data["article"]).first()
    reports = triage.reports_for(
        request.user,
        status="" if status == "all" else status,
        mine=bool(data.get("mine")),
        article=article,
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "status": status,
        "article": article,
        "sees_all": triage.sees_all(request.user),
        "query": query.urlencode(),
    }
    return render(request, "reviews/reader_reports.html", context)


ACTIONS = ("assign", "note", "close", "reopen")


@require_perm(VIEW)
def report_detail(request, report_id):
    """One report with every message on its article, and the triage forms. A POST names its
    ``action``; a refusal or an invalid form shows the page again with the error."""
    report = get_object_or_404(
        ReaderReport.objects.select_related(
            "article", "article__owner", "assigned_to", "closed_by", "fixed_revision"
        ),
        pk=report_id,
    )
    forms = {
        "assign": AssignReportForm(
            initial={"assignee": report.assigned_to_id}, users=triage.assignable_users()
        ),
        "note": ReportNoteForm(),
        "close": CloseReportForm(revisions=triage.fixing_revisions(report.article)),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, _("Choose what to do with the report."))
            status = 400
        else:
            done = _act(request, report, action, forms)
            if done:
                messages.success(request, done)
                return redirect("reviews:reader-report", report_id=report.pk)
    context = _detail_context(request, report, forms)
    return render(request, "reviews/reader_report.html", context, status=status)


def _act(request, report, action: str, forms: dict) -> str:
    """Run one triage action; the success message, or "" with the error on its form."""
    user, now = request.user, timezone.now()
    if action == "assign":
        form = forms["assign"] = AssignReportForm(request.POST, users=triage.assignable_users())
    elif action == "note":
        form = forms["note"] = ReportNoteForm(request.POST)
    elif action == "close":
        form = forms["close"] = CloseReportForm(
            request.POST, revisions=triage.fixing_revisions(report.article)
        )
    else:
        form = None
    if form is not None and not form.is_valid():
        return ""
    try:
        if action == "assign":
            assignee = form.cleaned_data["assignee"]
            triage.assign_report(report=report, assignee=assignee, actor=user, at=now)
            if assignee is None:
                return _("Unassigned.")
            return _("Assigned to %(username)s.") % {"username": assignee.get_username()}
        if action == "note":
            triage.add_note(report=report, text=form.cleaned_data["text"], actor=user, at=now)
            return _("Note added.")
        if action == "close":
            closed = triage.close_report(
                report=report,
                reason=form.cleaned_data["reason"],
                revision=form.cleaned_data["revision"],
                actor=user,
                at=now,
            )
            return _("Report closed: %(reason)s.") % {"reason": closed.get_close_reason_display()}
        triage.reopen_report(report=report, actor=user, at=now)
        return _("Report reopened.")
    except ReportRefused as error:
        messages.error(request, str(error))  # shown on this page: the form may be gone
        return ""


def _detail_context(request, report, forms: dict) -> dict:
    refusal = triage.triage_refusal(request.user, report)
    context = {"report": report, "refusal": refusal, "forms": forms}
    theirs = request.user.pk in (report.article.owner_id, report.assigned_to_id)
    if refusal and not theirs and not triage.sees_all(request.user):
        return {**context, "hidden": True}  # editors see only reports that are theirs
    context["notes"] = report.notes.select_related("author")
    context["others"] = (
        report.article.reader_reports.exclude(pk=report.pk)
        .select_related("assigned_to")
        .order_by("-created_at", "-pk")
    )
    flag_events = Q(
        action__in=[AuditAction.FLAG_RESOLVED, AuditAction.FLAG_DISMISSED],
        detail__startswith=f"{FlagKind.READER_REPORT.label}:",
        at__gte=report.created_at,
    )
    context["events"] = (
        AuditEvent.objects.filter(article_id=report.article_id)
        .filter(Q(subject=f"Reader report #{report.pk}") | flag_events)
        .select_related("actor")
        .order_by("at", "id")
    )
    return context
