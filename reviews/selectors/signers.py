"""Who signed what: the people credited with the live text."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    QuerySet,
)

from cms.models import Article
from reviews.choices import APPROVING_MEANINGS, SignOffMeaning
from reviews.models import (
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


def changes_requested(article: Article) -> SignOff | None:
    """The request for changes on the article's newest revision, if there is one."""
    return (
        SignOff.objects.filter(article=article, meaning=SignOffMeaning.CHANGES_REQUESTED)
        .order_by("-signed_at")
        .first()
    )
