"""Throttling failed logins: five failures for a username, or twenty from one address, within
fifteen minutes lock further attempts until the window passes."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from cms.models import LoginFailure

WINDOW = timedelta(minutes=15)
PER_USERNAME = 5
PER_ADDRESS = 20


def client_key(address: str) -> str:
    """A keyed hash of a client's address: enough to count its requests, useless to identify
    it (the address itself is never stored)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def is_locked(*, username: str, address: str, at: datetime) -> bool:
    """True if this username or this address failed too often in the last fifteen minutes."""
    recent = LoginFailure.objects.filter(at__gte=at - WINDOW)
    by_name = recent.filter(username__iexact=username).count() if username else 0
    by_address = recent.filter(client_key=client_key(address)).count()
    return by_name >= PER_USERNAME or by_address >= PER_ADDRESS


def record_failure(*, username: str, address: str, at: datetime) -> None:
    """Note one failed login; failures older than a day are dropped on the way."""
    LoginFailure.objects.create(username=username[:150], client_key=client_key(address), at=at)
    LoginFailure.objects.filter(Q(at__lt=at - timedelta(days=1))).delete()
