"""Reviewer invitations (issue 16 item 1)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0018_publishing_role")]

    operations = []
