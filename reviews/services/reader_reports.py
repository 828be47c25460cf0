"""Readers' problem reports, from arrival to closing: the one home of their rules.

A report arrives from the public page (``report_problem``): it raises (or adds to) the article's
open ``reader_report`` flag and reaches the owning editor's notifications. It is then triaged:
assigned, noted, closed with a reason (``fixed`` names one of the article's revisions), and
reopened. Each triage step checks ``triage_refusal`` first, changes nothing when it refuses
(``ReportRefused``), and is audited. Closing the article's last open report resolves its open
flag through ``reviews.services.flags``.

Who may do what: content admins (who settle flags, ``reviews.change_reviewflag``) see and
triage every report; an editor (``reviews.change_readerreport``) triages the reports on the
articles they own and those assigned to them. The triage list shows editors only those.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import Article, HistoricalArticle
from cms.services.login_throttle import client_key
from cms.templatetags.cms_tags import us_datetime
from reviews.choices import AuditAction, CloseReason, FlagKind, NotificationKind, ReportStatus
from reviews.models import Notification, ReaderReport, ReaderReportNote, ReviewFlag
from reviews.roles import CONTENT_ADMINS, EDITORS
from reviews.services.audit import record_event
from reviews.services.flags import resolve_reader_report_flag

REPORTS_PER_HOUR = 5
NOTE_MAX_LENGTH = 2000
SEES_ALL = "reviews.change_reviewflag"  # content admins: every report
TRIAGES = "reviews.change_readerreport"  # editors and content admins


class ReportRefused(Exception):
    """The report was not recorded, or not changed; the message says why."""


@transaction.atomic
def report_problem(*, article: Article, message: str, address: str, at: datetime) -> ReaderReport:
    """Record a reader's report, raise the article's ``reader_report`` flag (or add to it) and
    tell the owning editor (their ``reader_report`` notification of the day).

    At most REPORTS_PER_HOUR per sender, counted in the database so that every web process
    shares the limit. Raises ReportRefused, in the active language (the public form's is the
    article's).
    """
    message = message.strip()
    if not message:
        raise ReportRefused(_("Please describe the problem."))
    key = client_key(address)
    recent = ReaderReport.objects.filter(client_key=key, created_at__gte=at - timedelta(hours=1))
    if recent.count() >= REPORTS_PER_HOUR:
        raise ReportRefused(
            _("You have sent several reports in the last hour. Thank you; please try again later.")
        )
    flag = _open_flag(article, at=at)
    report = ReaderReport.objects.create(
        article=article, message=message, created_at=at, client_key=key, flag=flag
    )
    _describe(flag)
    if article.owner_id is not None:
        _notify(report, recipient_id=article.owner_id, at=at)
    return report


def _open_flag(article: Article, *, at: datetime) -> ReviewFlag:
    """The article's open ``reader_report`` flag, locked; raised now if there is none."""
    flag = (
        ReviewFlag.objects.select_for_update()
        .filter(article=article, kind=FlagKind.READER_REPORT, resolved_on__isnull=True)
        .first()
    )
    if flag is None:
        flag = ReviewFlag.objects.create(
            article=article, kind=FlagKind.READER_REPORT, raised_on=timezone.localdate(at)
        )
    return flag


def _describe(flag: ReviewFlag) -> None:
    """Say on the open flag how many reports are open and what the latest open one says (a
    closed report, spam included, drops out of it)."""
    reports = ReaderReport.objects.filter(article_id=flag.article_id, status=ReportStatus.OPEN)
    count, latest = reports.count(), reports.order_by("-created_at", "-pk").first()
    flag.detail = f"{count} reader report{'s' if count != 1 else ''}"
    if latest is not None:
        flag.detail += f"; latest: {latest.message[:500]}"
    flag.save(update_fields=["detail"])


def report_item(report: ReaderReport) -> dict:
    """A report as a notification or digest shows and emails it (JSON)."""
    return {
        "id": report.pk,
        "title": report.article.title,
        "message": report.message,
        "received": us_datetime(report.created_at),
        "status": report.get_status_display(),
        "assigned_to": report.assigned_to.get_username() if report.assigned_to_id else "",
        "url": settings.SITE_URL + reverse("reviews:reader-report", args=[report.pk]),
    }


def _notify(report: ReaderReport, *, recipient_id: int, at: datetime) -> None:
    """Add the report to the recipient's ``reader_report`` notification of the day (one per
    recipient and day, by the notifications' unique key), unread again. In the app only: the
    email is the daily digest's section of reports."""
    day = timezone.localdate(at)
    notification, _ = Notification.objects.get_or_create(
        recipient_id=recipient_id,
        kind=NotificationKind.READER_REPORT,
        day=day,
        defaults={"subject": "", "created_at": at},
    )
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    reports = [*notification.reader_reports, report_item(report)]
    notification.reader_reports = reports
    notification.subject = (
        f"A reader reported a problem with “{report.article.title}”"
        if len(reports) == 1
        else f"Readers reported {len(reports)} problems with your articles"
    )
    notification.read_at = None
    notification.save(update_fields=["reader_reports", "subject", "read_at"])


DIGEST_REPORTS = 20


def digest_reader_reports() -> dict[int, list[dict]]:
    """The daily digest's section: each recipient's open reports (on articles they own, or
    assigned to them), newest first, at most DIGEST_REPORTS each. One query."""
    sections: dict[int, list[dict]] = {}
    reports = (
        ReaderReport.objects.filter(status=ReportStatus.OPEN)
        .filter(Q(article__owner__isnull=False) | Q(assigned_to__isnull=False))
        .select_related("article", "assigned_to")
        .order_by("-created_at", "-pk")
    )
    for report in reports:
        item = report_item(report)
        for user_id in {report.article.owner_id, report.assigned_to_id} - {None}:
            section = sections.setdefault(user_id, [])
            if len(section) < DIGEST_REPORTS:
                section.append(item)
    return sections


# Who may see and triage reports.


def sees_all(user) -> bool:
    """Content admins see and triage every report."""
    return user.has_perm(SEES_ALL)


def mine_q(user) -> Q:
    """Reports on articles ``user`` owns, or assigned to them."""
    return Q(article__owner=user) | Q(assigned_to=user)


def reports_for(user, *, status: str = "", mine: bool = False, article=None) -> QuerySet:
    """The reports ``user`` may see on the triage list, newest first: every report for content
    admins (only theirs with ``mine``), their own for editors; filtered by ``status`` and
    ``article``. One query with the article, owner and assignee."""
    reports = ReaderReport.objects.select_related("article", "article__owner", "assigned_to")
    if mine or not sees_all(user):
        reports = reports.filter(mine_q(user))
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    if article is not None:
        reports = reports.filter(article=article)
    return reports.order_by("-created_at", "-pk")


def triage_refusal(user, report: ReaderReport) -> str:
    """Why ``user`` may not triage ``report`` ("" when they may)."""
    if not user.has_perm(TRIAGES):
        return _("Only editors and content admins can act on reader reports.")
    if sees_all(user) or user.pk in (report.article.owner_id, report.assigned_to_id):
        return ""
    return _(
        "Only the article's owner, the person the report is assigned to, or a content admin "
        "can act on this report."
    )


def assignable_users() -> QuerySet:
    """Who a report can be assigned to: active editors, content admins and superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[EDITORS, CONTENT_ADMINS]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def fixing_revisions(article: Article) -> QuerySet:
    """The revisions of ``article`` a report may be closed as fixed by, newest first."""
    return HistoricalArticle.objects.filter(id=article.pk).order_by("-history_date", "-history_id")


# Triage: check, then act; each step audited.


def _locked(report: ReaderReport, actor) -> ReaderReport:
    locked = (
        ReaderReport.objects.select_for_update(of=("self",))
        .select_related("article", "assigned_to")
        .get(pk=report.pk)
    )
    refusal = triage_refusal(actor, locked)
    if refusal:
        raise ReportRefused(refusal)
    return locked


def _name(user) -> str:
    return user.get_username() if user else "nobody"


def _audit(report: ReaderReport, *, action: AuditAction, actor, at: datetime, detail: str):
    record_event(
        action=action,
        at=at,
        actor=actor,
        article=report.article,
        subject=f"Reader report #{report.pk}",
        detail=detail,
    )


@transaction.atomic
def assign_report(*, report: ReaderReport, assignee, actor, at: datetime) -> ReaderReport:
    """Assign ``report`` to ``assignee`` (None: to nobody), audited READER_REPORT_ASSIGNED with
    who had it before; the assignee (unless they assigned themselves) finds it in their
    notifications at once. Saves and audits nothing when it is already theirs. Raises
    ReportRefused when ``actor`` may not triage it or ``assignee`` may not be assigned."""
    report = _locked(report, actor)
    if assignee is not None and not assignable_users().filter(pk=assignee.pk).exists():
        raise ReportRefused(
            _("%(name)s cannot be assigned reader reports.") % {"name": assignee.get_username()}
        )
    if report.assigned_to_id == (assignee.pk if assignee else None):
        return report
    was = report.assigned_to
    report.assigned_to = assignee
    report.save(update_fields=["assigned_to"])
    _audit(
        report,
        action=AuditAction.READER_REPORT_ASSIGNED,
        actor=actor,
        at=at,
        detail=f"Assigned to {_name(assignee)} (was {_name(was)})",
    )
    if assignee is not None and assignee.pk != actor.pk:
        _notify(report, recipient_id=assignee.pk, at=at)  # they hear of it now, in the app
    return report


@transaction.atomic
def add_note(*, report: ReaderReport, text: str, actor, at: datetime) -> ReaderReportNote:
    """Add a staff note to ``report`` (open or closed), audited READER_REPORT_NOTED with its
    text. Raises ReportRefused when ``actor`` may not triage it or the note is empty or too
    long."""
    report = _locked(report, actor)
    text = text.strip()
    if not text:
        raise ReportRefused(_("Write the note."))
    if len(text) > NOTE_MAX_LENGTH:
        raise ReportRefused(
            _("A note is at most %(count)s characters.") % {"count": NOTE_MAX_LENGTH}
        )
    note = ReaderReportNote.objects.create(report=report, author=actor, text=text, created_at=at)
    _audit(report, action=AuditAction.READER_REPORT_NOTED, actor=actor, at=at, detail=text)
    return note


@transaction.atomic
def close_report(
    *, report: ReaderReport, reason: str, actor, at: datetime, revision=None
) -> ReaderReport:
    """Close ``report`` with ``reason`` (a CloseReason; ``fixed`` needs ``revision``, one of
    the article's own revisions), audited READER_REPORT_CLOSED. When no open report remains on
    the article, its open ``reader_report`` flag is resolved (audited FLAG_RESOLVED).

    Raises ReportRefused when ``actor`` may not triage it, when it is already closed (a
    replayed form or a second tab changes nothing), or when the reason or revision is wrong.
    Locks the article's open flag, then the report, in the order ``report_problem`` does.
    """
    flag = (
        ReviewFlag.objects.select_for_update()
        .filter(article_id=report.article_id, kind=FlagKind.READER_REPORT, resolved_on=None)
        .first()
    )
    report = _locked(report, actor)
    if report.status == ReportStatus.CLOSED:
        raise ReportRefused(
            _("This report was already closed (%(why)s).")
            % {"why": report.get_close_reason_display()}
        )
    if reason not in CloseReason.values:
        raise ReportRefused(_("Choose why the report is closed."))
    if reason == CloseReason.FIXED:
        if revision is None:
            raise ReportRefused(_("Choose the revision that fixed it."))
        if revision.id != report.article_id:
            raise ReportRefused(_("The revision must be one of this article's revisions."))
    else:
        revision = None
    report.status = ReportStatus.CLOSED
    report.closed_at, report.closed_by = at, actor
    report.close_reason, report.fixed_revision = reason, revision
    report.save(
        update_fields=["status", "closed_at", "closed_by", "close_reason", "fixed_revision"]
    )
    detail = CloseReason(reason).label
    if revision is not None:
        detail += f" in revision {revision.history_id} ({us_datetime(revision.history_date)})"
    _audit(report, action=AuditAction.READER_REPORT_CLOSED, actor=actor, at=at, detail=detail)
    still_open = ReaderReport.objects.filter(article_id=report.article_id, status=ReportStatus.OPEN)
    if flag is not None and not still_open.exists():
        resolve_reader_report_flag(
            flag=flag, actor=actor, at=at, note=f"its last open report was closed ({detail})"
        )
    elif flag is not None:
        _describe(flag)
    return report


@transaction.atomic
def reopen_report(*, report: ReaderReport, actor, at: datetime) -> ReaderReport:
    """Open a closed ``report`` again, clearing its closing, and put it back on the article's
    open ``reader_report`` flag (raised again if it was resolved); audited
    READER_REPORT_REOPENED with what was cleared. Raises ReportRefused when ``actor`` may not
    triage it or it is open."""
    refusal = triage_refusal(actor, report)  # before the flag is raised again
    if refusal:
        raise ReportRefused(refusal)
    flag = _open_flag(report.article, at=at)
    report = _locked(report, actor)
    if report.status == ReportStatus.OPEN:
        raise ReportRefused(_("This report is already open."))
    was = f"closed {us_datetime(report.closed_at)}: {report.get_close_reason_display()}"
    report.status = ReportStatus.OPEN
    report.closed_at = report.closed_by = report.fixed_revision = None
    report.close_reason = ""
    report.flag = flag
    report.save(
        update_fields=["status", "closed_at", "closed_by", "close_reason", "fixed_revision", "flag"]
    )
    _describe(flag)
    _audit(
        report,
        action=AuditAction.READER_REPORT_REOPENED,
        actor=actor,
        at=at,
        detail=f"Reopened (was {was})",
    )
    return report
