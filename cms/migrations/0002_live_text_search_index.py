"""A full-text index over the live text for the public library's search (PostgreSQL only;
SQLite searches by substring and needs none). The expression matches
``cms.selectors.search_public`` exactly, so the planner can use it."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS cms_article_live_fts ON cms_article "
    "USING gin (to_tsvector('english', live_text))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cms_article_live_fts", params=None)


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_squashed_0007_content")]

    operations = [migrations.RunPython(create, drop)]
