from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import ArticleReview
from reviews.services.policies import save_policy
from reviews.services.review_dates import refresh_review_dates
from tests.factories import ArticleFactory, at_nine, policy, sign

pytestmark = pytest.mark.django_db


def test_changing_a_policy_recomputes_the_due_dates_of_its_articles():
    article = ArticleFactory(review_policy=policy("Standard"))
    other = ArticleFactory(review_policy=policy("Evergreen"))
    sign(article, on=date(2024, 2, 29))
    sign(other, on=date(2024, 2, 29))

    standard = policy("Standard")
    standard.interval_months = 12
    standard.review_window_days = 30
    assert save_policy(policy=standard, at=at_nine(date(2026, 1, 1))) == 1

    article.refresh_from_db()
    other.refresh_from_db()
    assert article.review.next_review_due == date(2025, 2, 28)
    assert article.review.review_window_opens_on == date(2025, 1, 29)
    assert other.review.next_review_due == date(2027, 2, 28)


def test_never_reviewed_articles_have_no_due_dates():
    article = ArticleFactory()
    ArticleReview.objects.filter(article=article).update(next_review_due=date(2020, 1, 1))
    refresh_review_dates()
    article.refresh_from_db()
    assert article.review.next_review_due is None


def _queries_to_refresh() -> int:
    with CaptureQueriesContext(connection) as queries:
        refresh_review_dates()
    return len(queries)


def test_refresh_issues_the_same_queries_for_ten_or_sixty_articles():
    for day in (1, 2):
        sign(ArticleFactory(), on=date(2024, 1, day))
    for _ in range(10):
        ArticleFactory()
    few = _queries_to_refresh()
    for day in (1, 2):
        for _ in range(25):
            sign(ArticleFactory(), on=date(2024, 1, day))
    assert _queries_to_refresh() == few


def test_a_pass_writes_only_the_rows_whose_dates_change():
    reviewed = [ArticleFactory() for _ in range(3)]
    for article in reviewed:
        sign(article, on=date(2024, 5, 1))
    ArticleFactory()  # never reviewed: no dates, nothing to write
    assert refresh_review_dates() == 0

    stale = reviewed[1]
    ArticleReview.objects.filter(article=stale).update(withdrawal_due_on=date(2000, 1, 1))
    ArticleReview.objects.filter(article=reviewed[2]).update(next_review_due=None)
    assert refresh_review_dates() == 2
    stale.review.refresh_from_db()
    assert stale.review.withdrawal_due_on == date(2029, 5, 1)
    assert refresh_review_dates() == 0
