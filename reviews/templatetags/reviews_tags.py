"""Template helpers of the review domain."""

from datetime import date

from django import template

from reviews.choices import FlagKind
from reviews.due import article_review_status

register = template.Library()


@register.inclusion_tag("reviews/_review_status.html")
def review_status_badge(article, as_of: date) -> dict:
    """The article's review status on ``as_of`` as a badge (reviews.due.review_status)."""
    return {"status": article_review_status(article, as_of=as_of)}


@register.filter
def flag_label(kind: str) -> str:
    """A flag kind's human label ("never_reviewed" → "Never reviewed"); an unknown code as it is."""
    try:
        return FlagKind(kind).label
    except ValueError:
        return kind
