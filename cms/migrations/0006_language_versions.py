"""Language versions (issue 19): an article's language, the source it translates and the source
revision it was translated from, on the article and on every revision.

The language column is added in place (ALTER TABLE ADD COLUMN with a database default), as
0004 adds the references: on SQLite, Django would add a NOT NULL column by rebuilding the
table, which drops the triggers that keep signed revisions append-only. The default is the
settings' default language; it stays as a database default, so rows written with SQL (the
benchmark's bulk loader) need not name the column. The foreign keys are nullable, which both
databases add in place; the one-version-per-language rule is a partial unique index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cms.languages

TABLES = ("cms_article", "cms_historicalarticle")


def _language():
    return models.CharField(
        default=cms.languages.default_language,
        help_text="BCP 47 language tag, such as en, es or es-MX.",
        max_length=35,
        validators=[cms.languages.validate_language],
    )


def add_language_columns(apps, schema_editor):
    default = schema_editor.quote_value(settings.ARTICLE_DEFAULT_LANGUAGE)
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN language varchar(35) NOT NULL DEFAULT {default}"
        )


def remove_language_columns(apps, schema_editor):
    for name in ("Article", "HistoricalArticle"):
        model = apps.get_model("cms", name)
        schema_editor.remove_field(model, model._meta.get_field("language"))


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_reading_grade")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="article", name="language", field=_language()),
                migrations.AddField(
                    model_name="historicalarticle", name="language", field=_language()
                ),
            ],
        ),
        migrations.RunPython(add_language_columns, remove_language_columns),
        migrations.AddField(
            model_name="article",
            name="source_revision",
            field=models.ForeignKey(
                blank=True,
                help_text="The revision of the source this translation is up to date with.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cms.historicalarticle",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The source article this is a translation of.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="translations",
                to="cms.article",
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="source_revision",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The revision of the source this translation is up to date with.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cms.historicalarticle",
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The source article this is a translation of.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cms.article",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(translation_of__isnull=False),
                fields=("translation_of", "language"),
                name="cms_one_version_per_language",
            ),
        ),
    ]
