"""Finish moving review state out of cms_article:

- drop the old review columns from cms_article and cms_historicalarticle on a database from
  before the cms squash (0015 copied them first). The reviews app added them, so it removes
  them; the cms migrations never name it. SQLite cannot drop an indexed or foreign-key column,
  so each table is rebuilt from its migration state, which no longer has them;
- re-create the SQLite triggers of 0012 (a rebuilt table loses its triggers; idempotent);
- the due-order index on the review-state table: never reviewed first, then by due date and
  article id, the report's and the queues' default order. PostgreSQL needs NULLS FIRST spelled
  out; SQLite sorts NULLs first already.
"""

from importlib import import_module

from django.db import migrations

_chain = import_module("reviews.migrations.0012_record_hash_chain")
_state = import_module("reviews.migrations.0015_article_review_state")

CREATE_INDEX = {
    "postgresql": "CREATE INDEX IF NOT EXISTS reviews_state_due_nulls_first ON "
    "reviews_articlereview (next_review_due ASC NULLS FIRST, article_id)",
    "sqlite": "CREATE INDEX IF NOT EXISTS reviews_state_due_nulls_first ON "
    "reviews_articlereview (next_review_due, article_id)",
}


def drop_legacy_columns(apps, schema_editor):
    for model_name, table in (
        ("Article", "cms_article"),
        ("HistoricalArticle", "cms_historicalarticle"),
    ):
        columns = _state.legacy_columns(schema_editor, table)
        if not columns:
            continue
        if schema_editor.connection.vendor == "sqlite":
            schema_editor._remake_table(apps.get_model("cms", model_name))
        else:
            drops = ", ".join(f"DROP COLUMN IF EXISTS {column}" for column in sorted(columns))
            schema_editor.execute(f"ALTER TABLE {table} {drops}", params=None)


def create_index(apps, schema_editor):
    statement = CREATE_INDEX.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement, params=None)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor in CREATE_INDEX:
        schema_editor.execute("DROP INDEX IF EXISTS reviews_state_due_nulls_first", params=None)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0015_article_review_state")]

    operations = [
        migrations.RunPython(drop_legacy_columns, migrations.RunPython.noop),
        migrations.RunPython(_chain.create_sqlite_triggers, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
