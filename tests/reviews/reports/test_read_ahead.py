"""Reading a streamed export one batch ahead: every record once and in order, errors reach
the reader, and the helper thread ends before the generator does, however it ends."""

import threading

import pytest
from django.utils import timezone

from reviews.reports.read_ahead import read_ahead
from reviews.reports.review_status import review_status_rows
from reviews.reports.review_status_filter import ReviewStatusFilter
from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory


class ListCursor:
    """A cursor over a list of records, as far as ``read_ahead`` uses one (``fetchmany``)."""

    def __init__(self, records, *, fail_after: int | None = None):
        self.records, self.fail_after, self.fetched = list(records), fail_after, 0

    def fetchmany(self, size):
        if self.fail_after is not None and self.fetched >= self.fail_after:
            raise RuntimeError("the connection dropped")
        batch = self.records[self.fetched : self.fetched + size]
        self.fetched += len(batch)
        return batch


def _helpers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "read-ahead"]


def test_every_record_comes_once_and_in_order():
    records = [(n, f"row {n}") for n in range(1003)]
    assert list(read_ahead(ListCursor(records), 10)) == records
    assert list(read_ahead(ListCursor([]), 10)) == []
    assert _helpers() == []


def test_an_error_while_fetching_reaches_the_reader():
    rows = read_ahead(ListCursor(range(100), fail_after=20), 10)
    assert [next(rows) for _ in range(20)] == list(range(20))
    with pytest.raises(RuntimeError, match="dropped"):
        next(rows)
    assert _helpers() == []


def test_a_reader_that_stops_early_ends_the_helper_first():
    cursor = ListCursor(range(100_000))
    rows = read_ahead(cursor, 100)
    assert next(rows) == 0
    rows.close()  # a client that went away
    assert _helpers() == []
    fetched = cursor.fetched
    assert fetched <= 400  # at most the batch in hand, two queued and one being handed over
    assert cursor.fetched == fetched  # nothing fetched after the close


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_download_closed_early_leaves_the_connection_usable():
    from django.db import connection

    for _ in range(30):
        ArticleFactory()  # never reviewed: flagged
    today = timezone.localdate()
    scan_reviews(as_of=today)
    articles = ReviewStatusFilter({}, as_of=today).qs
    rows = review_status_rows(articles=articles, as_of=today, stream=True)
    assert next(rows).flags == ["never_reviewed"]
    rows.close()
    assert _helpers() == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert len(list(review_status_rows(articles=articles, as_of=today, stream=True))) == 30
