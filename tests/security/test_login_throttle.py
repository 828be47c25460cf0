import pytest
from django.test import Client
from django.urls import reverse

from cms.services.login_throttle import PER_USERNAME
from tests.factories import PASSWORD, editor_account

pytestmark = pytest.mark.django_db


def attempt(client, password, username="ellen", url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_repeated_failures_lock_the_username_even_with_the_right_password(url):
    editor_account()
    client = Client()
    for _ in range(PER_USERNAME):
        assert attempt(client, "wrong", url=url).status_code == 200
    locked = attempt(client, PASSWORD, url=url)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert attempt(other, "nope", username="someone-else", url=url).status_code == 200


def test_a_few_failures_do_not_lock():
    editor_account()
    client = Client()
    for _ in range(PER_USERNAME - 1):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
