"""Which articles scans and reports cover."""

from django.db.models import (
    Q,
    QuerySet,
)

from cms.models import Article


def in_scope_q(prefix: str = "") -> Q:
    """The one rule for which articles scans and reports cover, as a filter (``prefix`` reaches
    articles through a relation, e.g. "article__"): published ones, those with an edit awaiting
    review, and drafts that were once published. Never-published drafts, archived articles and
    withdrawn ones are out of scope."""
    in_scope = Q(
        **{f"{prefix}status__in": [Article.Status.PUBLISHED, Article.Status.AWAITING_REVIEW]}
    ) | Q(**{f"{prefix}status": Article.Status.DRAFT, f"{prefix}live_revision__isnull": False})
    return in_scope & Q(**{f"{prefix}withdrawn_at__isnull": True})


def articles_in_scope() -> QuerySet[Article]:
    """Articles in scope for scans and reports (``in_scope_q``)."""
    return Article.objects.filter(in_scope_q())
