"""Tamper evidence for the review record.

Sign-offs and audit events form a hash chain (prev_hash, row_hash; see reviews.chain): existing
rows are chained here in id order, then a unique prev_hash makes a fork fail loudly. Triggers:
a revision that carries a signature can no longer be updated or deleted (PostgreSQL and SQLite),
and SQLite gets the append-only triggers PostgreSQL has had since 0003 and 0005.

On SQLite, Django alters a table by copying it to a new one: that drops the triggers on it, and
the rename fails while a trigger names a table that is missing. A later migration that alters
reviews_signoff, reviews_auditevent or cms_historicalarticle on SQLite must run
``drop_sqlite_triggers`` before and ``create_sqlite_triggers`` after its operations
(tests/reviews/test_chain.py checks the triggers exist once every migration has run).
"""

from django.db import migrations, models

from reviews.chain import chain_rows

SIGNED_REVISION_FUNCTION = """
CREATE OR REPLACE FUNCTION recheck_signed_revision_append_only() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM reviews_signoff WHERE revision_id = OLD.history_id) THEN
        RAISE EXCEPTION 'cms_historicalarticle % carries a signature and is append-only: % refused',
            OLD.history_id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

POSTGRES_CREATE = [
    SIGNED_REVISION_FUNCTION,
    """
    CREATE TRIGGER cms_historicalarticle_signed_append_only
        BEFORE UPDATE OR DELETE ON cms_historicalarticle
        FOR EACH ROW EXECUTE FUNCTION recheck_signed_revision_append_only();
    """,
]

POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS cms_historicalarticle_signed_append_only ON cms_historicalarticle;",
    "DROP FUNCTION IF EXISTS recheck_signed_revision_append_only();",
]

# The append-only triggers PostgreSQL has had since 0003 and 0005, as (table, name) pairs.
POSTGRES_APPEND_ONLY = [
    ("reviews_signoff", "reviews_signoff_append_only"),
    ("reviews_auditevent", "reviews_auditevent_append_only"),
]


def _sqlite_trigger(name: str, operation: str, table: str, when: str, message: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} FOR EACH ROW "
        f"{when}BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


SIGNED = "WHEN EXISTS (SELECT 1 FROM reviews_signoff WHERE revision_id = OLD.history_id) "

# (name, CREATE statement): SQLite takes one statement per execute().
SQLITE_TRIGGERS = [
    (
        f"{table}_append_only_{operation.lower()}",
        _sqlite_trigger(
            f"{table}_append_only_{operation.lower()}",
            operation,
            table,
            "",
            f"{table} is append-only: {operation} refused",
        ),
    )
    for table in ("reviews_signoff", "reviews_auditevent")
    for operation in ("UPDATE", "DELETE")
] + [
    (
        f"cms_historicalarticle_signed_{operation.lower()}",
        _sqlite_trigger(
            f"cms_historicalarticle_signed_{operation.lower()}",
            operation,
            "cms_historicalarticle",
            SIGNED,
            f"cms_historicalarticle: a revision that carries a signature is append-only: "
            f"{operation} refused",
        ),
    )
    for operation in ("UPDATE", "DELETE")
]


def create_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for _, statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement, params=None)


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name, _ in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement, params=None)
    create_sqlite_triggers(apps, schema_editor)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement, params=None)
    drop_sqlite_triggers(apps, schema_editor)


def chain_existing_rows(apps, schema_editor):
    """Chain the rows already there, in id order. On PostgreSQL the append-only triggers refuse
    the UPDATE, so they are switched off for it (as the owner, inside this transaction)."""
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        for table, trigger in POSTGRES_APPEND_ONLY:
            schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}", params=None)
    using = schema_editor.connection.alias
    for model_name in ("SignOff", "AuditEvent"):
        for _ in chain_rows(apps.get_model("reviews", model_name), using=using):
            pass
    if postgres:
        for table, trigger in POSTGRES_APPEND_ONLY:
            schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}", params=None)


PREV_HASH = "The row_hash of the row before this one in the table (empty for the first)."
ROW_HASH = "SHA-256 of this row's content and prev_hash (see reviews.chain)."


def add_hash_fields(model_name: str) -> list:
    # The default only fills the rows already there; chain_existing_rows then sets them.
    return [
        migrations.AddField(
            model_name=model_name,
            name="prev_hash",
            field=models.CharField(
                blank=True, default="", editable=False, help_text=PREV_HASH, max_length=64
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model_name,
            name="row_hash",
            field=models.CharField(default="", editable=False, help_text=ROW_HASH, max_length=64),
            preserve_default=False,
        ),
    ]


def add_chain_constraints(model_name: str) -> list:
    return [
        migrations.AddConstraint(
            model_name=model_name,
            constraint=models.UniqueConstraint(
                fields=("prev_hash",), name=f"{model_name}_chain_no_fork"
            ),
        ),
        migrations.AddConstraint(
            model_name=model_name,
            constraint=models.CheckConstraint(
                condition=~models.Q(row_hash=""), name=f"{model_name}_chain_hashed"
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_squashed_0007_content"),
        ("reviews", "0011_audit_actions_and_subject"),
    ]

    operations = [
        *add_hash_fields("signoff"),
        *add_hash_fields("auditevent"),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        *add_chain_constraints("signoff"),
        *add_chain_constraints("auditevent"),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
