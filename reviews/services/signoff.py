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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cms.body import clinical_content_hash
from cms.models import Article, HistoricalArticle
from cms.services.login_throttle import LoginThrottled, release_attempt, reserve_attempt
from cms.services.revisions import publish_revision
from cms.templatetags.cms_tags import short_date, us_date
from reviews.choices import (
    APPROVING_MEANINGS,
    REVIEWER_MEANINGS,
    SETTLED_BY_REVIEW,
    AuditAction,
    SignOffMeaning,
)
from reviews.models import ArticleReview, ArticleReviewer, Reviewer, ReviewFlag, SignOff
from reviews.selectors.approvals import (
    completes_review,
    current_cycle_signoffs,
    wrote_since_approval,
)
from reviews.services.audit import record_event
from reviews.services.review_dates import refresh_review_dates


class SignOffRefused(Exception):
    """The signature was not recorded; the message says why, in words for the reviewer.

    ``status`` is the HTTP status an API answers with: 400 for a request the rules refuse."""

    status = 400


class SignOffConflict(SignOffRefused):
    """The request no longer fits the article: it changed, or this signature exists already
    (a replayed or repeated request)."""

    status = 409


class SignOffThrottled(SignOffRefused):
    """Too many wrong passwords for this account: signing is locked for a while."""

    status = 429


# The statement an approval makes about the revision's references (issue 17): the reviewer
# ticks it, and it is written at the head of the signature's comment, a signed and chained field.
SOURCES_STATEMENT = "I checked the sources are current."
SOURCES_NOT_CHECKED = (
    f'Tick "{SOURCES_STATEMENT[:-1]}": an approval states it. Your signature was not recorded.'
)

WRONG_PASSWORD = gettext_noop("That password is not correct. Your signature was not recorded.")
THROTTLED = gettext_noop(
    "Too many wrong passwords for this account. For its safety, signing and logging in are "
    "locked for 15 minutes."
)


class _WrongPassword(Exception):
    """Internal: the password was wrong; raised inside the transaction so it rolls back."""


@dataclass(frozen=True)
class SignOffResult:
    signoff: SignOff
    review_complete: bool  # the revision has all its required sign-offs
    went_live: bool  # ...and it was not live before


def revision_hash(revision: HistoricalArticle) -> str:
    """The SHA-256 a signature on ``revision`` vouches for."""
    return clinical_content_hash(
        title=revision.title, body=revision.body, references=revision.references
    )


def check_can_sign(*, article: Article, user, as_of: date) -> Reviewer:
    """The reviewer ``user`` signs as, or SignOffRefused saying why they may not sign."""
    if not user.has_perm("reviews.add_signoff"):
        raise SignOffRefused(_("Only medical reviewers can sign off articles."))
    reviewer = Reviewer.objects.filter(user=user).first()
    if reviewer is None:
        raise SignOffRefused(_("Your account is not linked to a reviewer profile."))
    refusal = reviewer.signing_refusal(as_of, language=article.language)
    if refusal:
        raise SignOffRefused(_("You cannot sign: %(why)s") % {"why": refusal})
    if not ArticleReviewer.objects.filter(article=article, reviewer=reviewer).exists():
        raise SignOffRefused(_("You are not assigned to review this article."))
    if article.status == Article.Status.ARCHIVED:
        raise SignOffRefused(_("This article is archived."))
    return reviewer


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
    address: str = "",
    sources_checked: bool = False,
) -> SignOffResult:
    """Sign the revision ``revision_id`` of an article as ``user``, with ``meaning``.

    An approving meaning needs ``sources_checked`` (the reviewer states "I checked the sources
    are current"); the statement is recorded at the head of the signature's comment.

    Check, then act. Every rule is checked before the password, so a wrong password and a
    refused request cannot be told apart by someone guessing passwords with a stolen session;
    wrong passwords count towards the same per-account throttle as failed logins (``address``
    is the client's, for that throttle). Raises SignOffRefused (nothing saved), or its
    subclasses SignOffConflict (the revision changed, or this signature exists already) and
    SignOffThrottled (too many wrong passwords).

    The article row is locked for the whole transaction, so concurrent signatures and edits
    are serialised.
    """
    try:
        # Committed before the password is checked, so parallel guesses cannot pass the limit;
        # it stays as the failure unless the password was never the reason.
        reservation = reserve_attempt(username=user.get_username(), address=address, at=at)
    except LoginThrottled:
        raise SignOffThrottled(_(THROTTLED)) from None
    try:
        result = _sign_off(
            article_id=article_id,
            user=user,
            revision_id=revision_id,
            content_sha256=content_sha256,
            meaning=meaning,
            comment=comment,
            password=password,
            at=at,
            sources_checked=sources_checked,
        )
    except _WrongPassword:
        raise SignOffRefused(_(WRONG_PASSWORD)) from None
    except BaseException:
        release_attempt(reservation)  # refused before its password was checked
        raise
    release_attempt(reservation)
    return result


