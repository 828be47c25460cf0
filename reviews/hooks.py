"""What the review domain adds to content pages, through cms.hooks."""

from cms import hooks
from reviews.selectors import article_signers


@hooks.register(hooks.PUBLIC_ARTICLE_CONTEXT)
def review_footer(article) -> dict:
    """The public footer credits the people who signed the live text, never those merely
    assigned."""
    return {"signers": article_signers(article)}
