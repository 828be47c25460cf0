"""Withdrawal (issue 16 item 4)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0020_reader_report_triage")]

    operations = []
