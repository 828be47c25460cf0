"""Plain language (issue 17 item 4): each revision's reading grade."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_references")]

    operations = []
