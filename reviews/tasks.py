"""Celery tasks: thin wrappers over the same services the management commands call.

Every task is idempotent (acks_late is safe): the scan is one transaction over derived state,
and digests are keyed by (recipient, kind, day). Database and broker errors are retried with
exponential backoff.
"""

from celery import shared_task
from django.db import DatabaseError, InterfaceError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from reviews.services.dates import parse_as_of
from reviews.services.digests import build_digests, send_notification_emails
from reviews.services.report_snapshot import refresh_report_snapshot
from reviews.services.scan import scan_reviews

RETRY = {
    "autoretry_for": (DatabaseError, InterfaceError, BrokerError, ConnectionError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
    "acks_late": True,
}


def _as_of(value: str | None):
    return parse_as_of(value) or timezone.localdate()


@shared_task(name="reviews.tasks.scan_reviews_task", **RETRY)
def scan_reviews_task(as_of: str | None = None, article_ids: list[int] | None = None) -> dict:
    """The review scan, for every article or only ``article_ids``."""
    day = _as_of(as_of)
    result = scan_reviews(as_of=day, article_ids=article_ids)
    if article_ids is None:
        refresh_report_snapshot(as_of=day, at=timezone.now())
    return {"as_of": str(result.as_of), "open": dict(result.open)}


@shared_task(name="reviews.tasks.send_digests_task", **RETRY)
def send_digests_task(as_of: str | None = None) -> dict:
    """Build today's digests and escalations, then email the ones not emailed yet."""
    day, now = _as_of(as_of), timezone.now()
    created = build_digests(as_of=day, at=now)
    sent = send_notification_emails(day=day, at=now)
    return {"day": str(day), "created": created, "emailed": sent}
