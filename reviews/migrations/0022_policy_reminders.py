"""Per-policy reminders (issue 16 item 6)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0021_withdrawal")]

    operations = []