@transaction.atomic
def _sign_off(
    *, article_id, user, revision_id, content_sha256, meaning, comment, password, at,
    sources_checked,
) -> SignOffResult:  # fmt: skip
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("review__policy", "live_revision")
        .get(pk=article_id)
    )
    as_of = timezone.localdate(at)
    comment = (comment or "").strip()
    reviewer = check_can_sign(article=article, user=user, as_of=as_of)
    if meaning not in REVIEWER_MEANINGS:
        raise SignOffRefused(_("Choose what your signature means."))
    # Locked too: the row being signed cannot change between this read and the signature.
    latest = article.history.select_for_update().order_by("-history_id").first()
    if (
        latest is None
        or latest.history_id != revision_id
        or revision_hash(latest) != content_sha256
    ):
        raise SignOffConflict(
            "The article changed after you opened it, so your signature was not recorded. "
            "Review the current revision and sign again."
        )
    _check_signature_rules(
        article=article, revision=latest, reviewer=reviewer, user=user, meaning=meaning,
        comment=comment, as_of=as_of,
    )  # fmt: skip
    if meaning in APPROVING_MEANINGS:
        if not sources_checked:
            raise SignOffRefused(SOURCES_NOT_CHECKED)
        comment = "\n".join(filter(None, [SOURCES_STATEMENT, comment]))
    if not password or not user.check_password(password):
        raise _WrongPassword

    signoff = _write_signoff(
        article=article,
        revision=latest,
        reviewer=reviewer,
        meaning=meaning,
        signed_at=at,
        comment=comment,
    )
    if meaning == SignOffMeaning.CHANGES_REQUESTED:
        Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
        record_event(
            action=AuditAction.CHANGES_REQUESTED,
            at=at,
            actor=user,
            article=article,
            revision=latest,
            detail=comment,
        )
        return SignOffResult(signoff=signoff, review_complete=False, went_live=False)

    record_event(
        action=AuditAction.SIGNED,
        at=at,
        actor=user,
        article=article,
        revision=latest,
        detail=f"{signoff.printed_signature}: {signoff.get_meaning_display()}. {SOURCES_STATEMENT}",
    )
    # Only the signatures of reviewers still assigned count towards a review made here.
    cycle = current_cycle_signoffs(article=article, revision=latest).filter(
        reviewer__article_links__article=article
    )
    if not completes_review(signoffs=cycle, policy=article.review.policy):
        return SignOffResult(signoff=signoff, review_complete=False, went_live=False)
    went_live = latest != article.live_revision
    if went_live:
        publish_revision(article=article, revision=latest, at=at, actor=user)
    _complete_review(article, reviewed_on=as_of)
    return SignOffResult(signoff=signoff, review_complete=True, went_live=went_live)


