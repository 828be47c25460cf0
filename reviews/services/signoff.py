"""Sign-offs: electronic signatures bound to one exact revision, and what follows from them.

``sign_off`` is the reviewer's path (check, then act): it re-authenticates, checks the
reviewer may sign this article, checks that the revision shown is still the newest, records the
signature and, once the policy's required number of distinct assigned reviewers approved the
revision, makes it live and restarts the review cycle. ``record_sign_off`` writes imported
signatures, which need no password.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cms.body import clinical_content_hash
from cms.models import Article, ChangeKind, HistoricalArticle
from cms.services.revisions import publish_revision
from reviews.choices import APPROVING_MEANINGS, AuditAction, FlagKind, SignOffMeaning
from reviews.models import ArticleReviewer, Reviewer, ReviewFlag, SignOff
from reviews.services.audit import record_event
from reviews.services.review_dates import refresh_review_dates

REVIEWER_MEANINGS = (
    SignOffMeaning.APPROVED,
    SignOffMeaning.REVIEWED_NO_CHANGE,
    SignOffMeaning.CHANGES_REQUESTED,
)
# Flags a completed review settles at once (the scan would resolve them on its next run).
RESOLVED_BY_REVIEW = (
    FlagKind.OVERDUE,
    FlagKind.DUE_SOON,
    FlagKind.NEVER_REVIEWED,
    FlagKind.CHANGED_SINCE_REVIEW,
    FlagKind.WITHDRAWAL_CANDIDATE,
    FlagKind.TRIGGER,
)


class SignOffRefused(Exception):
    """The signature was not recorded; the message says why, in words for the reviewer."""


@dataclass(frozen=True)
class SignOffResult:
    signoff: SignOff
    review_complete: bool  # the revision has all its required sign-offs
    went_live: bool  # ...and it was not live before


def revision_hash(revision: HistoricalArticle) -> str:
    """The SHA-256 a signature on ``revision`` vouches for."""
    return clinical_content_hash(title=revision.title, body=revision.body)


def check_can_sign(*, article: Article, user, as_of: date) -> Reviewer:
    """The reviewer ``user`` signs as, or SignOffRefused saying why they may not sign."""
    if not user.has_perm("reviews.add_signoff"):
        raise SignOffRefused("Only medical reviewers can sign off articles.")
    reviewer = Reviewer.objects.filter(user=user).first()
    if reviewer is None:
        raise SignOffRefused("Your account is not linked to a reviewer profile.")
    if not reviewer.active:
        raise SignOffRefused("Your reviewer profile is inactive.")
    if reviewer.credentials_expire_on and reviewer.credentials_expire_on < as_of:
        raise SignOffRefused(
            f"Your credentials expired on {reviewer.credentials_expire_on:%Y-%m-%d}; "
            "a content admin must record their renewal before you can sign."
        )
    if not ArticleReviewer.objects.filter(article=article, reviewer=reviewer).exists():
        raise SignOffRefused("You are not assigned to review this article.")
    if article.status == Article.Status.ARCHIVED:
        raise SignOffRefused("This article is archived.")
    return reviewer


@transaction.atomic
def sign_off(
    *,
    article_id: int,
    user,
    revision_id: int,
    content_sha256: str,
    meaning: str,
    comment: str,
    password: str,
    at: datetime,
) -> SignOffResult:
    """Sign the revision ``revision_id`` of an article as ``user``, with ``meaning``.

    The article row is locked for the whole transaction, so concurrent signatures and edits
    are serialised. Raises SignOffRefused (nothing saved) when: the user may not sign; the
    password is wrong; the revision is no longer the newest or its content hash differs (the
    article changed after the page was opened); the user wrote a substantive change in it; a
    request for changes has no comment; "no changes needed" is claimed for unapproved changes.
    """
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("review_policy", "live_revision")
        .get(pk=article_id)
    )
    as_of = timezone.localdate(at)
    reviewer = check_can_sign(article=article, user=user, as_of=as_of)
    if not password or not user.check_password(password):
        raise SignOffRefused("That password is not correct. Your signature was not recorded.")
    if meaning not in REVIEWER_MEANINGS:
        raise SignOffRefused("Choose what your signature means.")

    latest = article.history.order_by("-history_id").first()
    if (
        latest is None
        or latest.history_id != revision_id
        or revision_hash(latest) != content_sha256
    ):
        raise SignOffRefused(
            "The article changed after you opened it, so your signature was not recorded. "
            "Review the current revision and sign again."
        )
    if _wrote_substantive_change(article, user):
        raise SignOffRefused(
            "You wrote a substantive change in this revision; another reviewer must sign it."
        )
    if meaning == SignOffMeaning.CHANGES_REQUESTED and not comment.strip():
        raise SignOffRefused("Say what needs to change: a request for changes needs a comment.")
    if meaning == SignOffMeaning.REVIEWED_NO_CHANGE and latest != article.live_revision:
        raise SignOffRefused(
            "This revision has changes that are not yet approved: approve them, or request changes."
        )
    if _cycle_signoffs(article, latest).filter(reviewer=reviewer).exists():
        raise SignOffRefused("You have already signed this revision.")

    signoff = _write_signoff(
        article=article,
        revision=latest,
        reviewer=reviewer,
        meaning=meaning,
        signed_at=at,
        comment=comment.strip(),
    )
    if meaning == SignOffMeaning.CHANGES_REQUESTED:
        Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
        record_event(
            action=AuditAction.CHANGES_REQUESTED,
            at=at,
            actor=user,
            article=article,
            revision=latest,
            detail=comment.strip(),
        )
        return SignOffResult(signoff=signoff, review_complete=False, went_live=False)

    record_event(
        action=AuditAction.SIGNED,
        at=at,
        actor=user,
        article=article,
        revision=latest,
        detail=f"{signoff.printed_signature}: {signoff.get_meaning_display()}",
    )
    signers = (
        _cycle_signoffs(article, latest)
        .filter(reviewer__article_links__article=article)
        .values("reviewer")
        .distinct()
        .count()
    )
    if signers < article.review_policy.required_signoffs:
        return SignOffResult(signoff=signoff, review_complete=False, went_live=False)
    went_live = latest != article.live_revision
    if went_live:
        publish_revision(article=article, revision=latest, at=at, actor=user)
    _complete_review(article, reviewed_on=as_of)
    return SignOffResult(signoff=signoff, review_complete=True, went_live=went_live)


@transaction.atomic
def record_sign_off(
    *,
    revision: HistoricalArticle,
    reviewer: Reviewer,
    meaning: SignOffMeaning,
    signed_at: datetime,
    comment: str = "",
) -> SignOff:
    """Append a signature without re-authentication (imported sheets, demo data).

    Once the revision has as many distinct signers as the policy requires, the article's last
    review moves to the signing day (never backwards) and its due dates are recomputed.
    """
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("review_policy")
        .get(pk=revision.id)
    )
    signoff = _write_signoff(
        article=article,
        revision=revision,
        reviewer=reviewer,
        meaning=meaning,
        signed_at=signed_at,
        comment=comment,
    )
    signers = (
        SignOff.objects.filter(revision=revision, meaning__in=APPROVING_MEANINGS)
        .values("reviewer")
        .distinct()
        .count()
    )
    reviewed_on = timezone.localdate(signed_at)
    if signers >= article.review_policy.required_signoffs and (
        article.last_reviewed_on is None or reviewed_on > article.last_reviewed_on
    ):
        Article.objects.filter(pk=article.pk).update(last_reviewed_on=reviewed_on)
        refresh_review_dates(articles=Article.objects.filter(pk=article.pk))
    return signoff


def _write_signoff(*, article, revision, reviewer, meaning, signed_at, comment) -> SignOff:
    return SignOff.objects.create(
        article=article,
        revision=revision,
        content_sha256=revision_hash(revision),
        reviewer=reviewer,
        reviewer_name=reviewer.full_name,
        reviewer_credentials=reviewer.credentials,
        signed_at=signed_at,
        meaning=meaning,
        comment=comment,
    )


def _cycle_signoffs(article: Article, revision: HistoricalArticle):
    """Approving signatures on ``revision`` in the current review cycle: for a new revision,
    all of them; for the live one, those after its last completed review."""
    signoffs = SignOff.objects.filter(revision=revision, meaning__in=APPROVING_MEANINGS)
    if revision == article.live_revision and article.last_reviewed_on is not None:
        signoffs = signoffs.filter(signed_at__date__gt=article.last_reviewed_on)
    return signoffs


def _wrote_substantive_change(article: Article, user) -> bool:
    """True if ``user`` wrote a substantive revision not yet approved (after the live one)."""
    revisions = article.history.filter(change_kind=ChangeKind.SUBSTANTIVE, history_user=user)
    if article.live_revision_id:
        revisions = revisions.filter(history_id__gt=article.live_revision_id)
    return revisions.exists()


def _complete_review(article: Article, *, reviewed_on: date) -> None:
    Article.objects.filter(pk=article.pk).update(last_reviewed_on=reviewed_on)
    refresh_review_dates(articles=Article.objects.filter(pk=article.pk))
    ReviewFlag.objects.filter(
        Q(kind__in=RESOLVED_BY_REVIEW), article=article, resolved_on__isnull=True
    ).update(resolved_on=reviewed_on)
