"""Read queries of the review domain that more than one caller needs."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Aggregate,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Concat

from cms.models import Article
from reviews.due import days_overdue
from reviews.models import ArticleReviewer, Reviewer, ReviewFlag

_FIELD = "\x1f"  # unit separator: between a reviewer's parts
_RECORD = "\x1e"  # record separator: between reviewers or flags


class _JoinedText(Aggregate):
    """Concatenate text with a separator: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    output_field = TextField()

    def __init__(self, expression, separator: str, **extra):
        super().__init__(expression, Value(separator), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


@dataclass(frozen=True)
class ReviewerName:
    name: str
    credentials: str


@dataclass(frozen=True)
class OverdueRow:
    slug: str
    title: str
    topic: str
    policy: str
    reviewers: list[ReviewerName]
    last_reviewed: date | None
    next_review_due: date | None
    days_overdue: int | None
    flags: list[str]


def overdue_rows(
    *,
    as_of: date,
    flags: list[str] | None = None,
    topic: str | None = None,
    reviewer: str | None = None,
    chunk_size: int = 2000,
) -> Iterator[OverdueRow]:
    """Every article with at least one open flag, most overdue first (never reviewed first of
    all), streamed in constant memory.

    ``flags`` keeps articles with an open flag of any of those kinds; ``topic`` matches the topic
    name and ``reviewer`` an assigned reviewer's name (with or without credentials), both
    case-insensitively. One query, whatever the number of rows.
    """
    queryset = overdue_queryset(flags=flags, topic=topic, reviewer=reviewer)
    for values in queryset.iterator(chunk_size=chunk_size):
        due = values["next_review_due"]
        yield OverdueRow(
            slug=values["slug"],
            title=values["title"],
            topic=values["topic__name"] or "",
            policy=values["review_policy__name"],
            reviewers=_reviewers(values["reviewer_list"]),
            last_reviewed=values["last_reviewed_on"],
            next_review_due=due,
            days_overdue=days_overdue(as_of, due) if due else None,
            flags=sorted(values["open_flags"].split(_RECORD)),
        )


def overdue_queryset(
    *, flags: list[str] | None = None, topic: str | None = None, reviewer: str | None = None
) -> QuerySet:
    """The overdue report's rows as ``values()`` dicts, filtered and sorted."""
    open_flags = ReviewFlag.objects.filter(article=OuterRef("pk"), resolved_on__isnull=True)
    if flags:
        open_flags = open_flags.filter(kind__in=flags)
    queryset = Article.objects.filter(Exists(open_flags))
    if topic:
        queryset = queryset.filter(topic__name__iexact=topic.strip())
    if reviewer:
        queryset = queryset.filter(
            Exists(
                ArticleReviewer.objects.filter(
                    article=OuterRef("pk"), reviewer__in=reviewers_named(reviewer)
                )
            )
        )
    flag_list = (
        ReviewFlag.objects.filter(article=OuterRef("pk"), resolved_on__isnull=True)
        .order_by()
        .values("article")
        .annotate(joined=_JoinedText("kind", _RECORD))
        .values("joined")
    )
    reviewer_list = (
        ArticleReviewer.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(
            joined=_JoinedText(
                Concat(
                    Cast("position", CharField()),
                    Value(_FIELD),
                    "reviewer__full_name",
                    Value(_FIELD),
                    "reviewer__credentials",
                    output_field=TextField(),
                ),
                _RECORD,
            )
        )
        .values("joined")
    )
    return (
        queryset.annotate(
            open_flags=Subquery(flag_list, output_field=TextField()),
            reviewer_list=Subquery(reviewer_list, output_field=TextField()),
        )
        .order_by(F("next_review_due").asc(nulls_first=True), "title", "pk")
        .values(
            "slug",
            "title",
            "topic__name",
            "review_policy__name",
            "last_reviewed_on",
            "next_review_due",
            "open_flags",
            "reviewer_list",
        )
    )


def reviewers_named(name: str) -> QuerySet[Reviewer]:
    """Reviewers whose name, or name and credentials as printed, is ``name`` (any case)."""
    wanted = name.strip()
    return Reviewer.objects.annotate(
        printed=Concat("full_name", Value(" "), "credentials", output_field=CharField())
    ).filter(Q(full_name__iexact=wanted) | Q(printed__iexact=wanted))


def _reviewers(joined: str | None) -> list[ReviewerName]:
    if not joined:
        return []
    records = sorted(
        (record.split(_FIELD) for record in joined.split(_RECORD)), key=lambda r: int(r[0])
    )
    return [ReviewerName(name=name, credentials=credentials) for _, name, credentials in records]
