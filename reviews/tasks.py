"""Celery tasks: thin wrappers over the job functions the management commands call too
(``reviews.jobs``).

Every task is idempotent (acks_late is safe): the scan is one transaction over derived state,
and digests are keyed by (recipient, kind, day). Database and broker errors are retried with
exponential backoff. Every task runs under the soft and hard time limits of the settings
(``CELERY_TASK_SOFT_TIME_LIMIT``, ``CELERY_TASK_TIME_LIMIT``); a job stopped at the soft limit
rolls back its transaction or releases its email claim.
"""

import logging
from datetime import date

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, InterfaceError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from reviews.jobs import (
    refresh_policy_dates,
    rematch_drug_mentions,
    run_review_scan,
    send_daily_digests,
)

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (DatabaseError, InterfaceError, BrokerError, ConnectionError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
    "acks_late": True,
}


class EmailsUnsent(Exception):
    """Some of the day's emails did not go out: try again later the same day."""


def _day(as_of: str | None) -> date:
    """Task arguments travel as JSON: ``as_of`` is ``YYYY-MM-DD``, or None for today."""
    return date.fromisoformat(as_of) if as_of else timezone.localdate()


@shared_task(name="reviews.tasks.scan_reviews_task", **RETRY)
def scan_reviews_task(as_of: str | None = None, article_ids: list[int] | None = None) -> dict:
    """The review scan, for every article (then the report snapshot) or only ``article_ids``."""
    result = run_review_scan(as_of=_day(as_of), at=timezone.now(), article_ids=article_ids)
    return {"as_of": str(result.as_of), "open": dict(result.open)}


@shared_task(
    name="reviews.tasks.send_digests_task",
    **{
        **RETRY,
        # A failed send and a run cut short by the soft limit are tried again, with backoff.
        "autoretry_for": (*RETRY["autoretry_for"], EmailsUnsent, SoftTimeLimitExceeded),
    },
)
def send_digests_task(as_of: str | None = None) -> dict:
    """Build today's digests and escalations, then email the ones not emailed yet; retried
    while some of them are not out."""
    run = send_daily_digests(as_of=_day(as_of), at=timezone.now())
    if run.unsent:
        raise EmailsUnsent(f"{run.unsent} of the day's emails are not out yet")
    return {
        "day": str(run.day),
        "created": run.created,
        "emailed": run.emailed,
        "reminders": run.reminders,
        "reminders_emailed": run.reminders_emailed,
    }


@shared_task(name="reviews.tasks.refresh_policy_dates_task", **RETRY)
def refresh_policy_dates_task(policy_id: int) -> dict:
    """Recompute the review dates of the articles under a changed policy (queued by the admin)."""
    changed = refresh_policy_dates(policy_id=policy_id, at=timezone.now())
    return {"policy_id": policy_id, "changed": changed}


@shared_task(name="reviews.tasks.rematch_drug_mentions_task", bind=True, **RETRY)
def rematch_drug_mentions_task(self) -> dict:
    """Match every article against the drug vocabulary again, reporting progress after each
    chunk in the worker's log and as the task's state (PROGRESS, with done and total; kept
    where a result backend is configured)."""

    def progress(done: int, total: int) -> None:
        logger.info("Drug mentions: %s of %s articles matched", done, total)
        if self.request.id:  # not when called directly
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    result = rematch_drug_mentions(progress=progress)
    return {"articles": result.articles, "added": result.added, "removed": result.removed}
