"""Review policies: changing one, and which one an article follows."""

from datetime import datetime

from django.db import transaction

from reviews.choices import AuditAction
from reviews.models import ArticleReview, ReviewPolicy
from reviews.services.audit import record_event
from reviews.services.queueing import enqueue_on_commit
from reviews.services.review_dates import refresh_review_dates
from reviews.tasks import refresh_policy_dates_task

AUDITED_FIELDS = (
    "name",
    "interval_months",
    "review_window_days",
    "withdrawal_after_months",
    "required_signoffs",
    "is_default",
    "reminder_days_before",
    "remind_on_due_day",
    "overdue_reminder_every_days",
    "target_reading_grade",
    "flag_label_changes",
    "flag_class_ii_recalls",
)


# The fields the articles' dates are computed from.
DATE_FIELDS = ("interval_months", "review_window_days", "withdrawal_after_months")


@transaction.atomic
def save_policy(
    *, policy: ReviewPolicy, actor=None, at: datetime, in_background: bool = False
) -> int | None:
    """Validate and save ``policy``, audit what changed, and recompute the due dates of every
    article under it. Raises ValidationError.

    Recomputing touches every article under the policy (about 20 s for 333,000). A web request
    passes ``in_background``: when the dates must change, the policy records the request and
    ``reviews.tasks.refresh_policy_dates_task`` is queued once this transaction commits; returns
    None. Otherwise (commands, tests) it is done here; returns the number of articles whose
    dates changed. Either way the audit event is written in this transaction.
    """
    policy.full_clean()
    before = ReviewPolicy.objects.filter(pk=policy.pk).values(*AUDITED_FIELDS).first() or {}
    if before:  # the refresh state is the task's to write: never save a stale copy over it
        policy.save(update_fields=AUDITED_FIELDS)
    else:
        policy.save()
    changed = [field for field in AUDITED_FIELDS if before.get(field) != getattr(policy, field)]
    if changed:
        record_event(
            action=AuditAction.POLICY_CHANGED,
            at=at,
            actor=actor,
            detail=f"{policy.name}: "
            + "; ".join(f"{f}: {before.get(f)} → {getattr(policy, f)}" for f in changed),
        )
    if not in_background:
        refreshed = refresh_review_dates(states=ArticleReview.objects.filter(policy=policy))
        _mark_refreshed(policy, at=at, changed=refreshed)
        return refreshed
    if before and set(changed) & set(DATE_FIELDS):
        ReviewPolicy.objects.filter(pk=policy.pk).update(dates_refresh_requested_at=at)
        policy.dates_refresh_requested_at = at
        enqueue_on_commit(refresh_policy_dates_task, policy_id=policy.pk)
    return None


def _mark_refreshed(policy: ReviewPolicy, *, at: datetime, changed: int) -> None:
    state = {
        "dates_refresh_requested_at": at,
        "dates_refresh_started_at": at,
        "dates_refreshed_at": at,
        "dates_refresh_changed": changed,
    }
    ReviewPolicy.objects.filter(pk=policy.pk).update(**state)
    for field, value in state.items():
        setattr(policy, field, value)


def start_review_state(article, policy: ReviewPolicy | None = None) -> ArticleReview:
    """The review state of a new article: never reviewed, under ``policy`` (default:
    ``starting_policy``). Idempotent: an article that has one keeps it."""
    policy = policy or starting_policy(translation_of_id=article.translation_of_id)
    state, _ = ArticleReview.objects.get_or_create(article=article, defaults={"policy": policy})
    return state


def starting_policy(*, translation_of_id: int | None) -> ReviewPolicy:
    """The policy a new article follows unless one is chosen: a translation's source's (it is
    reviewed on the same cycle as the sheet it translates), else the default policy."""
    if translation_of_id is not None:
        source = ArticleReview.objects.filter(article_id=translation_of_id)
        if policy := ReviewPolicy.objects.filter(pk__in=source.values("policy")).first():
            return policy
    return ReviewPolicy.objects.default()


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
