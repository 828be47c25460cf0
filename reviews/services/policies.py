"""Changing review policies."""

from datetime import datetime

from django.db import transaction

from reviews.choices import AuditAction
from reviews.models import ReviewPolicy
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
    return refresh_review_dates(articles=policy.articles.all())
