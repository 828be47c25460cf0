"""Open flags."""

from django.db.models import (
    Count,
    QuerySet,
)

from reviews.choices import FlagKind
from reviews.models import (
    ReviewFlag,
)


def open_flag_counts() -> dict[str, int]:
    """Open flags per kind, every kind present (zero when none). One query."""
    counts = dict(
        ReviewFlag.objects.filter(resolved_on__isnull=True)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    return {kind: counts.get(kind, 0) for kind in FlagKind.values}


def open_flags_of(kind: str) -> QuerySet[ReviewFlag]:
    """Open flags of one kind with their articles, oldest first."""
    return (
        ReviewFlag.objects.filter(kind=kind, resolved_on__isnull=True)
        .select_related("article")
        .order_by("raised_on", "pk")
    )
