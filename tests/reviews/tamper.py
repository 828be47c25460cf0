"""Writing past the database's guards, as only the tables' owner can: the tampering that the
hash chain and ``verify_records`` exist to reveal."""

import importlib
from contextlib import contextmanager

from django.db import connection

SQLITE_TRIGGERS = importlib.import_module(
    "reviews.migrations.0012_record_hash_chain"
).SQLITE_TRIGGERS


@contextmanager
def owner_cursor(table: str):
    """A cursor that can UPDATE and DELETE in ``table`` with its triggers off, then back on."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses while deferred foreign-key checks are pending on the table.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield cursor
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            triggers = [
                (name, create) for name, create in SQLITE_TRIGGERS if f" ON {table} " in create
            ]
            for name, _ in triggers:
                cursor.execute(f"DROP TRIGGER {name}")
            yield cursor
            for _, create in triggers:
                cursor.execute(create)


def json_param() -> str:
    """The placeholder for a JSON text parameter written to a JSON column."""
    return "%s::jsonb" if connection.vendor == "postgresql" else "%s"
