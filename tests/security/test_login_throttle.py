"""The login throttle over HTTP, on the site login and the admin's: a lock per username across
addresses, a much higher one per address, counted on the username the form authenticates."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from cms.models import LoginFailure
from cms.services.login_throttle import PER_ADDRESS, PER_USERNAME, client_address
from tests.factories import PASSWORD, editor_account

pytestmark = pytest.mark.django_db
URLS = ["/accounts/login/", "/admin/login/"]


def attempt(client, password, username="ellen", url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", URLS)
def test_repeated_failures_lock_the_username_even_with_the_right_password(url):
    editor_account()
    client = Client()
    for _ in range(PER_USERNAME):
        assert attempt(client, "wrong", url=url).status_code == 200
    locked = attempt(client, PASSWORD, url=url)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert not signed_in(client)
    # Another account from another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert attempt(other, "nope", username="someone-else", url=url).status_code == 200


def test_a_few_failures_do_not_lock():
    editor_account()
    client = Client()
    for _ in range(PER_USERNAME - 1):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302


def test_a_successful_login_does_not_count_as_a_failure():
    editor_account()
    for _ in range(PER_USERNAME + 1):
        client = Client()
        assert attempt(client, PASSWORD).status_code == 302
    assert not LoginFailure.objects.exists()


# Finding 1: control characters in the username ----------------------------------------------

CONTROL_CHARACTERS = [chr(code) for code in [*range(0x20), 0x7F]]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_control_character_in_the_username_is_a_form_error_never_a_500(url, char):
    editor_account()
    client = Client()
    for username in [f"ellen{char}", f"{char}", f"el{char}len"]:
        response = attempt(client, "wrong", username=username, url=url)
        assert response.status_code == 200, username
        assert not signed_in(client)


@pytest.mark.parametrize("url", URLS)
def test_a_nul_in_the_username_is_refused_with_429_once_locked(url):
    client = Client()
    for _ in range(PER_USERNAME):
        assert attempt(client, "wrong", username="ellen\x00", url=url).status_code == 200
    assert attempt(client, "wrong", username="ellen\x00", url=url).status_code == 429


# Finding 2: the count is on the username the form authenticates -----------------------------

VARIANTS = [
    "ellen ",
    "\tellen",
    "ellen\u3000",
    "\u3000ellen\n",
    "ＥＬＬＥＮ",  # full-width: NFKC makes it ELLEN
    "ｅｌｌｅｎ",  # full-width: NFKC makes it ellen, which authenticates
    "ELLEN",
]


@pytest.mark.parametrize("variant", VARIANTS, ids=repr)
def test_a_variant_of_a_locked_username_is_locked_too(variant):
    editor_account()
    for _ in range(PER_USERNAME):
        attempt(Client(), "wrong", username="ellen")
    client = Client()
    assert attempt(client, PASSWORD, username=variant).status_code == 429
    assert not signed_in(client)


def test_failures_under_different_spellings_add_up():
    editor_account()
    for variant in VARIANTS[:PER_USERNAME]:
        assert attempt(Client(), "wrong", username=variant).status_code == 200
    client = Client()
    assert attempt(client, PASSWORD, username="ellen").status_code == 429
    assert not signed_in(client)


def test_the_spelling_the_form_accepts_still_logs_in():
    editor_account()
    assert attempt(Client(), PASSWORD, username=" ｅｌｌｅｎ\t").status_code == 302


# Finding 4: per username across addresses, per address much higher --------------------------


def test_made_up_names_from_one_address_do_not_lock_a_real_user_there():
    editor_account()
    proxy = "203.0.113.1"  # behind a reverse proxy, everyone has this address
    for n in range(30):
        assert attempt(Client(REMOTE_ADDR=proxy), "x", username=f"made-up-{n}").status_code == 200
    client = Client(REMOTE_ADDR=proxy)
    assert attempt(client, PASSWORD).status_code == 302


def test_an_address_lock_locks_only_that_address():
    editor_account()
    guesser = "198.51.100.7"
    for n in range(PER_ADDRESS):
        attempt(Client(REMOTE_ADDR=guesser), "x", username=f"made-up-{n}")
    assert attempt(Client(REMOTE_ADDR=guesser), PASSWORD).status_code == 429
    assert attempt(Client(REMOTE_ADDR=guesser), "x", username="fresh-name").status_code == 429
    elsewhere = Client(REMOTE_ADDR="192.0.2.50")
    assert attempt(elsewhere, PASSWORD).status_code == 302


def test_a_username_lock_holds_across_addresses():
    editor_account()
    for n in range(PER_USERNAME):
        assert attempt(Client(REMOTE_ADDR=f"192.0.2.{n}"), "wrong").status_code == 200
    client = Client(REMOTE_ADDR="192.0.2.200")
    assert attempt(client, PASSWORD).status_code == 429
    assert not signed_in(client)


# Finding 5: the client address behind trusted proxies ---------------------------------------


def behind_proxy(client_address: str) -> Client:
    return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {client_address}")


def test_behind_a_trusted_proxy_the_address_lock_is_per_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    editor_account()
    for n in range(PER_ADDRESS):
        attempt(behind_proxy("198.51.100.7"), "x", username=f"made-up-{n}")
    assert attempt(behind_proxy("198.51.100.7"), "x", username="fresh").status_code == 429
    assert attempt(behind_proxy("192.0.2.50"), PASSWORD).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_address_lock(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(PER_ADDRESS):
        client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 198.51.100.7")
        attempt(client, "x", username=f"made-up-{n}")
    forged = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7")
    assert attempt(forged, "x", username="fresh").status_code == 429


def test_a_locked_attempt_never_checks_the_password(monkeypatch):
    editor_account()
    for _ in range(PER_USERNAME):
        attempt(Client(), "wrong")
    checked = []
    verify = MD5PasswordHasher.verify
    monkeypatch.setattr(
        MD5PasswordHasher, "verify", lambda *args: checked.append(args) or verify(*args)
    )
    response = attempt(Client(), PASSWORD)
    assert response.status_code == 429
    assert response.context["form"]["username"].value() == "ellen"  # kept in its box
    assert checked == []


@pytest.mark.parametrize(
    "trusted, forwarded, expected",
    [
        (0, "6.6.6.6", "10.0.0.2"),  # no proxy: the header is the client's to forge
        (1, "", "10.0.0.2"),  # shorter than the proxies: REMOTE_ADDR
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6,198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (2, "10.0.0.1", "10.0.0.2"),
        (1, "6.6.6.6, , 198.51.100.7 ", "198.51.100.7"),
    ],
)
def test_client_address_honours_the_trusted_proxies(settings, rf, trusted, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = trusted
    request = rf.post("/accounts/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
