"""Public reviewer pages (issue 17 item 1): a slug, an optional bio and whether the page is shown."""

from django.db import migrations, models

from reviews.services.reviewers import reviewer_slug


def backfill_slugs(apps, schema_editor):
    """Give every reviewer a unique slug from their name, oldest profile first (so the first
    "Ann Lee" keeps "ann-lee"), and copy it onto their history rows."""
    Reviewer = apps.get_model("reviews", "Reviewer")
    HistoricalReviewer = apps.get_model("reviews", "HistoricalReviewer")
    taken: set[str] = set()
    for pk, full_name in Reviewer.objects.order_by("pk").values_list("pk", "full_name"):
        slug = reviewer_slug(full_name, taken=taken)
        taken.add(slug)
        Reviewer.objects.filter(pk=pk).update(slug=slug)
        HistoricalReviewer.objects.filter(id=pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0022_policy_reminders")]

    operations = [
        migrations.AddField(
            model_name="reviewer",
            name="bio",
            field=models.TextField(blank=True, help_text="Plain text, shown on the public page."),
        ),
        migrations.AddField(
            model_name="reviewer",
            name="public_page",
            field=models.BooleanField(
                default=True,
                help_text="Show the public reviewer page and link to it from articles.",
            ),
        ),
        # No index until the backfill makes the slugs unique: on PostgreSQL, turning an indexed
        # slug unique would create its "_like" index a second time.
        migrations.AddField(
            model_name="reviewer",
            name="slug",
            field=models.SlugField(default="", editable=False, max_length=220, db_index=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalreviewer",
            name="bio",
            field=models.TextField(blank=True, help_text="Plain text, shown on the public page."),
        ),
        migrations.AddField(
            model_name="historicalreviewer",
            name="public_page",
            field=models.BooleanField(
                default=True,
                help_text="Show the public reviewer page and link to it from articles.",
            ),
        ),
        migrations.AddField(
            model_name="historicalreviewer",
            name="slug",
            field=models.SlugField(default="", editable=False, max_length=220),
            preserve_default=False,
        ),
        migrations.RunPython(backfill_slugs, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="reviewer",
            name="slug",
            field=models.SlugField(editable=False, max_length=220, unique=True),
        ),
    ]
