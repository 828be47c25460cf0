"""What the review domain adds to content pages, through cms.hooks."""

from django.template.loader import render_to_string

from cms import hooks
from reviews.due import article_review_status
from reviews.selectors import article_signers


@hooks.register(hooks.PUBLIC_ARTICLE_CONTEXT)
def review_footer(article) -> dict:
    """The public footer credits the people who signed the live text, never those merely
    assigned."""
    return {"signers": article_signers(article)}


@hooks.register(hooks.ARTICLE_BADGES)
def review_status_badge(article, as_of) -> str:
    """The review-status badge on content lists (the same tag as the review screens)."""
    return render_to_string(
        "reviews/_review_status.html", {"status": article_review_status(article, as_of=as_of)}
    )
