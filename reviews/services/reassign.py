"""Moving all of one reviewer's assignments to another (content admins)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from reviews.choices import AuditAction
from reviews.models import ArticleReviewer, AuditEvent, Reviewer
from reviews.services.assignments import AssignmentRefused, eligible_reviewers


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
        raise AssignmentRefused("Only content admins can reassign reviewers in bulk.")
    if not reason.strip():
        raise AssignmentRefused("A reassignment needs a reason.")
    if from_reviewer == to_reviewer:
        raise AssignmentRefused("Choose two different reviewers.")
    if not eligible_reviewers(as_of=timezone.localdate(at)).filter(pk=to_reviewer.pk).exists():
        raise AssignmentRefused(
            f"{to_reviewer.printed_name} cannot take articles: inactive or credentials expired."
        )
    links = ArticleReviewer.objects.filter(reviewer=from_reviewer)
    unread = sorted(
        language
        for language in links.values_list("article__language", flat=True).distinct()
        if not to_reviewer.reads(language)
    )
    if unread:
        raise AssignmentRefused(
            f"{to_reviewer.printed_name} does not review in {', '.join(unread)}, the language "
            f"of some of {from_reviewer.printed_name}'s articles."
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
    return len(article_ids)
