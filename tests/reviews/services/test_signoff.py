from datetime import date

import pytest

from cms.body import clinical_content_hash
from reviews.choices import SignOffMeaning
from reviews.services.signoff import record_sign_off
from tests.factories import ArticleFactory, ReviewerFactory, at_nine, policy, sign

pytestmark = pytest.mark.django_db


def test_a_sign_off_is_bound_to_the_revision_and_its_content():
    article = ArticleFactory()
    reviewer = ReviewerFactory(full_name="Jessica Gotwals", credentials="RN BSN MPH")
    signoff = sign(article, on=date(2023, 10, 1), reviewer=reviewer)

    revision = article.live_revision
    assert signoff.revision == revision
    assert signoff.content_sha256 == clinical_content_hash(title=revision.title, body=revision.body)
    assert len(signoff.content_sha256) == 64
    assert (signoff.reviewer_name, signoff.reviewer_credentials) == (
        "Jessica Gotwals",
        "RN BSN MPH",
    )


def test_the_snapshot_keeps_the_name_printed_at_signing():
    reviewer = ReviewerFactory(full_name="Susan K. Walls", credentials="RN")
    signoff = sign(ArticleFactory(), on=date(2023, 10, 1), reviewer=reviewer)
    reviewer.full_name = "Susan K. Dempsey-Walls"
    reviewer.save()
    signoff.refresh_from_db()
    assert signoff.reviewer_name == "Susan K. Walls"


def test_a_sign_off_moves_the_last_review_and_the_due_dates():
    article = ArticleFactory()
    sign(article, on=date(2024, 2, 29))
    article.refresh_from_db()
    assert article.last_reviewed_on == date(2024, 2, 29)
    assert article.next_review_due == date(2026, 2, 28)
    assert article.review_window_opens_on == date(2025, 12, 30)
    assert article.withdrawal_due_on == date(2029, 2, 28)


def test_an_older_sign_off_does_not_move_the_review_date_back():
    article = ArticleFactory()
    sign(article, on=date(2025, 6, 1))
    sign(article, on=date(2024, 6, 1))
    article.refresh_from_db()
    assert article.last_reviewed_on == date(2025, 6, 1)


def test_the_review_counts_only_once_the_policy_has_its_required_signers():
    strict = policy("Standard")
    strict.required_signoffs = 2
    strict.save()
    article = ArticleFactory(review_policy=strict)

    sign(article, on=date(2025, 6, 1))
    article.refresh_from_db()
    assert article.last_reviewed_on is None

    record_sign_off(
        revision=article.live_revision,
        reviewer=ReviewerFactory(),
        meaning=SignOffMeaning.APPROVED,
        signed_at=at_nine(date(2025, 6, 3)),
        source="tests",
        recorded_at=at_nine(date(2025, 6, 3)),
    )
    article.refresh_from_db()
    assert article.last_reviewed_on == date(2025, 6, 3)
