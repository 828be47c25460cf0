"""Two PostgreSQL indexes for the review-status report's reviewer filter at a million articles.

- ``reviews_articlereviewer (reviewer_id, article_id)``: one reviewer's articles read from the
  index alone, instead of a heap page per assignment (about 2 ms of a 20 ms page).
- ``reviews_reviewer (UPPER(full_name))``: ``reviews.selectors.reviewers_named`` compares names
  with ``iexact`` (``UPPER(full_name::text) = UPPER(%s)``), one term per way of splitting the
  typed text into name and credentials, so this index answers each term.

SQLite gets neither (it scans; fine at its scale), like cms 0003.
"""

from django.db import migrations

INDEXES = {
    "reviews_articlereviewer_reviewer_article": (
        "ON reviews_articlereviewer (reviewer_id, article_id)"
    ),
    "reviews_reviewer_upper_full_name": "ON reviews_reviewer (UPPER(full_name))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}", params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}", params=None)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0013_signed_revision_triggers_again")]

    operations = [migrations.RunPython(create, drop)]
