"""Shared test set-up: service markers that skip (or, with REQUIRE_SERVICES=1, fail)."""

import importlib
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


REFERENCE_DATA = [
    ("reviews.migrations.0002_policies_and_roles", "create_policies_and_roles"),
    ("reviews.migrations.0005_audit_trail_append_only", "forwards"),
    ("reviews.migrations.0007_report_permissions", "grant_to_content_admins"),
    ("reviews.migrations.0009_clinical_events", "grant_to_content_admins"),
]


@pytest.fixture
def reference_data(django_db_blocker):
    """Re-create what the data migrations create (policies, role groups and their permissions).

    A transactional test's teardown empties every table; the next transactional test asks for
    this so it starts from the same reference data as a migrated database.
    """
    from django.apps import apps
    from django.core.management.sql import emit_post_migrate_signal

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    saved = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        with connection.schema_editor() as editor:
            for module, function in REFERENCE_DATA:
                getattr(importlib.import_module(module), function)(apps, _NoTriggers(editor))
    finally:
        for config in apps.get_app_configs():
            config.models_module = saved[config.label]


class _NoTriggers:
    """A schema editor stand-in: the trigger DDL of the migrations already exists."""

    def __init__(self, editor):
        self.connection = editor.connection

    def execute(self, *args, **kwargs):
        pass
