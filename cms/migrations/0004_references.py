"""Sources per revision (issue 17 item 2): an article's references, part of each revision.

On SQLite, Django adds a NOT NULL column by rebuilding the table, which drops the triggers
reviews puts on cms_historicalarticle (signed revisions are append-only). So on SQLite the
column is added in place (ALTER TABLE ADD COLUMN keeps the triggers); on PostgreSQL likewise,
with a database default.
"""

from django.db import migrations, models

import cms.references

TABLES = ("cms_article", "cms_historicalarticle")
MODELS = ("Article", "HistoricalArticle")


def _field():
    return models.JSONField(
        blank=True, default=list, validators=[cms.references.validate_references]
    )


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN \"references\" text NOT NULL DEFAULT '[]' "
                'CHECK (JSON_VALID("references") OR "references" IS NULL)'
            )
        return
    # A database default too, so that rows written with SQL (the upgrade test from before the
    # squash, the benchmark's bulk loader) need not name the column.
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN \"references\" jsonb NOT NULL DEFAULT '[]'::jsonb"
        )


def remove_columns(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("cms", name)
        schema_editor.remove_field(model, model._meta.get_field("references"))


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_article_withdrawal")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="article", name="references", field=_field()),
                migrations.AddField(
                    model_name="historicalarticle", name="references", field=_field()
                ),
            ],
        ),
        # After the state, so that the columns are added from the models as they now are.
        migrations.RunPython(add_columns, remove_columns),
    ]
