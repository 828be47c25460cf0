"""Review state moves into reviews_articlereview, one row per article: the policy and the four
review dates, kept away from the article's text and its trigram index.

A database from before the cms squash has them as columns of cms_article: they are copied here
in one statement, and 0016 drops the columns. A fresh database has no articles yet.
"""

import django.db.models.deletion
from django.db import migrations, models

_COLUMNS = ("last_reviewed_on", "next_review_due", "review_window_opens_on", "withdrawal_due_on")


def legacy_columns(schema_editor, table: str) -> set[str]:
    """The review columns ``table`` still has from before the cms squash."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        names = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    return names & {"review_policy_id", *_COLUMNS}


def copy_review_state(apps, schema_editor):
    if not legacy_columns(schema_editor, "cms_article"):
        return
    dates = ", ".join(_COLUMNS)
    schema_editor.execute(
        f"INSERT INTO reviews_articlereview (article_id, policy_id, {dates}) "
        f"SELECT id, review_policy_id, {dates} FROM cms_article",
        params=None,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_squashed_0007_content"),
        ("reviews", "0014_reviewer_lookup_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleReview",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="review",
                        serialize=False,
                        to="cms.article",
                    ),
                ),
                ("last_reviewed_on", models.DateField(blank=True, null=True)),
                ("next_review_due", models.DateField(blank=True, null=True)),
                ("review_window_opens_on", models.DateField(blank=True, db_index=True, null=True)),
                ("withdrawal_due_on", models.DateField(blank=True, db_index=True, null=True)),
                (
                    "policy",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="article_reviews",
                        to="reviews.reviewpolicy",
                    ),
                ),
            ],
            options={
                "verbose_name": "article review state",
                "indexes": [
                    models.Index(
                        fields=["policy", "last_reviewed_on"], name="reviews_state_policy_day"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_review_state, migrations.RunPython.noop),
    ]
