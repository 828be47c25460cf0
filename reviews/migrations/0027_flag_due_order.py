"""Open due-soon flags carry their article's next review due (``ReviewFlag.due_on``), and an
index gives them in the report's due order: never reviewed first (none are), then by due date
and article id. PostgreSQL needs NULLS FIRST spelled out (as in 0016); SQLite sorts NULLs first
already. The existing open due-soon flags get their dates from the review state."""

from django.db import migrations, models

CREATE_INDEX = {
    "postgresql": "CREATE INDEX IF NOT EXISTS reviews_flag_due_order ON reviews_reviewflag "
    "(due_on ASC NULLS FIRST, article_id) WHERE resolved_on IS NULL AND kind = 'due_soon'",
    "sqlite": "CREATE INDEX IF NOT EXISTS reviews_flag_due_order ON reviews_reviewflag "
    "(due_on, article_id) WHERE resolved_on IS NULL AND kind = 'due_soon'",
}


def copy_due_dates(apps, schema_editor):
    ReviewFlag = apps.get_model("reviews", "ReviewFlag")
    ArticleReview = apps.get_model("reviews", "ArticleReview")
    due = ArticleReview.objects.filter(article_id=models.OuterRef("article_id"))
    ReviewFlag.objects.filter(kind="due_soon", resolved_on__isnull=True).update(
        due_on=models.Subquery(due.values("next_review_due")[:1])
    )


def create_index(apps, schema_editor):
    statement = CREATE_INDEX.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement, params=None)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor in CREATE_INDEX:
        schema_editor.execute("DROP INDEX IF EXISTS reviews_flag_due_order", params=None)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0026_reviewer_languages_translation_flag")]

    operations = [
        migrations.AddField(
            model_name="reviewflag",
            name="due_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(copy_due_dates, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
