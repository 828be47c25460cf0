"""Read queries of the review domain that more than one caller needs."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Aggregate,
    CharField,
    Count,
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

from cms.models import Article, HistoricalArticle
from reviews.choices import APPROVING_MEANINGS, FlagKind, SignOffMeaning
from reviews.due import days_overdue
from reviews.models import ArticleReviewer, AuditEvent, Reviewer, ReviewFlag, SignOff

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


def review_queue(*, reviewer: Reviewer, as_of: date) -> QuerySet[Article]:
    """The articles assigned to ``reviewer`` that await their signature, most urgent first
    (never reviewed, then by due date): edits awaiting review, and live articles that were never
    reviewed or whose review window has opened. Articles they already signed in this cycle, and
    ones returned to the editor, are left out."""
    newest = (
        HistoricalArticle.objects.filter(id=OuterRef("pk"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    signed_newest = SignOff.objects.filter(
        reviewer=reviewer,
        revision_id=OuterRef("newest_revision_id"),
        meaning__in=[*APPROVING_MEANINGS, SignOffMeaning.CHANGES_REQUESTED],
    ).filter(
        Q(article__last_reviewed_on__isnull=True)
        | Q(signed_at__date__gt=OuterRef("last_reviewed_on"))
        | ~Q(revision_id=OuterRef("live_revision_id"))
    )
    return (
        Article.objects.filter(reviewer_links__reviewer=reviewer)
        .filter(
            Q(status=Article.Status.AWAITING_REVIEW)
            | Q(
                status=Article.Status.PUBLISHED,
                last_reviewed_on__isnull=True,
                live_revision__isnull=False,
            )
            | Q(status=Article.Status.PUBLISHED, review_window_opens_on__lte=as_of)
        )
        .annotate(newest_revision_id=Subquery(newest))
        .exclude(Exists(signed_newest))
        .select_related("topic", "review_policy")
        .order_by(F("next_review_due").asc(nulls_first=True), "title")
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


def changes_requested(article: Article) -> SignOff | None:
    """The request for changes on the article's newest revision, if there is one."""
    return (
        SignOff.objects.filter(article=article, meaning=SignOffMeaning.CHANGES_REQUESTED)
        .order_by("-signed_at")
        .first()
    )


def audit_trail(
    *, action: str = "", change_kind: str = "", actor: str = "", article: str = "",
    since: date | None = None, until: date | None = None,
) -> QuerySet[AuditEvent]:  # fmt: skip
    """The site's audit trail, newest first, filtered."""
    events = AuditEvent.objects.select_related("actor", "article", "revision")
    if action:
        events = events.filter(action=action)
    if change_kind:
        events = events.filter(change_kind=change_kind)
    if actor:
        events = events.filter(actor__username__iexact=actor.strip())
    if article:
        events = events.filter(
            Q(article__slug__iexact=article.strip()) | Q(article__title__icontains=article.strip())
        )
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-id")
