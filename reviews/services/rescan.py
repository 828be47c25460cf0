"""Re-deriving articles' flags after a change that can raise or settle one, rather than leave
the flags stale until the daily scan: an edit, a change of who is assigned, or a change in
whether an assigned reviewer can sign (their profile, their account)."""

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from reviews.models import ArticleReviewer
from reviews.services.queueing import send_quietly
from reviews.tasks import scan_reviews_task


def rescan_on_commit(article_ids: Iterable[int]) -> None:
    """Queue a scan of ``article_ids`` for when the transaction commits (at once outside one);
    nothing for none. Every call in one transaction joins one task, so a bulk action queues one
    scan, and a broker that is down costs it one timeout, not one per article (the articles of
    a savepoint rolled back inside it are scanned too, which changes nothing). A lost task
    loses no change: the daily scan catches up."""
    ids = set(article_ids)
    if not ids:
        return
    if not connection.in_atomic_block:
        _send(ids)
        return
    _pending_scan().ids |= ids


_collected = threading.local()


@contextmanager
def one_scan_for_all() -> Iterator[None]:
    """The rescans queued inside go as one task when the block ends, however it ends: for a
    bulk action, whose changes commit one article at a time (one round trip to the broker, not
    one per article)."""
    if getattr(_collected, "ids", None) is not None:  # already collecting
        yield
        return
    _collected.ids = set()
    try:
        yield
    finally:
        ids, _collected.ids = _collected.ids, None
        if ids:
            send_quietly(scan_reviews_task, article_ids=sorted(ids))


def _send(ids: set[int]) -> None:
    collecting = getattr(_collected, "ids", None)
    if collecting is not None:
        collecting |= ids
    else:
        send_quietly(scan_reviews_task, article_ids=sorted(ids))


def rescan_reviewers_articles_on_commit(reviewer_ids: Iterable[int]) -> None:
    """``rescan_on_commit`` the articles these reviewers are assigned to (whether they can sign
    changed, so whether anyone can sign those may have)."""
    reviewer_ids = list(reviewer_ids)
    if reviewer_ids:
        links = ArticleReviewer.objects.filter(reviewer_id__in=reviewer_ids)
        rescan_on_commit(links.values_list("article_id", flat=True))


class _PendingScan:
    """The scan this transaction queues when it commits, kept in Django's own list of commit
    callbacks: a rollback drops it with them."""

    def __init__(self):
        self.ids: set[int] = set()

    def __call__(self) -> None:
        _send(self.ids)


def _pending_scan() -> _PendingScan:
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _PendingScan):
            return callback
    pending = _PendingScan()
    transaction.on_commit(pending)
    return pending
