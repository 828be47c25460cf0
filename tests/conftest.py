"""Shared test set-up: service markers that skip (or, with REQUIRE_SERVICES=1, fail)."""

import os

import pytest
from django.conf import settings
from django.db import connection


def _missing_service(item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if item.get_closest_marker("redis"):
        url = settings.CELERY_BROKER_URL
        if not url.startswith("redis://"):
            return "needs Redis: set CELERY_BROKER_URL=redis://..."
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            return f"needs Redis at {url}, which did not answer: {error}"
    return None


def pytest_runtest_setup(item):
    reason = _missing_service(item)
    if reason is None:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 and a service is missing: {reason}", pytrace=False)
    pytest.skip(reason)
