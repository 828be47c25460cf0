"""Review policies: changing one, and which one an article follows."""

from datetime import datetime

from django.db import transaction

from reviews.choices import AuditAction
from reviews.models import ArticleReview, ReviewPolicy
from reviews.services.audit import record_event
from reviews.services.review_dates import refresh_review_dates

AUDITED_FIELDS = (
    "name",
    "interval_months",
    "review_window_days",
    "withdrawal_after_months",
    "required_signoffs",
    "is_default",
)


@transaction.atomic
def save_policy(*, policy: ReviewPolicy, actor=None, at: datetime) -> int:
    """Validate and save ``policy``, recompute the due dates of every article under it, and
    audit what changed. Returns the number of articles recomputed. Raises ValidationError."""
    policy.full_clean()
    before = ReviewPolicy.objects.filter(pk=policy.pk).values(*AUDITED_FIELDS).first() or {}
    policy.save()
    changes = [
        f"{field}: {before.get(field)} → {getattr(policy, field)}"
        for field in AUDITED_FIELDS
        if before.get(field) != getattr(policy, field)
    ]
    if changes:
        record_event(
            action=AuditAction.POLICY_CHANGED,
            at=at,
            actor=actor,
            detail=f"{policy.name}: " + "; ".join(changes),
        )
    return refresh_review_dates(states=ArticleReview.objects.filter(policy=policy))


def start_review_state(article, policy: ReviewPolicy | None = None) -> ArticleReview:
    """The review state of a new article: never reviewed, under ``policy`` (default: the
    default policy). Idempotent: an article that has one keeps it."""
    state, _ = ArticleReview.objects.get_or_create(
        article=article, defaults={"policy": policy or ReviewPolicy.objects.default()}
    )
    return state


@transaction.atomic
def set_article_policy(*, article, policy: ReviewPolicy, actor=None, at: datetime) -> bool:
    """Put ``article`` under ``policy``, recompute its due dates and audit the change.
    Returns whether it changed."""
    state = ArticleReview.objects.select_for_update().select_related("policy").get(article=article)
    if state.policy_id == policy.pk:
        return False
    before, state.policy = state.policy, policy
    state.save(update_fields=["policy"])
    refresh_review_dates(states=ArticleReview.objects.filter(pk=state.pk))
    record_event(
        action=AuditAction.POLICY_CHANGED,
        at=at,
        actor=actor,
        article=article,
        detail=f"Review policy: {before.name} → {policy.name}",
    )
    return True
