from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.choices import FlagKind
from reviews.models import ArticleReview, ReviewFlag
from reviews.services.policies import save_policy
from reviews.services.review_dates import refresh_review_dates
from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory, ReviewFlagFactory, at_nine, policy, sign

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


def test_open_due_soon_flags_carry_the_due_date_through_a_policy_change():
    """``ReviewFlag.due_on`` (the flags' due-order index): the scan writes it when it raises a
    due-soon flag, and a change of dates copies the new date onto open flags only."""
    article = ArticleFactory(review_policy=policy("Standard"))
    sign(article, on=date(2024, 2, 10))  # due 2026-02-10, its window open by 2026-01-20
    scan_reviews(as_of=date(2026, 1, 20))
    flag = ReviewFlag.objects.get(article=article, kind=FlagKind.DUE_SOON)
    assert flag.due_on == date(2026, 2, 10)
    overdue = ArticleFactory(review_policy=policy("Standard"))
    sign(overdue, on=date(2023, 1, 5))
    scan_reviews(as_of=date(2026, 1, 20))
    assert ReviewFlag.objects.get(article=overdue, kind=FlagKind.OVERDUE).due_on is None
    resolved = ReviewFlagFactory(article=overdue, kind=FlagKind.DUE_SOON,
                                 resolved_on=date(2025, 1, 1), due_on=date(2025, 1, 5))  # fmt: skip

    standard = policy("Standard")
    standard.interval_months = 23
    save_policy(policy=standard, at=at_nine(date(2026, 1, 20)))
    flag.refresh_from_db()
    resolved.refresh_from_db()
    assert (
        flag.due_on
        == date(2026, 1, 10)
        == ArticleReview.objects.get(article=article).next_review_due
    )
    assert resolved.due_on == date(2025, 1, 5)  # a resolved flag is history: left alone
