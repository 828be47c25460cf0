"""Plain language (issue 17 item 4): each revision's reading grade.

Articles (their latest words) are graded here, so the report can filter and sort every row.
Earlier history rows stay null and are graded when read (``cms.readability.revision_grade``):
a signed revision is append-only (reviews' triggers refuse an UPDATE), and a guess at which
ones are signed has no place in a cms migration.
"""

from django.db import migrations, models

from cms.readability import reading_grade


def grade_articles(apps, schema_editor):
    Article = apps.get_model("cms", "Article")
    batch = []
    for article in Article.objects.only("pk", "title", "body").iterator(chunk_size=500):
        article.reading_grade, article.smog_grade = reading_grade(
            title=article.title, body=article.body
        )
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["reading_grade", "smog_grade"])
            batch = []
    Article.objects.bulk_update(batch, ["reading_grade", "smog_grade"])


def _grade_field(help_text):
    return models.FloatField(blank=True, editable=False, help_text=help_text, null=True)


FK = "Flesch–Kincaid grade of the words."
SMOG = "SMOG grade of the words."


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_references")]

    operations = [
        migrations.AddField("article", "reading_grade", _grade_field(FK)),
        migrations.AddField("article", "smog_grade", _grade_field(SMOG)),
        migrations.AddField("historicalarticle", "reading_grade", _grade_field(FK)),
        migrations.AddField("historicalarticle", "smog_grade", _grade_field(SMOG)),
        migrations.RunPython(grade_articles, migrations.RunPython.noop),
    ]
