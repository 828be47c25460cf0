"""Who signed what: the people credited with the live text."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from django.db.models import (
    F,
    OuterRef,
    QuerySet,
    Subquery,
)

from cms.models import Article
from cms.selectors import public_articles
from reviews.choices import APPROVING_MEANINGS, SignOffMeaning
from reviews.models import (
    ArticleReviewer,
    Reviewer,
    SignOff,
)
from reviews.sheets.data import DEFAULT_REVIEWER_ROLE


@dataclass(frozen=True)
class ReviewerName:
    name: str
    credentials: str
    reviewer_id: int | None = field(default=None, compare=False)

    @property
    def printed(self) -> str:
        return f"{self.name} {self.credentials}".strip()


class Signature(NamedTuple):
    """One approving signature, as much of it as crediting its signer needs (a tuple: a full
    export builds one per row)."""

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
    if type(signatures) is list and len(signatures) == 1:  # most rows: no comprehension
        eligible = signatures if signatures[0].revision_id <= live_revision_id else []
    else:
        eligible = [s for s in signatures if s.revision_id <= live_revision_id]
    if not eligible:
        return []
    if len(eligible) == 1:  # the usual case, and a million times in a full export
        only = eligible[0]
        return [_reviewer_name(only.name, only.credentials, only.reviewer_id)]
    signed_revision = max(s.revision_id for s in eligible)
    latest: dict[int, Signature] = {}
    for signature in sorted(eligible, key=lambda s: s.id):
        if signature.revision_id == signed_revision:
            latest[signature.reviewer_id] = signature
    return [ReviewerName(s.name, s.credentials, s.reviewer_id) for s in latest.values()]


@lru_cache(maxsize=4096)
def _reviewer_name(name: str, credentials: str, reviewer_id: int) -> ReviewerName:
    """One (immutable) ``ReviewerName`` per signer as printed, shared by the rows."""
    return ReviewerName(name, credentials, reviewer_id)


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
class CreditedReviewer:
    """A credited signer as the public page prints them."""

    name: str  # as printed at signing
    credentials: str  # as printed at signing
    role: str  # as printed: their assignment's role on the article, else the default
    page_slug: str | None  # their public reviewer page, None when it is not shown

    @property
    def printed(self) -> str:
        return f"{self.name} {self.credentials}".strip()


def credited_reviewers(article: Article) -> list[CreditedReviewer]:
    """``credited_signers`` of one article with the role each is printed under and their
    public page when shown: what the footer prints and the JSON-LD says. One query."""
    if article.live_revision_id is None:
        return []
    role = ArticleReviewer.objects.filter(
        article=OuterRef("article_id"), reviewer=OuterRef("reviewer_id")
    ).values("role")[:1]
    signoffs = list(
        approving_signatures()
        .filter(article=article, revision_id__lte=article.live_revision_id)
        .select_related("reviewer")
        .only(
            "id",
            "revision_id",
            "meaning",
            "reviewer_name",
            "reviewer_credentials",
            "reviewer__slug",
            "reviewer__public_page",
        )  # fmt: skip
        .annotate(assigned_role=Subquery(role))
    )
    by_reviewer = {signoff.reviewer_id: signoff for signoff in signoffs}
    credited = []
    for signer in credited_signers(
        live_revision_id=article.live_revision_id, signatures=signatures_of(signoffs)
    ):
        signoff = by_reviewer[signer.reviewer_id]
        credited.append(
            CreditedReviewer(
                name=signer.name,
                credentials=signer.credentials,
                role=signoff.assigned_role or DEFAULT_REVIEWER_ROLE,
                page_slug=signoff.reviewer.slug if signoff.reviewer.public_page else None,
            )
        )
    return credited


def reviewed_articles(reviewer: Reviewer) -> list[Article]:
    """The public articles whose live text credits ``reviewer`` (``credited_signers``), by
    title, with their topic and live title. Two queries, whatever the number."""
    signed = public_articles().filter(
        signoffs__reviewer=reviewer,
        signoffs__meaning__in=APPROVING_MEANINGS,
        signoffs__revision_id__lte=F("live_revision_id"),
    )
    articles = list(
        signed.distinct()
        .only(
            "slug",
            "live_revision",
            "topic__name",
            "live_revision__title",
            "live_revision__history_id",
        )  # fmt: skip
        .order_by("live_revision__title", "pk")
    )
    signatures = defaultdict(list)
    rows = (
        approving_signatures()
        .filter(article__in=signed.values("pk"), revision_id__lte=F("article__live_revision"))
        .values_list(
            "article_id",
            "id",
            "revision_id",
            "reviewer_id",
            "reviewer_name",
            "reviewer_credentials",
        )  # fmt: skip
    )
    for article_id, *signature in rows:
        signatures[article_id].append(Signature(*signature))
    return [
        article
        for article in articles
        if any(
            signer.reviewer_id == reviewer.pk
            for signer in credited_signers(
                live_revision_id=article.live_revision_id, signatures=signatures[article.pk]
            )
        )
    ]


def changes_requested(article: Article) -> SignOff | None:
    """The request for changes on the article's newest revision, if there is one."""
    return (
        SignOff.objects.filter(article=article, meaning=SignOffMeaning.CHANGES_REQUESTED)
        .order_by("-signed_at")
        .first()
    )
