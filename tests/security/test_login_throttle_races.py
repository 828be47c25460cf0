"""Parallel guesses, in real threads with their own PostgreSQL connections: the throttle lets
no more passwords be checked than its limit, at the login form and at signing."""

import threading
import time

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.utils import timezone

from cms.models import LoginFailure
from cms.services.editing import latest_revision
from cms.services.login_throttle import PER_USERNAME
from reviews.choices import SignOffMeaning
from reviews.services.signoff import SignOffRefused, SignOffThrottled, revision_hash, sign_off
from tests.factories import ArticleFactory, assign, editor_account, reviewer_account
from tests.integration.threads import run_together

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
PARALLEL = 30


@pytest.fixture
def password_checks(monkeypatch):
    """Counts the passwords checked, each made slow enough that every thread is in flight
    before the first one finishes."""
    checked = []
    lock = threading.Lock()
    verify = MD5PasswordHasher.verify

    def slow_verify(self, password, encoded):
        with lock:
            checked.append(password)
        time.sleep(0.3)
        return verify(self, password, encoded)

    monkeypatch.setattr(MD5PasswordHasher, "verify", slow_verify)
    return checked


def test_parallel_wrong_passwords_at_login_check_no_more_than_the_limit(password_checks):
    editor_account()

    def guess(n):
        return lambda: Client(REMOTE_ADDR=f"192.0.2.{n}").post(
            "/accounts/login/", {"username": "ellen", "password": f"guess{n}"}
        )

    responses = run_together(*(guess(n) for n in range(PARALLEL)))

    statuses = sorted(getattr(r, "status_code", r) for r in responses)
    assert statuses == [200] * PER_USERNAME + [429] * (PARALLEL - PER_USERNAME)
    assert len(password_checks) == PER_USERNAME
    assert LoginFailure.objects.filter(username="ellen").count() == PER_USERNAME


def test_parallel_wrong_passwords_at_signing_check_no_more_than_the_limit(password_checks):
    # One article each, so that no article's row lock puts the guesses in a queue.
    articles = ArticleFactory.create_batch(PARALLEL)
    maya = reviewer_account("Maya Patel", "MD")
    for article in articles:
        assign(article, maya)

    def guess(n):
        revision = latest_revision(articles[n])
        return lambda: sign_off(
            article_id=articles[n].pk,
            user=maya.user,
            revision_id=revision.history_id,
            content_sha256=revision_hash(revision),
            meaning=SignOffMeaning.REVIEWED_NO_CHANGE,
            comment="",
            password=f"guess{n}",
            at=timezone.now(),
            address=f"192.0.2.{n}",
            sources_checked=True,
        )

    results = run_together(*(guess(n) for n in range(PARALLEL)))

    assert all(isinstance(r, SignOffRefused) for r in results), results
    throttled = [r for r in results if isinstance(r, SignOffThrottled)]
    assert len(throttled) == PARALLEL - PER_USERNAME
    assert len(password_checks) == PER_USERNAME
