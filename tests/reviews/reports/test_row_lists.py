"""The per-article lists of a review-status row: a whole-library read names the assigned
reviewers from their ids (``AssignedNames``), in one query however many there are."""

from datetime import date

import pytest

from reviews.reports.review_status import review_status_rows
from reviews.reports.review_status_filter import ReviewStatusFilter
from reviews.reports.row_lists import AssignedNames
from reviews.selectors import ReviewerName
from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory, ReviewerFactory, assign, sign

pytestmark = pytest.mark.django_db


def ids(*pairs) -> str:
    """The ``reviewer_ids`` text of (position, reviewer id) pairs, as SQL joins it."""
    return "\x1e".join(f"{position}\x1f{pk}" for position, pk in pairs)


def test_assigned_names_lists_the_reviewers_in_their_positions():
    ann = ReviewerFactory(full_name="Ann Lee", credentials="MD")
    bo = ReviewerFactory(full_name="Bo Ek", credentials="RN")
    names = AssignedNames()
    assert names(ids((2, ann.pk), (1, bo.pk))) == [
        ReviewerName("Bo Ek", "RN"),
        ReviewerName("Ann Lee", "MD"),
    ]
    assert names(None) == [] and names("") == []


def test_a_reviewer_added_after_the_names_were_read_is_named_too(django_assert_num_queries):
    names = AssignedNames()
    late = ReviewerFactory(full_name="Cy Late", credentials="PharmD")
    with django_assert_num_queries(1):
        assert names(ids((1, late.pk))) == [ReviewerName("Cy Late", "PharmD")]
        assert names(ids((1, late.pk))) == [ReviewerName("Cy Late", "PharmD")]  # read once


def test_a_reviewer_who_no_longer_exists_is_left_out():
    ann = ReviewerFactory(full_name="Ann Lee", credentials="MD")
    names = AssignedNames()
    assert names(ids((1, ann.pk), (2, ann.pk + 1000))) == [ReviewerName("Ann Lee", "MD")]


def _library(first: int, last: int) -> None:
    for n in range(first, last):
        article = ArticleFactory(slug=f"sheet-{n}", title=f"Sheet {n}")
        sign(article, on=date(2020, 1, 1))
        assign(article, ReviewerFactory(), ReviewerFactory())


def _streamed_queries(django_assert_max_num_queries) -> int:
    scan_reviews(as_of=date.today())
    articles = ReviewStatusFilter({}, as_of=date.today()).qs
    with django_assert_max_num_queries(10) as captured:
        rows = list(review_status_rows(articles=articles, as_of=date.today(), stream=True))
    assert all(len(row.assigned) == 2 for row in rows)
    return len(captured)


def test_a_streamed_read_names_its_reviewers_in_the_same_queries_however_many(
    django_assert_max_num_queries,
):
    _library(0, 2)
    few = _streamed_queries(django_assert_max_num_queries)
    _library(2, 12)
    assert _streamed_queries(django_assert_max_num_queries) == few
