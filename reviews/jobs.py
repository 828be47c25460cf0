"""The scheduled jobs, one function each: the Celery tasks (``reviews.tasks``) and the
management commands (``scan_reviews``, ``send_digests``) both call these, so a job run by hand
does exactly what the beat schedule does. Time is an argument: the caller reads the clock."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import F, Q

from reviews.models import ArticleReview, ReviewPolicy
from reviews.services.digests import (
    build_digests,
    send_notification_emails,
    unsent_notifications,
)
from reviews.services.mentions import RematchResult, rematch_all_articles
from reviews.services.reminders import build_reminders, send_reminder_emails, unsent_reminders
from reviews.services.report_snapshot import refresh_report_snapshot
from reviews.services.review_dates import refresh_review_dates
from reviews.services.scan import ScanResult, scan_reviews


@dataclass(frozen=True)
class DigestRun:
    day: date
    created: int
    emailed: int
    unsent: int = 0  # failed, or still being sent by another worker: the task retries
    reminders: int = 0  # reminders made (reviews.services.reminders)
    reminders_emailed: int = 0


def run_review_scan(
    *, as_of: date, at: datetime, article_ids: list[int] | None = None
) -> ScanResult:
    """The review scan as of ``as_of``; a full scan (no ``article_ids``) then refreshes the
    day's report snapshot. A scoped scan (after an edit) leaves the snapshot alone.

    The scan and the snapshot are two transactions: a snapshot that fails leaves the scan's
    flags, and the next full scan refreshes it. Both are idempotent. A full scan first
    recomputes the dates of any policy whose change has not been (a task lost, cut short)."""
    if article_ids is None:
        for policy_id in policies_with_stale_dates():
            refresh_policy_dates(policy_id=policy_id, at=at)
    result = scan_reviews(as_of=as_of, article_ids=article_ids)
    if article_ids is None:
        refresh_report_snapshot(as_of=as_of, at=at)
    return result


def send_daily_digests(*, as_of: date, at: datetime) -> DigestRun:
    """Build the day's digests, escalations and the policies' reminders, then email those not
    emailed yet. Idempotent: notifications are keyed by (recipient, kind, day), reminders by
    (article, recipient, due date, moment), and each is claimed for email under a lease.
    ``unsent`` counts the day's emails still not out (a failed send, another worker's claim),
    so that the task can try again later the same day."""
    created = build_digests(as_of=as_of, at=at)
    reminders = build_reminders(as_of=as_of, at=at)
    emailed = send_notification_emails(day=as_of, at=at)
    reminders_emailed = send_reminder_emails(day=as_of, at=at)
    return DigestRun(
        day=as_of,
        created=created,
        emailed=emailed,
        unsent=unsent_notifications(day=as_of) + unsent_reminders(day=as_of),
        reminders=reminders,
        reminders_emailed=reminders_emailed,
    )


def policies_with_stale_dates() -> list[int]:
    """Policies changed since their articles' dates were last recomputed."""
    stale = Q(dates_refreshed_at__isnull=True) | Q(
        dates_refreshed_at__lt=F("dates_refresh_requested_at")
    )
    return list(
        ReviewPolicy.objects.filter(stale, dates_refresh_requested_at__isnull=False).values_list(
            "pk", flat=True
        )
    )


def refresh_policy_dates(*, policy_id: int, at: datetime) -> int | None:
    """Recompute the dates of every article under the policy (a changed policy, saved in the
    admin), then record on the policy that its dates are up to date for the change it had when
    this started. Returns the number of articles whose dates changed; None if the policy is
    gone. Idempotent: a second run writes nothing but the policy's state.

    One transaction for the dates; stopped part-way (the soft time limit), it rolls back and the
    policy still shows its dates as not up to date.
    """
    policy = ReviewPolicy.objects.filter(pk=policy_id)
    # Read before the dates are computed: they are computed from this change or a later one.
    requested = policy.values_list("dates_refresh_requested_at", flat=True).first()
    if not policy.update(dates_refresh_started_at=at):
        return None
    try:
        with transaction.atomic():
            changed = refresh_review_dates(states=ArticleReview.objects.filter(policy_id=policy_id))
            if requested is not None:
                policy.filter(
                    Q(dates_refreshed_at__isnull=True) | Q(dates_refreshed_at__lt=requested)
                ).update(dates_refreshed_at=requested, dates_refresh_changed=changed)
    except BaseException:
        policy.filter(dates_refresh_started_at=at).update(dates_refresh_started_at=None)
        raise
    return changed


def rematch_drug_mentions(*, progress=None) -> RematchResult:
    """Match every article's live text against the drug vocabulary again (after an import of
    drug data): the task and ``import_drug_data --rematch`` both call it. Idempotent, one
    transaction per chunk of articles; ``progress(done, total)`` after each chunk."""
    return rematch_all_articles(progress=progress)
