"""The content tables as they stand, in one migration that never names the reviews app.

It replaces cms 0001–0007, whose files are gone: those gave ``cms_article`` a review policy and
four review dates, and made cms depend on reviews. The reviews app now keeps that state in its
own table (reviews 0015 copies it there; reviews 0016 drops the old columns from a database
that has them). A fresh database runs this file. One that had applied all of 0001–0007 records
it as applied and goes on; one stopped part-way through them must first upgrade to the release
before this squash (Django's rule for squashed migrations whose files are removed).
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import cms.body

TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS cms_article_live_text_trgm "
    "ON cms_article USING gin (live_text gin_trgm_ops)"
)


def create_trigram_index(apps, schema_editor):
    # Lets a case-insensitive whole-word regex (a clinical event's term) find its articles
    # without reading every row.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
        schema_editor.execute(TRIGRAM_INDEX, params=None)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cms_article_live_text_trgm", params=None)


class Migration(migrations.Migration):
    replaces = [
        ("cms", "0001_initial"),
        ("cms", "0002_article_relations"),
        ("cms", "0003_article_report_order_index"),
        ("cms", "0004_article_title_index"),
        ("cms", "0005_article_live_text"),
        ("cms", "0006_login_failures"),
        ("cms", "0007_revision_reason_text"),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginFailure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("username", models.CharField(db_index=True, max_length=150)),
                ("client_key", models.CharField(db_index=True, max_length=64)),
                ("at", models.DateTimeField(db_index=True)),
            ],
            options={
                "ordering": ["-at"],
            },
        ),
        migrations.CreateModel(
            name="Topic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True)),
                ("slug", models.SlugField(max_length=200, unique=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalArticle",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "change_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("editorial", "Editorial (wording or format, no clinical change)"),
                            ("substantive", "Substantive (clinical change, needs sign-off)"),
                            ("reviewed_no_change", "Reviewed, no change"),
                            ("imported", "Imported"),
                        ],
                        max_length=32,
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("slug", models.SlugField(max_length=300)),
                ("summary", models.TextField(blank=True)),
                ("body", models.JSONField(default=list, validators=[cms.body.validate_body])),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="The publisher, as in the sheet's copyright line.",
                        max_length=200,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("awaiting_review", "Awaiting review"),
                            ("published", "Published"),
                            ("archived", "Archived"),
                        ],
                        db_index=True,
                        default="draft",
                        max_length=20,
                    ),
                ),
                ("originated_on", models.DateField()),
                ("last_substantive_revision_at", models.DateTimeField(blank=True, null=True)),
                ("history_change_reason", models.TextField(null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The owning editor.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cms.topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical article",
                "verbose_name_plural": "historical articles",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Article",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("slug", models.SlugField(max_length=300, unique=True)),
                ("summary", models.TextField(blank=True)),
                ("body", models.JSONField(default=list, validators=[cms.body.validate_body])),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="The publisher, as in the sheet's copyright line.",
                        max_length=200,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("awaiting_review", "Awaiting review"),
                            ("published", "Published"),
                            ("archived", "Archived"),
                        ],
                        db_index=True,
                        default="draft",
                        max_length=20,
                    ),
                ),
                ("originated_on", models.DateField()),
                ("last_substantive_revision_at", models.DateTimeField(blank=True, null=True)),
                (
                    "live_text",
                    models.TextField(
                        blank=True,
                        editable=False,
                        help_text="The live revision's title and words as plain text, for matching terms.",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        help_text="The owning editor.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="owned_articles",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "live_revision",
                    models.ForeignKey(
                        blank=True,
                        help_text="The approved revision the public sees.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cms.historicalarticle",
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="articles",
                        to="cms.topic",
                    ),
                ),
            ],
            options={
                "ordering": ["title"],
                "indexes": [models.Index(fields=["title", "id"], name="cms_article_title_id")],
            },
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
