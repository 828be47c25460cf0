"""The dashboard's figures: aging, forecast, trend, most overdue."""

from datetime import date, timedelta

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth

from cms.models import Article
from reviews.choices import FlagKind
from reviews.due import add_months
from reviews.models import (
    ArticleReviewer,
    FlagSnapshot,
    ReviewFlag,
)
from reviews.selectors.scope import articles_in_scope

AGING_BUCKETS = [(1, 30), (31, 90), (91, 180), (181, 365), (366, None)]


def _open_overdue() -> QuerySet[Article]:
    return Article.objects.filter(
        Exists(
            ReviewFlag.objects.filter(
                article=OuterRef("pk"), kind=FlagKind.OVERDUE, resolved_on__isnull=True
            )
        )
    )


def overdue_aging(*, as_of: date) -> list[tuple[str, int]]:
    """Articles with an open overdue flag, counted in buckets of days overdue. One query."""
    labels, buckets = [], {}
    for index, (low, high) in enumerate(AGING_BUCKETS):
        condition = Q(review__next_review_due__lte=as_of - timedelta(days=low))
        if high is not None:
            condition &= Q(review__next_review_due__gte=as_of - timedelta(days=high))
        labels.append(f"{low}–{high}" if high else f"over {low - 1}")
        buckets[f"bucket{index}"] = Count("pk", filter=condition)
    counts = _open_overdue().aggregate(**buckets)
    return [(label, counts[f"bucket{index}"]) for index, label in enumerate(labels)]


def review_forecast(*, as_of: date, months: int = 12) -> list[tuple[date, int]]:
    """Reviews still to fall due (on or after ``as_of``) in each of the next ``months``
    calendar months, this one first. One query."""
    first = as_of.replace(day=1)
    starts = [add_months(first, n) for n in range(months)]
    counts = dict(
        articles_in_scope()
        .filter(
            review__next_review_due__gte=as_of,
            review__next_review_due__lt=add_months(first, months),
        )
        .annotate(month=TruncMonth("review__next_review_due"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    counts = {(m.date() if hasattr(m, "date") else m): n for m, n in counts.items()}
    return [(start, counts.get(start, 0)) for start in starts]


def flag_trend(*, as_of: date, days: int = 90, kind: str = FlagKind.OVERDUE) -> list[tuple]:
    """(day, open flags of ``kind``) from the daily scan snapshots of the last ``days`` days."""
    return list(
        FlagSnapshot.objects.filter(kind=kind, day__gt=as_of - timedelta(days=days), day__lte=as_of)
        .order_by("day")
        .values_list("day", "count")
    )


def most_overdue_topics(*, limit: int = 10) -> list[tuple[str, int]]:
    """Topics with the most articles carrying an open overdue flag. One query."""
    return list(
        _open_overdue()
        .exclude(topic__isnull=True)
        .order_by()
        .values_list("topic__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "topic__name")[:limit]
    )


def most_overdue_reviewers(*, limit: int = 10) -> list[tuple[str, int]]:
    """Reviewers assigned to the most articles carrying an open overdue flag. One query."""
    rows = (
        ArticleReviewer.objects.filter(article__in=_open_overdue().values("pk"))
        .order_by()
        .values_list("reviewer__full_name", "reviewer__credentials")
        .annotate(n=Count("pk"))
        .order_by("-n", "reviewer__full_name")[:limit]
    )
    return [(f"{name} {credentials}".strip(), n) for name, credentials, n in rows]
