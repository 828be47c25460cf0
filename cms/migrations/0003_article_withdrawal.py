"""An article can be withdrawn from the public (issue 16 item 4): when, and why."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_live_text_search_index")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="withdrawal_reason",
            # A database default too: rows written with SQL (benchmarks, old upgrade paths)
            # need not name it.
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
    ]
