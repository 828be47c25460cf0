"""An index in the overdue report's default order (most overdue first, never reviewed on top).

PostgreSQL walks it and stops after one page instead of sorting every flagged article. SQLite
cannot declare NULLS FIRST in an index, so it gets none (it sorts; fine at its scale).
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS cms_article_due_nulls_first "
    "ON cms_article (next_review_due ASC NULLS FIRST, title, id)"
)
DROP = "DROP INDEX IF EXISTS cms_article_due_nulls_first"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_article_relations")]

    operations = [migrations.RunPython(create, drop)]
