"""The dashboard's precomputed figures, refreshed after each full scan."""

from datetime import date, datetime

from django.db import transaction

from reviews import selectors
from reviews.models import ReportSnapshot


def compute_report_figures(*, as_of: date) -> dict:
    """The dashboard's aging buckets, forecast, and most overdue topics and reviewers, as
    JSON-ready data. Five aggregate queries over the whole library."""
    return {
        "aging": selectors.overdue_aging(as_of=as_of),
        "forecast": [(month.isoformat(), n) for month, n in selectors.review_forecast(as_of=as_of)],
        "topics": selectors.most_overdue_topics(),
        "reviewers": selectors.most_overdue_reviewers(),
        "flag_counts": selectors.open_flag_counts(),
    }


@transaction.atomic
def refresh_report_snapshot(*, as_of: date, at: datetime) -> ReportSnapshot:
    """Compute the figures and store them as the day's snapshot (replacing an earlier one)."""
    snapshot, _ = ReportSnapshot.objects.update_or_create(
        day=as_of, defaults={"computed_at": at, "figures": compute_report_figures(as_of=as_of)}
    )
    return snapshot
