"""Throttling password guesses, at the login forms and at signing.

Five failures for a username within fifteen minutes lock that username, from every address;
a hundred failures from one address lock that address, for every username. Each attempt
reserves its place in the count *before* its password is checked (``reserve_attempt``), one
attempt at a time per username and per address, so parallel guesses cannot get past the limit.
A reservation stays as the failure unless it is given back (``release_attempt``).
The rows live in the database, so the limits hold across every web process.
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.forms import UsernameField
from django.db import connection, transaction
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cms.models import LoginFailure

WINDOW = timedelta(minutes=15)
PER_USERNAME = 5
PER_ADDRESS = 100
KEPT_FOR = timedelta(days=1)
USERNAME_LENGTH = LoginFailure._meta.get_field("username").max_length
# Characters a PostgreSQL text column cannot hold: NUL and lone surrogates.
_UNSTORABLE = {0: "\ufffd", **{code: "\ufffd" for code in range(0xD800, 0xE000)}}


class LoginThrottled(Exception):
    """Too many recent failures for this username or from this address."""


def throttle_username(raw: str) -> str:
    """The username as the login form authenticates it (the form field's own cleaning:
    surrounding whitespace stripped, NFKC), case-folded, in storable characters.

    Every spelling the form would accept for one account counts on the same name."""
    cleaned = UsernameField().to_python(raw) or ""
    return cleaned.casefold().translate(_UNSTORABLE)[:USERNAME_LENGTH]


def client_address(request) -> str:
    """The client's address: with ``settings.TRUSTED_PROXY_COUNT`` = N proxies in front, the
    Nth entry from the right of X-Forwarded-For (each trusted proxy appends the address it saw;
    anything further left is the client's to forge); REMOTE_ADDR when N is 0 or the header has
    fewer entries than that."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < trusted:
        return remote
    return forwarded[-trusted]


def client_key(address: str) -> str:
    """A keyed hash of a client's address: enough to count its requests, useless to identify
    it (the address itself is never stored)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def reserve_attempt(*, username: str, address: str, at: datetime) -> int:
    """Count one password attempt for ``username`` (any spelling the login form accepts) from
    ``address``, before its password is checked; return the reservation for
    ``release_attempt``. Raises LoginThrottled, counting nothing, when the username or the
    address is at its limit.

    Call it outside any transaction: it commits its own, so that the reservation stands
    whatever becomes of the caller's. Attempts for one username or one address are taken one at
    a time (a PostgreSQL advisory lock per name and per address; SQLite has one writer)."""
    name, key = throttle_username(username), client_key(address)
    reservation = _reserve(name=name, key=key, at=at)
    if reservation is None:
        raise LoginThrottled
    return reservation


@transaction.atomic
def _reserve(*, name: str, key: str, at: datetime) -> int | None:
    _take_turn(f"name:{name}", f"address:{key}")
    # Written first: on SQLite the write takes the database's one write lock, so that the
    # count below sees every reservation before this one.
    reservation = LoginFailure.objects.create(username=name, client_key=key, at=at)
    recent = LoginFailure.objects.filter(at__gt=at - WINDOW)
    if (
        recent.filter(username=name).count() > PER_USERNAME
        or recent.filter(client_key=key).count() > PER_ADDRESS
    ):
        transaction.set_rollback(True)
        return None
    LoginFailure.objects.filter(at__lt=at - KEPT_FOR).delete()
    return reservation.pk


def _take_turn(*subjects: str) -> None:
    """Wait until no other transaction is reserving for these subjects (until commit)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for subject in subjects:  # always in the same order: names, then addresses
            digest = hashlib.sha256(f"login-throttle:{subject}".encode()).digest()
            lock_id = int.from_bytes(digest[:8], "big", signed=True)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def release_attempt(reservation: int) -> None:
    """Give a reservation back: the attempt was no wrong password (it succeeded, or was refused
    before its password was checked)."""
    LoginFailure.objects.filter(pk=reservation).delete()


def failures_by_username(*, at: datetime) -> QuerySet:
    """One row per username with failures kept (its latest failure), annotated with
    ``recent_failures`` (within the window) and ``last_failure``; ``locked`` filters
    ``recent_failures__gte=PER_USERNAME``."""
    latest = LoginFailure.objects.values("username").annotate(latest=Max("pk")).values("latest")
    same_name = LoginFailure.objects.filter(username=OuterRef("username")).order_by()
    recent = (
        same_name.filter(at__gt=at - WINDOW).values("username").annotate(n=Count("pk")).values("n")
    )
    last = same_name.values("username").annotate(last=Max("at")).values("last")
    return LoginFailure.objects.filter(pk__in=Subquery(latest)).annotate(
        recent_failures=Coalesce(Subquery(recent), 0), last_failure=Subquery(last)
    )


def clear_lock(*, username: str) -> int:
    """Forget every failure kept for ``username`` (lifting its lock); return how many."""
    names = {username, throttle_username(username)}  # as given, and as counted
    deleted, _ = LoginFailure.objects.filter(username__in=names).delete()
    return deleted
