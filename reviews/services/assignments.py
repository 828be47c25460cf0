"""Assigning reviewers to articles."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import Article
from reviews.choices import AuditAction
from reviews.models import ArticleReviewer, Reviewer
from reviews.services.audit import record_event
from reviews.services.rescan import rescan_on_commit


class AssignmentRefused(Exception):
    """The assignment was not changed; the message says why."""


def eligible_reviewers(*, as_of: date, language: str | None = None) -> QuerySet[Reviewer]:
    """Reviewers who may be newly assigned: those who can sign on ``as_of`` (an active profile
    and account, credentials not expired; ``reviews.models.can_sign_q``) and, given an
    article's ``language``, review in it."""
    return Reviewer.objects.able_to_sign(as_of, language=language)


@transaction.atomic
def assign_reviewers(
    *, article: Article, reviewers: list[Reviewer], actor, at: datetime, role: str = ""
) -> tuple[list[Reviewer], list[Reviewer]]:
    """Make ``reviewers`` the article's reviewers, in that order. Returns (added, removed).

    Newly added reviewers must be eligible (active, credentials current); ones already assigned
    may stay. Each change is audited. Raises AssignmentRefused, saving nothing.
    """
    if not actor.has_perm("reviews.change_articlereviewer"):
        raise AssignmentRefused(_("Only editors and content admins can assign reviewers."))
    if len({r.pk for r in reviewers}) != len(reviewers):
        raise AssignmentRefused(_("A reviewer is listed twice."))
    current = {link.reviewer_id: link for link in article.reviewer_links.select_related("reviewer")}
    eligible = set(
        eligible_reviewers(as_of=timezone.localdate(at), language=article.language)
        .filter(pk__in=[r.pk for r in reviewers])
        .values_list("pk", flat=True)
    )
    for reviewer in reviewers:
        if reviewer.pk not in current and reviewer.pk not in eligible:
            reason = (
                reviewer.signing_refusal(timezone.localdate(at), language=article.language)
                or "they cannot sign."
            )
            raise AssignmentRefused(
                _("%(name)s cannot be assigned: %(why)s")
                % {"name": reviewer.printed_name, "why": reason}
            )
    return _set_assignments(article=article, reviewers=reviewers, actor=actor, at=at, role=role)


@transaction.atomic
def assign_from_sheet(
    *, article: Article, reviewers: list[Reviewer], role: str, at: datetime, source: str
) -> tuple[list[Reviewer], list[Reviewer]]:
    """The importer's route: make the reviewers printed on a sheet the article's reviewers.

    The same eligibility rule holds: a printed reviewer who is inactive or whose credentials
    expired is left out (their imported signature still stands). Each change is audited,
    naming ``source`` (the sheet's file). Queues no scan: an imported sheet's flags, all of
    them, come with the next scan (one per sheet would cost a large import one broker round
    trip a sheet). Returns (added, removed)."""
    as_of = timezone.localdate(at)
    eligible = set(
        eligible_reviewers(as_of=as_of, language=article.language)
        .filter(pk__in=[r.pk for r in reviewers])
        .values_list("pk", flat=True)
    )
    current = set(article.reviewer_links.values_list("reviewer_id", flat=True))
    keep = [r for r in dict.fromkeys(reviewers) if r.pk in eligible or r.pk in current]
    return _set_assignments(
        article=article,
        reviewers=keep,
        actor=None,
        at=at,
        role=role,
        note=f"from {source}",
        rescan=False,
    )


def _set_assignments(
    *, article, reviewers, actor, at, role, note="", rescan=True
) -> tuple[list, list]:
    current = {link.reviewer_id: link for link in article.reviewer_links.select_related("reviewer")}
    if not role:
        role = next(iter(current.values())).role if current else "Online Medical Reviewer"
    wanted = [(r.pk, role) for r in reviewers]
    ordered = [(link.reviewer_id, link.role) for link in current.values()]
    if wanted == ordered:
        return [], []
    added = [r for r in reviewers if r.pk not in current]
    removed = [link.reviewer for pk, link in current.items() if pk not in {r.pk for r in reviewers}]
    article.reviewer_links.all().delete()
    ArticleReviewer.objects.bulk_create(
        ArticleReviewer(article=article, reviewer=reviewer, position=position, role=role)
        for position, reviewer in enumerate(reviewers)
    )
    suffix = f" ({note})" if note else ""
    for reviewer, action in [(r, AuditAction.REVIEWER_ASSIGNED) for r in added] + [
        (r, AuditAction.REVIEWER_UNASSIGNED) for r in removed
    ]:
        record_event(
            action=action,
            at=at,
            actor=actor,
            article=article,
            detail=f"{reviewer.printed_name}{suffix}",
        )
    if rescan:  # whether anyone assigned can sign may have changed
        rescan_on_commit([article.pk])
    return added, removed
