"""Reserved for issue 14 (a read-only publishing API role): filled in by that change."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0017_policy_refresh_state")]

    operations = []
