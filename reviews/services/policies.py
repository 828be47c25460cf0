"""Changing review policies."""

from django.db import transaction

from reviews.models import ReviewPolicy
from reviews.services.review_dates import refresh_review_dates


@transaction.atomic
def save_policy(*, policy: ReviewPolicy) -> int:
    """Validate and save ``policy``, then recompute the due dates of every article under it.

    Returns the number of articles whose dates were recomputed. Raises ValidationError.
    """
    policy.full_clean()
    policy.save()
    return refresh_review_dates(articles=policy.articles.all())
