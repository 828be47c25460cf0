"""Recording sign-offs: the signature row and the article's review date."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cms.body import clinical_content_hash
from cms.models import Article, HistoricalArticle
from reviews.choices import SignOffMeaning
from reviews.models import Reviewer, SignOff
from reviews.services.review_dates import refresh_review_dates


@transaction.atomic
def record_sign_off(
    *,
    revision: HistoricalArticle,
    reviewer: Reviewer,
    meaning: SignOffMeaning,
    signed_at: datetime,
    comment: str = "",
) -> SignOff:
    """Append a sign-off bound to ``revision``, with the reviewer's printed name and
    credentials and a SHA-256 of the revision's clinical content.

    Once the revision has as many distinct signers as the policy requires, the article's last
    review moves to the signing day and its due dates are recomputed. This does no
    authentication: callers acting for a person (the sign-off form) check first.
    """
    article = (
        Article.objects.select_for_update().select_related("review_policy").get(pk=revision.id)
    )
    signoff = SignOff.objects.create(
        article=article,
        revision=revision,
        content_sha256=clinical_content_hash(title=revision.title, body=revision.body),
        reviewer=reviewer,
        reviewer_name=reviewer.full_name,
        reviewer_credentials=reviewer.credentials,
        signed_at=signed_at,
        meaning=meaning,
        comment=comment,
    )
    signers = SignOff.objects.filter(revision=revision).values("reviewer").distinct().count()
    reviewed_on = timezone.localdate(signed_at)
    if signers >= article.review_policy.required_signoffs and (
        article.last_reviewed_on is None or reviewed_on > article.last_reviewed_on
    ):
        Article.objects.filter(pk=article.pk).update(last_reviewed_on=reviewed_on)
        refresh_review_dates(articles=Article.objects.filter(pk=article.pk))
    return signoff
