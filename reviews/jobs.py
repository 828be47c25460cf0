"""The scheduled jobs, one function each: the Celery tasks (``reviews.tasks``) and the
management commands (``scan_reviews``, ``send_digests``) both call these, so a job run by hand
does exactly what the beat schedule does. Time is an argument: the caller reads the clock."""

from dataclasses import dataclass
from datetime import date, datetime

from reviews.services.digests import (
    build_digests,
    send_notification_emails,
    unsent_notifications,
)
from reviews.services.report_snapshot import refresh_report_snapshot
from reviews.services.scan import ScanResult, scan_reviews


@dataclass(frozen=True)
class DigestRun:
    day: date
    created: int
    emailed: int
    unsent: int = 0  # failed, or still being sent by another worker: the task retries


def run_review_scan(
    *, as_of: date, at: datetime, article_ids: list[int] | None = None
) -> ScanResult:
    """The review scan as of ``as_of``; a full scan (no ``article_ids``) then refreshes the
    day's report snapshot. A scoped scan (after an edit) leaves the snapshot alone.

    The scan and the snapshot are two transactions: a snapshot that fails leaves the scan's
    flags, and the next full scan refreshes it. Both are idempotent."""
    result = scan_reviews(as_of=as_of, article_ids=article_ids)
    if article_ids is None:
        refresh_report_snapshot(as_of=as_of, at=at)
    return result


def send_daily_digests(*, as_of: date, at: datetime) -> DigestRun:
    """Build the day's digests and escalations, then email those not emailed yet. Idempotent:
    notifications are keyed by (recipient, kind, day) and each is claimed for email under a
    lease. ``unsent`` counts the day's emails still not out (a failed send, another worker's
    claim), so that the task can try again later the same day."""
    created = build_digests(as_of=as_of, at=at)
    emailed = send_notification_emails(day=as_of, at=at)
    return DigestRun(
        day=as_of, created=created, emailed=emailed, unsent=unsent_notifications(day=as_of)
    )
