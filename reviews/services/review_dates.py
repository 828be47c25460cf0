"""Keeps each article's stored review dates equal to what ``reviews.due`` says."""

from django.db import transaction
from django.db.models import Case, DateField, QuerySet, Value, When

from cms.models import Article
from reviews.due import review_dates
from reviews.models import ReviewPolicy

_CHUNK = 500


@transaction.atomic
def refresh_review_dates(*, articles: QuerySet | None = None) -> int:
    """Recompute next review due, window opening and withdrawal dates from each article's
    last review and policy, for ``articles`` (default: all). Returns the rows updated.

    Set-based: one UPDATE per policy per 500 distinct review dates, whatever the article count.
    Writes no history (these fields are derived, not content).
    """
    articles = Article.objects.all() if articles is None else articles
    updated = articles.filter(last_reviewed_on__isnull=True).update(
        next_review_due=None, review_window_opens_on=None, withdrawal_due_on=None
    )
    for policy in ReviewPolicy.objects.all():
        in_policy = articles.filter(review_policy=policy, last_reviewed_on__isnull=False)
        days = sorted(in_policy.values_list("last_reviewed_on", flat=True).distinct())
        for start in range(0, len(days), _CHUNK):
            chunk = days[start : start + _CHUNK]
            computed = {
                day: review_dates(
                    day,
                    interval_months=policy.interval_months,
                    window_days=policy.review_window_days,
                    withdrawal_after_months=policy.withdrawal_after_months,
                )
                for day in chunk
            }
            updated += in_policy.filter(last_reviewed_on__in=chunk).update(
                next_review_due=_case(computed, "next_review_due"),
                review_window_opens_on=_case(computed, "window_opens_on"),
                withdrawal_due_on=_case(computed, "withdrawal_on"),
            )
    return updated


def _case(computed: dict, attribute: str) -> Case:
    return Case(
        *(
            When(last_reviewed_on=day, then=Value(getattr(dates, attribute)))
            for day, dates in computed.items()
        ),
        output_field=DateField(),
    )
