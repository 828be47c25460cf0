"""Triggers from public drug data (issue 18): the drug vocabulary, events' source keys, and the
articles' stored drug mentions."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0024_reading_grade")]

    operations = []
