"""Plain language (issue 17 item 4): each policy's target reading grade."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0023_reviewer_public_pages")]

    operations = []
