"""Wrong passwords at signing share the login throttle: the same normalised username, the same
reservation before the password is checked (the race is in test_login_throttle_races)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import LoginFailure
from cms.services.editing import latest_revision
from cms.services.login_throttle import PER_USERNAME
from reviews.choices import SignOffMeaning
from reviews.services.signoff import SignOffRefused, SignOffThrottled, revision_hash, sign_off
from tests.factories import PASSWORD, ArticleFactory, assign, reviewer_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya():
    return reviewer_account("Maya Patel", "MD")  # username maya.patel


def sign(maya, *, password=PASSWORD, meaning=SignOffMeaning.REVIEWED_NO_CHANGE, assigned=True):
    article = ArticleFactory()
    if assigned:
        assign(article, maya)
    revision = latest_revision(article)
    return sign_off(
        article_id=article.pk,
        user=maya.user,
        revision_id=revision.history_id,
        content_sha256=revision_hash(revision),
        meaning=meaning,
        comment="",
        password=password,
        at=timezone.now(),
        address="192.0.2.1",
        sources_checked=True,
    )


def login(username, password):
    return Client().post(reverse("login"), {"username": username, "password": password})


@pytest.mark.parametrize("spelling", ["maya.patel ", "\tMaya.Patel", "ｍａｙａ.ｐａｔｅｌ\u3000"])
def test_failed_logins_under_any_spelling_lock_signing(maya, spelling):
    for _ in range(PER_USERNAME):
        assert login(spelling, "wrong").status_code == 200
    with pytest.raises(SignOffThrottled):
        sign(maya)


@pytest.mark.parametrize("spelling", ["MAYA.PATEL", " maya.patel\u3000", "ｍａｙａ.ｐａｔｅｌ"])
def test_wrong_passwords_at_signing_lock_the_login_under_any_spelling(maya, spelling):
    for n in range(PER_USERNAME):
        with pytest.raises(SignOffRefused) as refused:
            sign(maya, password=f"guess{n}")
        assert not isinstance(refused.value, SignOffThrottled)
    assert login(spelling, PASSWORD).status_code == 429


def test_a_signature_or_a_refusal_before_the_password_does_not_count(maya):
    sign(maya)
    for _ in range(PER_USERNAME):
        with pytest.raises(SignOffRefused, match="not assigned"):
            sign(maya, password="wrong", assigned=False)
    assert not LoginFailure.objects.exists()
    sign(maya)  # not locked


def test_each_wrong_password_at_signing_is_kept_once(maya):
    with pytest.raises(SignOffRefused):
        sign(maya, password="wrong")
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["maya.patel"]


@pytest.mark.parametrize("route", ["form", "api"])
def test_signing_failures_are_counted_for_the_client_behind_a_trusted_proxy(maya, route, settings):
    from rest_framework.authtoken.models import Token

    from cms.services.login_throttle import client_key

    settings.TRUSTED_PROXY_COUNT = 1
    article = ArticleFactory()
    assign(article, maya)
    revision = latest_revision(article)
    body = {
        "revision_id": revision.history_id,
        "content_sha256": revision_hash(revision),
        "meaning": SignOffMeaning.REVIEWED_NO_CHANGE,
        "sources_checked": True,
        "comment": "",
        "password": "wrong",
    }
    proxy = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    if route == "form":
        client = Client(**proxy)
        client.force_login(maya.user)
        client.post(reverse("reviews:review", args=[article.slug]), body)
    else:
        token = Token.objects.create(user=maya.user)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}", **proxy)
        client.post(
            "/api/signoffs/", {**body, "article": article.slug}, content_type="application/json"
        )
    assert list(LoginFailure.objects.values_list("client_key", flat=True)) == [
        client_key("203.0.113.7")
    ]
