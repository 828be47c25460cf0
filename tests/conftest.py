"""Shared test set-up: service markers that skip (or, with REQUIRE_SERVICES=1, fail), the
SQLite flush past the record triggers, and reference data for transactional tests."""

import importlib
import os

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import translation


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
    if item.get_closest_marker("browser") and not os.path.exists(chromium_path()):
        return f"needs Chromium at {chromium_path()} (apt-get install chromium)"
    return None


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_runtest_setup(item):
    reason = _missing_service(item)
    if reason is None:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 and a service is missing: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """Each test starts in the default language. A request in another (the test client with
    Accept-Language: es) leaves that language active in the thread afterwards: LocaleMiddleware
    activates a request's language and nothing deactivates it, where a real server's next
    request activates its own. Without this, a test after one such request read Spanish."""
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def flush_past_record_triggers():
    """Let Django's flush empty the tables on SQLite, where it is a DELETE FROM per table and
    the append-only triggers of migration 0012 would refuse it (PostgreSQL truncates, which
    fires no row trigger). Test-only: the flush drops those triggers, deletes, and creates them
    again, all in its one transaction; nothing in the application can take this path.
    """
    if connection.vendor != "sqlite":
        yield
        return
    triggers = importlib.import_module("reviews.migrations.0012_record_hash_chain").SQLITE_TRIGGERS
    operations = type(connection.ops)
    sql_flush = operations.sql_flush

    def sql_flush_past_triggers(self, style, tables, **kwargs):
        statements = sql_flush(self, style, tables, **kwargs)
        if not statements:
            return statements
        return [
            *(f"DROP TRIGGER IF EXISTS {name};" for name, _ in triggers),
            *statements,
            *(create for _, create in triggers),
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(operations, "sql_flush", sql_flush_past_triggers)
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's set-up, then the serialized contents it keeps for ``reference_data``
    made visible to every connection object, not only the one that serialized them.

    Django keeps connections per context, and Playwright's sync API (tests/browser) runs the
    tests that follow it in another context, where a fresh connection object knows nothing of
    the serialized contents: those tests would start with empty tables.
    """
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
    yield


@pytest.fixture
def reference_data(django_db_serialized_rollback):
    """The reference data of a migrated database (review policies, role groups and their
    permissions, content types), for a transactional test.

    A transactional test ends by emptying every table, so the next one would start without the
    rows the data migrations created. This fixture turns on Django's serialized rollback: the
    test database's contents are serialized once, right after migrating, and loaded back before
    each test that asks. Every transactional test asks for it (checked at collection, below);
    ordinary tests roll back and keep the data anyway.

    pytest-django serializes the database at set-up only for tests whose ``django_db`` marker
    says ``serialized_rollback=True``; a marker without it hides the fixture, so nothing would be
    serialized and nothing loaded back. The collection hook below adds it to the marker.
    """


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    missing = []
    for item in items:
        if "reference_data" in item.fixturenames:
            marker = item.get_closest_marker("django_db")
            args, kwargs = (marker.args, marker.kwargs) if marker else ((), {})
            serialized = pytest.mark.django_db(*args, **{**kwargs, "serialized_rollback": True})
            item.add_marker(serialized, append=False)  # the closest marker from now on
        elif _is_transactional(item):
            missing.append(item.nodeid)
    if missing:
        raise pytest.UsageError(
            "transactional tests must use the reference_data fixture (tests/conftest.py): "
            + ", ".join(missing)
        )
