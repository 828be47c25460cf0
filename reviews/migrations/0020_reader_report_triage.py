"""Reader-report triage (issue 16 item 3)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0019_reviewer_invitations")]

    operations = []
