"""Re-deriving articles' flags after a change that can raise or settle one, rather than leave
the flags stale until the daily scan: an edit, a change of who is assigned, or a change in
whether an assigned reviewer can sign (their profile, their account)."""

from collections.abc import Iterable

from reviews.models import ArticleReviewer
from reviews.services.queueing import enqueue_on_commit
from reviews.tasks import scan_reviews_task


def rescan_on_commit(article_ids: Iterable[int]) -> None:
    """Queue a scan of ``article_ids`` (one task) for when the transaction commits; nothing for
    none. A broker that is down loses the task, not the change: the daily scan catches up."""
    ids = sorted(set(article_ids))
    if ids:
        enqueue_on_commit(scan_reviews_task, article_ids=ids)


def rescan_reviewers_articles_on_commit(reviewer_ids: Iterable[int]) -> None:
    """``rescan_on_commit`` the articles these reviewers are assigned to (whether they can sign
    changed, so whether anyone can sign those may have)."""
    reviewer_ids = list(reviewer_ids)
    if reviewer_ids:
        links = ArticleReviewer.objects.filter(reviewer_id__in=reviewer_ids)
        rescan_on_commit(links.values_list("article_id", flat=True))