def _check_signature_rules(*, article, revision, reviewer, user, meaning, comment, as_of):
    """The rules on what a signature may say about ``revision``; raises SignOffRefused."""
    if meaning == SignOffMeaning.CHANGES_REQUESTED and not comment:
        raise SignOffRefused(_("Say what needs to change: a request for changes needs a comment."))
    is_live = revision == article.live_revision
    if meaning == SignOffMeaning.REVIEWED_NO_CHANGE and not is_live:
        raise SignOffRefused(
            _(
                "This revision has changes that are not yet approved: approve them, or request "
                "changes."
            )
        )
    approving = meaning in APPROVING_MEANINGS
    completed_today = bool(
        is_live and article.review.last_reviewed_on and as_of <= article.review.last_reviewed_on
    )
    mine = (
        SignOff.objects.filter(
            revision=revision,
            reviewer=reviewer,
            signed_at__date__gte=article.review.last_reviewed_on,
        )
        if completed_today
        else current_cycle_signoffs(article=article, revision=revision).filter(reviewer=reviewer)
    )
    same_kind = (
        Q(meaning__in=APPROVING_MEANINGS)
        if approving
        else Q(meaning=SignOffMeaning.CHANGES_REQUESTED)
    )
    if mine.filter(same_kind).exists():
        raise SignOffConflict(
            _(
                "You have already signed this revision in this review cycle; "
                "your earlier signature stands and nothing new was recorded."
            )
        )
    if approving and completed_today:
        raise SignOffConflict(
            _(
                "This revision's review was completed on %(day)s; a new review cycle cannot "
                "start on the day the last one ended."
            )
            % {"day": short_date(article.review.last_reviewed_on)}
        )
    if approving:
        request = (
            SignOff.objects.filter(revision=revision, meaning=SignOffMeaning.CHANGES_REQUESTED)
            .order_by("signed_at")
            .first()
        )
        if request is not None:
            raise SignOffRefused(
                _(
                    "%(signature)s requested changes to this revision on %(day)s. It cannot be "
                    "approved: only a new revision reopens review."
                )
                % {
                    "signature": request.printed_signature,
                    "day": short_date(timezone.localdate(request.signed_at)),
                }
            )
        if wrote_since_approval(article=article, revision=revision, user=user):
            raise SignOffRefused(
                _(
                    "This revision contains words you wrote since it was last approved, so "
                    "another reviewer must approve it (whatever the change was labelled)."
                )
            )


@transaction.atomic
def record_sign_off(
    *,
    revision: HistoricalArticle,
    reviewer: Reviewer,
    meaning: SignOffMeaning,
    signed_at: datetime,
    source: str,
    recorded_at: datetime,
    comment: str = "",
    actor=None,
) -> SignOff:
    """Append a signature made outside Recheck, without re-authentication (a signature printed
    on an imported sheet; demo data). ``source`` names where it comes from (the file) and is
    written to the audit trail at ``recorded_at`` with the signature.

    Once the revision has as many distinct signers as the policy requires, the article's last
    review moves to the signing day (never backwards) and its due dates are recomputed.
    """
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("review__policy")
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
    record_event(
        action=AuditAction.SIGNATURE_IMPORTED,
        at=recorded_at,
        actor=actor,
        article=article,
        revision=revision,
        detail=(
            f"{signoff.printed_signature}: {signoff.get_meaning_display()}, signed "
            f"{us_date(timezone.localdate(signed_at))}; recorded from {source}"
        ),
    )
    reviewed_on = timezone.localdate(signed_at)
    if completes_review(
        signoffs=SignOff.objects.filter(revision=revision), policy=article.review.policy
    ) and (
        article.review.last_reviewed_on is None or reviewed_on > article.review.last_reviewed_on
    ):
        ArticleReview.objects.filter(article=article).update(last_reviewed_on=reviewed_on)
        refresh_review_dates(states=ArticleReview.objects.filter(article=article))
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


def _complete_review(article: Article, *, reviewed_on: date) -> None:
    ArticleReview.objects.filter(article=article).update(last_reviewed_on=reviewed_on)
    refresh_review_dates(states=ArticleReview.objects.filter(article=article))
    ReviewFlag.objects.filter(
        Q(kind__in=SETTLED_BY_REVIEW), article=article, resolved_on__isnull=True
    ).update(resolved_on=reviewed_on)
