"""Moving all of one reviewer's assignments to another (content admins)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.choices import AuditAction
from reviews.models import ArticleReviewer, AuditEvent, Reviewer
from reviews.services.assignments import AssignmentRefused, eligible_reviewers
from reviews.services.rescan import rescan_on_commit


@transaction.atomic
def reassign_articles(
    *, from_reviewer: Reviewer, to_reviewer: Reviewer, reason: str, actor, at: datetime
) -> int:
    """Give every article assigned to ``from_reviewer`` to ``to_reviewer`` (same position and
    role; where ``to_reviewer`` is already assigned, the old link is just removed). Each article
    gets an audit event with the reason. Returns the number of articles moved.

    Raises AssignmentRefused (nothing saved) without the permission, a reason, or an eligible
    target. A fixed number of queries, whatever the number of articles.
    """
    if not actor.has_perm("reviews.reassign_reviewers"):
        raise AssignmentRefused(_("Only content admins can reassign reviewers in bulk."))
    if not reason.strip():
        raise AssignmentRefused(_("A reassignment needs a reason."))
    if from_reviewer == to_reviewer:
        raise AssignmentRefused(_("Choose two different reviewers."))
    if not eligible_reviewers(as_of=timezone.localdate(at)).filter(pk=to_reviewer.pk).exists():
        raise AssignmentRefused(
            _("%(name)s cannot take articles: inactive or credentials expired.")
            % {"name": to_reviewer.printed_name}
        )
    links = ArticleReviewer.objects.filter(reviewer=from_reviewer)
    unread = sorted(
        language
        for language in links.values_list("article__language", flat=True).distinct()
        if not to_reviewer.reads(language)
    )
    if unread:
        raise AssignmentRefused(
            _(
                "%(name)s does not review in %(languages)s, the language of some of %(from)s's "
                "articles."
            )
            % {
                "name": to_reviewer.printed_name,
                "languages": ", ".join(unread),
                "from": from_reviewer.printed_name,
            }
        )
    article_ids = list(links.values_list("article_id", flat=True))
    already = ArticleReviewer.objects.filter(reviewer=to_reviewer, article_id__in=article_ids)
    links.filter(article_id__in=already.values("article_id")).delete()
    links.update(reviewer=to_reviewer)
    detail = f"{from_reviewer.printed_name} → {to_reviewer.printed_name}: {reason.strip()}"
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=AuditAction.REVIEWER_ASSIGNED,
                at=at,
                actor=actor,
                article_id=article_id,
                detail=detail,
            )
            for article_id in article_ids
        ],
        batch_size=1000,
    )
    rescan_on_commit(article_ids)
    return len(article_ids)
