"""Settling review flags by hand: dismissing, resolving, reopening, and correcting the reason a
flag was dismissed. Each checks permission first, changes nothing when it refuses, and audits
what it did with its actor."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.templatetags.cms_tags import us_date
from reviews.choices import FLAGS_IN_DUE_ORDER, AuditAction, FlagKind
from reviews.models import ReviewFlag
from reviews.services.audit import record_event

PERMISSION = "reviews.change_reviewflag"


class FlagRefused(Exception):
    """The flag was not changed; the message says why."""


def _check_permission(actor, refusal: str) -> None:
    if actor is None or not actor.has_perm(PERMISSION):
        raise FlagRefused(refusal)


def _locked(flag: ReviewFlag) -> ReviewFlag:
    return ReviewFlag.objects.select_for_update().select_related("article").get(pk=flag.pk)


@transaction.atomic
def dismiss_flag(*, flag: ReviewFlag, reason: str, actor, at: datetime) -> ReviewFlag:
    """Resolve an open flag that needs no action, with the reason (audited FLAG_DISMISSED).
    Raises FlagRefused without the permission or a reason, or if the flag is already
    resolved."""
    _check_permission(actor, _("Only content admins can dismiss flags."))
    if not reason.strip():
        raise FlagRefused(_("Say why the flag needs no action."))
    flag = _locked(flag)
    if flag.resolved_on is not None:
        raise FlagRefused(_("This flag is already resolved."))
    flag.resolved_on = timezone.localdate(at)
    flag.dismissed_by = actor
    flag.dismiss_reason = reason.strip()
    flag.save(update_fields=["resolved_on", "dismissed_by", "dismiss_reason"])
    record_event(
        action=AuditAction.FLAG_DISMISSED,
        at=at,
        actor=actor,
        article=flag.article,
        detail=f"{flag.get_kind_display()}: {reason.strip()}",
    )
    return flag


@transaction.atomic
def resolve_flag(*, flag: ReviewFlag, actor, at: datetime, note: str = "") -> ReviewFlag:
    """Resolve an open flag because what it asked for was done (audited FLAG_RESOLVED, with the
    optional ``note``). The scan raises it again if the reason still holds. Raises FlagRefused
    without the permission or if the flag is already resolved."""
    _check_permission(actor, _("Only content admins can resolve flags."))
    flag = _locked(flag)
    if flag.resolved_on is not None:
        raise FlagRefused(_("This flag is already resolved."))
    return _resolve(flag, actor=actor, at=at, note=note)


def resolve_reader_report_flag(*, flag: ReviewFlag, actor, at: datetime, note: str) -> ReviewFlag:
    """Resolve an article's open ``reader_report`` flag because its last open report was closed
    (audited FLAG_RESOLVED). For ``reviews.services.reader_reports``, which has checked that the
    actor may triage the article's reports and holds the flag's lock; an owning editor may do
    this without the content admins' permission. Call it inside that transaction."""
    if flag.kind != FlagKind.READER_REPORT or flag.resolved_on is not None:
        raise FlagRefused(_("Only an open reader-report flag is resolved by closing its reports."))
    return _resolve(flag, actor=actor, at=at, note=note)


def _resolve(flag: ReviewFlag, *, actor, at: datetime, note: str) -> ReviewFlag:
    flag.resolved_on = timezone.localdate(at)
    flag.save(update_fields=["resolved_on"])
    note = f": {note.strip()}" if note.strip() else ""
    record_event(
        action=AuditAction.FLAG_RESOLVED,
        at=at,
        actor=actor,
        article=flag.article,
        detail=f"{flag.get_kind_display()}: resolved{note}",
    )
    return flag


@transaction.atomic
def reopen_flag(*, flag: ReviewFlag, actor, at: datetime) -> ReviewFlag:
    """Open a resolved or dismissed flag again, clearing its resolution and any dismissal
    (audited FLAG_REOPENED, naming what was cleared). An article has at most one open flag of a
    kind, so this raises FlagRefused when one is already open, as it does without the
    permission or if the flag is open."""
    _check_permission(actor, _("Only content admins can reopen flags."))
    flag = _locked(flag)
    if flag.resolved_on is None:
        raise FlagRefused(_("This flag is already open."))
    refusal = FlagRefused(
        _(
            "“%(title)s” already has an open “%(kind)s” flag: there can be only one, so this one "
            "cannot be reopened. Work on the open flag instead."
        )
        % {"title": flag.article.title, "kind": _(flag.get_kind_display())}
    )
    others = ReviewFlag.objects.filter(
        article_id=flag.article_id, kind=flag.kind, resolved_on__isnull=True
    ).exclude(pk=flag.pk)
    if others.exists():
        raise refusal
    was = f"resolved on {us_date(flag.resolved_on)}"
    if flag.dismissed_by_id is not None:
        was += f", dismissed by {flag.dismissed_by.get_username()}: {flag.dismiss_reason}"
    flag.resolved_on = None
    flag.dismissed_by = None
    flag.dismiss_reason = ""
    flag.due_on = flag.article.review.next_review_due if flag.kind in FLAGS_IN_DUE_ORDER else None
    try:
        with transaction.atomic():
            flag.save(update_fields=["resolved_on", "dismissed_by", "dismiss_reason", "due_on"])
    except IntegrityError:  # another flag of this kind was opened since the check
        raise refusal from None
    record_event(
        action=AuditAction.FLAG_REOPENED,
        at=at,
        actor=actor,
        article=flag.article,
        detail=f"{flag.get_kind_display()}: reopened (was {was})",
    )
    return flag


@transaction.atomic
def change_dismiss_reason(*, flag: ReviewFlag, reason: str, actor, at: datetime) -> ReviewFlag:
    """Correct the reason a flag was dismissed, keeping who dismissed it (audited FLAG_CHANGED
    with the old and new reasons). Saves nothing when the reason is the same. Raises
    FlagRefused without the permission or a reason, or if the flag is not dismissed."""
    _check_permission(actor, _("Only content admins can change flags."))
    if not reason.strip():
        raise FlagRefused(_("Say why the flag needs no action."))
    flag = _locked(flag)
    if flag.resolved_on is None or flag.dismissed_by_id is None:
        raise FlagRefused(_("Only a dismissed flag has a reason to change."))
    old, new = flag.dismiss_reason, reason.strip()
    if old == new:
        return flag
    flag.dismiss_reason = new
    flag.save(update_fields=["dismiss_reason"])
    record_event(
        action=AuditAction.FLAG_CHANGED,
        at=at,
        actor=actor,
        article=flag.article,
        detail=f"{flag.get_kind_display()}: reason for dismissal: “{old}” → “{new}”",
    )
    return flag
