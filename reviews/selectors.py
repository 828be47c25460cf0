"""Read queries of the review domain that more than one caller needs."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
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
from django.db.models.functions import Cast, Concat, TruncMonth
from django.utils import timezone

from cms.models import Article, HistoricalArticle
from reviews.choices import APPROVING_MEANINGS, REVIEWER_MEANINGS, FlagKind, SignOffMeaning
from reviews.due import add_months, days_overdue
from reviews.models import (
    ArticleReviewer,
    AuditEvent,
    FlagSnapshot,
    Reviewer,
    ReviewFlag,
    SignOff,
)

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

    @property
    def printed(self) -> str:
        return f"{self.name} {self.credentials}".strip()


@dataclass(frozen=True)
class Signature:
    """One approving signature, as much of it as crediting its signer needs."""

    id: int
    revision_id: int
    reviewer_id: int
    name: str  # as printed at signing
    credentials: str


def credited_signers(
    *, live_revision_id: int | None, signatures: Iterable[Signature]
) -> list[ReviewerName]:
    """The people the public is told reviewed the live text: the approving signers of the
    newest signed revision at or before the live one (the live revision itself once it is
    signed; before that, the approved revision its editorial changes build on). Each person
    once, in the order they first signed, as printed on their latest signature there.
    Assigned reviewers who never signed are not credited."""
    if live_revision_id is None:
        return []
    eligible = [s for s in signatures if s.revision_id <= live_revision_id]
    if not eligible:
        return []
    signed_revision = max(s.revision_id for s in eligible)
    latest: dict[int, Signature] = {}
    for signature in sorted(eligible, key=lambda s: s.id):
        if signature.revision_id == signed_revision:
            latest[signature.reviewer_id] = signature
    return [ReviewerName(name=s.name, credentials=s.credentials) for s in latest.values()]


def approving_signatures() -> QuerySet[SignOff]:
    """Signatures that count towards a review (approved, no changes needed, imported)."""
    return SignOff.objects.filter(meaning__in=APPROVING_MEANINGS)


def signatures_of(signoffs: Iterable[SignOff]) -> list[Signature]:
    """``Signature`` rows of approving sign-off objects (for ``credited_signers``)."""
    return [
        Signature(s.id, s.revision_id, s.reviewer_id, s.reviewer_name, s.reviewer_credentials)
        for s in signoffs
        if s.meaning in APPROVING_MEANINGS
    ]


def article_signers(article: Article) -> list[ReviewerName]:
    """``credited_signers`` of one article (two small queries at most)."""
    if article.live_revision_id is None:
        return []
    signoffs = approving_signatures().filter(
        article=article, revision_id__lte=article.live_revision_id
    )
    return credited_signers(
        live_revision_id=article.live_revision_id, signatures=signatures_of(signoffs)
    )


@dataclass(frozen=True)
class OverdueRow:
    slug: str
    title: str
    topic: str
    policy: str
    signed_by: list[ReviewerName]  # who signed the live text (credited_signers)
    assigned: list[ReviewerName]  # who is assigned to review it next
    last_reviewed: date | None
    next_review_due: date | None
    days_overdue: int | None
    flags: list[str]


# Sort keys of the overdue report -> ORDER BY. "days_overdue" (most overdue first, never
# reviewed on top) is the default.
OVERDUE_SORTS = {
    "days_overdue": (F("next_review_due").asc(nulls_first=True), "title", "pk"),
    "-days_overdue": (F("next_review_due").desc(nulls_last=True), "title", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "topic": (F("topic__name").asc(nulls_last=True), "title", "pk"),
    "-topic": (F("topic__name").desc(nulls_last=True), "title", "pk"),
    "policy": ("review_policy__name", "title", "pk"),
    "-policy": ("-review_policy__name", "title", "pk"),
    "last_reviewed": (F("last_reviewed_on").asc(nulls_first=True), "title", "pk"),
    "-last_reviewed": (F("last_reviewed_on").desc(nulls_last=True), "title", "pk"),
    "next_review_due": (F("next_review_due").asc(nulls_first=True), "title", "pk"),
    "-next_review_due": (F("next_review_due").desc(nulls_last=True), "title", "pk"),
}


def overdue_rows(
    *, as_of: date, chunk_size: int = 2000, sort: str = "days_overdue", **filters
) -> Iterator[OverdueRow]:
    """Every article with at least one open flag, most overdue first (never reviewed first of
    all), streamed in constant memory: the whole report, for exports. ``filters`` are those of
    ``overdue_queryset``.

    One query. Unlike ``overdue_queryset`` (one page, correlated subqueries that stop early),
    it joins the articles to the open flags and reviewers aggregated once per article, which is
    several times faster over the whole library. A test checks that both give the same rows.
    """
    order = _EXPORT_ORDER.get(sort, _EXPORT_ORDER["days_overdue"])
    inner = (
        _overdue_articles(as_of=as_of, **filters)
        .annotate(topic_name=F("topic__name"), policy_name=F("review_policy__name"))
        .order_by()
        .values(
            "id", "slug", "title", "topic_name", "policy_name", "last_reviewed_on",
            "next_review_due", "live_revision_id",
        )
    )  # fmt: skip
    inner_sql, inner_params = inner.query.sql_with_params()
    concat = "STRING_AGG" if connection.vendor == "postgresql" else "GROUP_CONCAT"
    sql = f"""
        SELECT b.slug, b.title, b.topic_name, b.policy_name, b.last_reviewed_on,
               b.next_review_due, f.joined, r.joined, b.live_revision_id, sg.joined
        FROM ({inner_sql}) b
        JOIN (
            SELECT article_id, {concat}(kind, %s) AS joined
            FROM reviews_reviewflag WHERE resolved_on IS NULL GROUP BY article_id
        ) f ON f.article_id = b.id
        LEFT JOIN (
            SELECT ar.article_id,
                   {concat}(CAST(ar.position AS TEXT) || %s || rv.full_name || %s
                            || rv.credentials, %s) AS joined
            FROM reviews_articlereviewer ar
            JOIN reviews_reviewer rv ON rv.id = ar.reviewer_id
            GROUP BY ar.article_id
        ) r ON r.article_id = b.id
        LEFT JOIN (
            SELECT article_id,
                   {concat}(CAST(id AS TEXT) || %s || CAST(revision_id AS TEXT) || %s
                            || CAST(reviewer_id AS TEXT) || %s || reviewer_name || %s
                            || reviewer_credentials, %s) AS joined
            FROM reviews_signoff WHERE meaning IN ({", ".join(["%s"] * len(APPROVING_MEANINGS))})
            GROUP BY article_id
        ) sg ON sg.article_id = b.id
        ORDER BY {order}
    """
    params = [
        *inner_params, _RECORD, _FIELD, _FIELD, _RECORD, _FIELD, _FIELD, _FIELD, _FIELD, _RECORD,
        *APPROVING_MEANINGS,
    ]  # fmt: skip
    date_field = Article._meta.get_field("next_review_due")
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk_size):
            for (
                slug, title, topic, policy, reviewed, due, flags, reviewers, live, signers,
            ) in batch:  # fmt: skip
                yield overdue_row(
                    {
                        "slug": slug,
                        "title": title,
                        "topic__name": topic,
                        "review_policy__name": policy,
                        "last_reviewed_on": date_field.to_python(reviewed),
                        "next_review_due": date_field.to_python(due),
                        "open_flags": flags,
                        "reviewer_list": reviewers,
                        "live_revision_id": live,
                        "signature_list": signers,
                    },
                    as_of=as_of,
                )


# The export's ORDER BY, over the columns of its inner query: the same orders as OVERDUE_SORTS.
_EXPORT_ORDER = {
    "days_overdue": "b.next_review_due ASC NULLS FIRST, b.title, b.id",
    "-days_overdue": "b.next_review_due DESC NULLS LAST, b.title, b.id",
    "title": "b.title, b.id",
    "-title": "b.title DESC, b.id DESC",
    "topic": "b.topic_name ASC NULLS LAST, b.title, b.id",
    "-topic": "b.topic_name DESC NULLS LAST, b.title, b.id",
    "policy": "b.policy_name, b.title, b.id",
    "-policy": "b.policy_name DESC, b.title, b.id",
    "last_reviewed": "b.last_reviewed_on ASC NULLS FIRST, b.title, b.id",
    "-last_reviewed": "b.last_reviewed_on DESC NULLS LAST, b.title, b.id",
    "next_review_due": "b.next_review_due ASC NULLS FIRST, b.title, b.id",
    "-next_review_due": "b.next_review_due DESC NULLS LAST, b.title, b.id",
}


def overdue_row(values: dict, *, as_of: date) -> OverdueRow:
    """One ``overdue_queryset`` row as an OverdueRow."""
    due = values["next_review_due"]
    return OverdueRow(
        slug=values["slug"],
        title=values["title"],
        topic=values["topic__name"] or "",
        policy=values["review_policy__name"],
        signed_by=credited_signers(
            live_revision_id=values["live_revision_id"],
            signatures=_signatures(values["signature_list"]),
        ),
        assigned=_reviewers(values["reviewer_list"]),
        last_reviewed=values["last_reviewed_on"],
        next_review_due=due,
        days_overdue=days_overdue(as_of, due) if due else None,
        flags=sorted(values["open_flags"].split(_RECORD)),
    )


def _overdue_articles(
    *,
    as_of: date | None = None,
    flags: list[str] | None = None,
    topic: str | None = None,
    policy: str | None = None,
    reviewer: str | None = None,
    editor: str | None = None,
    min_days: int | None = None,
    max_days: int | None = None,
) -> QuerySet[Article]:
    """The flagged articles the overdue report lists, filtered as ``overdue_queryset`` says."""
    open_flags = ReviewFlag.objects.filter(article=OuterRef("pk"), resolved_on__isnull=True)
    if flags:
        open_flags = open_flags.filter(kind__in=flags)
    queryset = Article.objects.filter(Exists(open_flags))
    if topic:
        queryset = queryset.filter(topic__name__iexact=topic.strip())
    if policy:
        queryset = queryset.filter(review_policy__name__iexact=policy.strip())
    if editor:
        queryset = queryset.filter(owner__username__iexact=editor.strip())
    if reviewer:
        queryset = queryset.filter(
            Exists(
                ArticleReviewer.objects.filter(
                    article=OuterRef("pk"), reviewer__in=reviewers_named(reviewer)
                )
            )
        )
    if (min_days is not None or max_days is not None) and as_of is None:
        raise ValueError("A days-overdue range needs as_of.")
    if min_days is not None:
        due_by = Q(next_review_due__lte=as_of - timedelta(days=min_days))
        queryset = queryset.filter(
            due_by | Q(next_review_due__isnull=True) if min_days <= 0 else due_by
        )
    if max_days is not None:
        due_from = Q(next_review_due__gte=as_of - timedelta(days=max_days))
        queryset = queryset.filter(
            due_from | Q(next_review_due__isnull=True) if max_days >= 0 else due_from
        )
    return queryset


def overdue_queryset(*, sort: str = "days_overdue", **filters) -> QuerySet:
    """The overdue report's rows as ``values()`` dicts, filtered and sorted (one page's worth:
    correlated subqueries that stop early).

    ``filters`` are ``as_of``, ``flags``, ``topic``, ``policy``, ``reviewer``, ``editor``,
    ``min_days`` and ``max_days``: ``topic``, ``policy`` and ``reviewer`` match names
    case-insensitively (a reviewer with or without credentials), ``editor`` the owner's
    username; ``min_days``/``max_days`` bound the days overdue on ``as_of``, a never-reviewed
    article counting as due now (0 days).
    """
    queryset = _overdue_articles(**filters)
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
    field = Value(_FIELD)
    signature_list = (
        approving_signatures()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(
            joined=_JoinedText(
                Concat(
                    Cast("id", CharField()), field, Cast("revision_id", CharField()), field,
                    Cast("reviewer_id", CharField()), field, "reviewer_name", field,
                    "reviewer_credentials", output_field=TextField(),
                ),
                _RECORD,
            )
        )
        .values("joined")
    )  # fmt: skip
    return (
        queryset.annotate(
            open_flags=Subquery(flag_list, output_field=TextField()),
            reviewer_list=Subquery(reviewer_list, output_field=TextField()),
            signature_list=Subquery(signature_list, output_field=TextField()),
        )
        .order_by(*OVERDUE_SORTS.get(sort, OVERDUE_SORTS["days_overdue"]))
        .values(
            "slug",
            "title",
            "topic__name",
            "review_policy__name",
            "last_reviewed_on",
            "next_review_due",
            "open_flags",
            "reviewer_list",
            "live_revision_id",
            "signature_list",
        )
    )


def reviewers_named(name: str) -> QuerySet[Reviewer]:
    """Reviewers whose name, or name and credentials as printed, is ``name`` (any case)."""
    wanted = name.strip()
    return Reviewer.objects.annotate(
        printed=Concat("full_name", Value(" "), "credentials", output_field=CharField())
    ).filter(Q(full_name__iexact=wanted) | Q(printed__iexact=wanted))


def _signatures(joined: str | None) -> list[Signature]:
    if not joined:
        return []
    signatures = []
    for record in joined.split(_RECORD):
        signoff_id, revision_id, reviewer_id, name, credentials = record.split(_FIELD)
        signatures.append(
            Signature(int(signoff_id), int(revision_id), int(reviewer_id), name, credentials)
        )
    return signatures


def _reviewers(joined: str | None) -> list[ReviewerName]:
    if not joined:
        return []
    records = sorted(
        (record.split(_FIELD) for record in joined.split(_RECORD)), key=lambda r: int(r[0])
    )
    return [ReviewerName(name=name, credentials=credentials) for _, name, credentials in records]


def in_scope_q(prefix: str = "") -> Q:
    """The one rule for which articles scans and reports cover, as a filter (``prefix`` reaches
    articles through a relation, e.g. "article__"): published ones, those with an edit awaiting
    review, and drafts that were once published. Never-published drafts and archived articles
    are out of scope."""
    return Q(
        **{f"{prefix}status__in": [Article.Status.PUBLISHED, Article.Status.AWAITING_REVIEW]}
    ) | Q(**{f"{prefix}status": Article.Status.DRAFT, f"{prefix}live_revision__isnull": False})


def articles_in_scope() -> QuerySet[Article]:
    """Articles in scope for scans and reports (``in_scope_q``)."""
    return Article.objects.filter(in_scope_q())


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


# -- Reports ---------------------------------------------------------------------------------

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
        condition = Q(next_review_due__lte=as_of - timedelta(days=low))
        if high is not None:
            condition &= Q(next_review_due__gte=as_of - timedelta(days=high))
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
        .filter(next_review_due__gte=as_of, next_review_due__lt=add_months(first, months))
        .annotate(month=TruncMonth("next_review_due"))
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


@dataclass(frozen=True)
class Workload:
    assigned: int = 0
    awaiting: int = 0
    overdue: int = 0
    recent_signoffs: int = 0


def reviewer_workload(*, reviewer_ids: list[int], as_of: date) -> dict[int, Workload]:
    """For each reviewer (one page of them): assigned articles, articles awaiting review,
    overdue articles, and sign-offs in the last 90 days. Two grouped queries."""
    in_scope = in_scope_q(prefix="article__")
    counts = {
        row["reviewer_id"]: row
        for row in ArticleReviewer.objects.filter(reviewer_id__in=reviewer_ids)
        .order_by()
        .values("reviewer_id")
        .annotate(
            assigned=Count("pk"),
            awaiting=Count("pk", filter=Q(article__status=Article.Status.AWAITING_REVIEW)),
            overdue=Count("pk", filter=in_scope & Q(article__next_review_due__lt=as_of)),
        )
    }
    since = timezone.make_aware(datetime.combine(as_of - timedelta(days=90), time.min))
    signed = dict(
        SignOff.objects.filter(
            reviewer_id__in=reviewer_ids,
            signed_at__gte=since,
            meaning__in=REVIEWER_MEANINGS,
        )
        .order_by()
        .values_list("reviewer_id")
        .annotate(n=Count("pk"))
    )
    return {
        pk: Workload(
            assigned=counts.get(pk, {}).get("assigned", 0),
            awaiting=counts.get(pk, {}).get("awaiting", 0),
            overdue=counts.get(pk, {}).get("overdue", 0),
            recent_signoffs=signed.get(pk, 0),
        )
        for pk in reviewer_ids
    }


def editorial_revisions() -> QuerySet[HistoricalArticle]:
    """Editorial revisions (saved without review), newest first, each annotated with the id of
    the last signed revision before it (``signed_base_id``, None if there is none): the diff
    against it shows everything that changed since a reviewer last approved the words, not only
    this edit."""
    signed_base = (
        HistoricalArticle.objects.filter(
            id=OuterRef("id"),
            history_id__lt=OuterRef("history_id"),
            signoffs__meaning__in=APPROVING_MEANINGS,
        )
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    return (
        HistoricalArticle.objects.filter(change_kind="editorial")
        .select_related("history_user")
        .annotate(signed_base_id=Subquery(signed_base))
        .order_by("-history_date", "-history_id")
    )


def open_flags_of(kind: str) -> QuerySet[ReviewFlag]:
    """Open flags of one kind with their articles, oldest first."""
    return (
        ReviewFlag.objects.filter(kind=kind, resolved_on__isnull=True)
        .select_related("article")
        .order_by("raised_on", "pk")
    )
