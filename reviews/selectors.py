"""Read queries of the review domain that more than one caller needs."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cms.models import Article, HistoricalArticle
from reviews.choices import APPROVING_MEANINGS, REVIEWER_MEANINGS, FlagKind, SignOffMeaning
from reviews.due import add_months
from reviews.models import (
    ArticleReviewer,
    AuditEvent,
    FlagSnapshot,
    Reviewer,
    ReviewFlag,
    SignOff,
)


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
    if len(eligible) == 1:  # the usual case, and a million times in a full export
        return [ReviewerName(name=eligible[0].name, credentials=eligible[0].credentials)]
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


def reviewers_named(name: str) -> QuerySet[Reviewer]:
    """Reviewers whose name, or name and credentials as printed ("Maya Patel MD"), is ``name``
    (any case). Each way of splitting ``name`` at a space into a name and credentials is one
    exact, case-insensitive comparison, which an index on UPPER(full_name) answers."""
    wanted = name.strip()
    match = Q(full_name__iexact=wanted)
    for space in (i for i, char in enumerate(wanted) if char == " "):
        match |= Q(full_name__iexact=wanted[:space], credentials__iexact=wanted[space + 1 :])
    return Reviewer.objects.filter(match)


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
