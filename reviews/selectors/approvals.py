"""Reads of the approval rule: which signatures count in a review cycle, when they complete a
review, and which revision was last approved. ``reviews.services.signoff`` writes signatures
through them."""

from django.db.models import Count

from cms.models import Article, HistoricalArticle
from reviews.choices import APPROVING_MEANINGS
from reviews.models import SignOff


def completes_review(*, signoffs, policy) -> bool:
    """The one rule for a complete review: among ``signoffs`` (of one revision, in one cycle),
    at least the policy's number of distinct reviewers approved. ``last_approved_revision_id``
    applies the same rule per revision in SQL."""
    approving = signoffs.filter(meaning__in=APPROVING_MEANINGS)
    return approving.values("reviewer").distinct().count() >= policy.required_signoffs


def current_cycle_signoffs(*, article: Article, revision: HistoricalArticle):
    """Signatures of every meaning on ``revision`` in its current review cycle: for a revision
    that is not live, all of them; for the live one, those after its last completed review."""
    signoffs = SignOff.objects.filter(revision=revision)
    if revision == article.live_revision and article.review.last_reviewed_on is not None:
        signoffs = signoffs.filter(signed_at__date__gt=article.review.last_reviewed_on)
    return signoffs


def last_approved_revision_id(article: Article, *, before: int | None = None) -> int | None:
    """The newest revision of ``article`` with as many distinct approving signers as its
    policy requires (only revisions older than the revision id ``before``, if given), or None."""
    signoffs = SignOff.objects.filter(article=article, meaning__in=APPROVING_MEANINGS)
    if before is not None:
        signoffs = signoffs.filter(revision_id__lt=before)
    return (
        signoffs.values("revision")
        .annotate(signers=Count("reviewer", distinct=True))
        .filter(signers__gte=article.review.policy.required_signoffs)
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    )


def wrote_since_approval(*, article: Article, revision: HistoricalArticle, user) -> bool:
    """True if ``user`` wrote any revision after the last approved one, up to ``revision``,
    whatever its change kind: approving it would approve their own words."""
    revisions = article.history.filter(history_id__lte=revision.history_id, history_user=user)
    approved = last_approved_revision_id(article)
    if approved is not None:
        revisions = revisions.filter(history_id__gt=approved)
    return revisions.exists()
