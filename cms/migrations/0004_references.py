"""Sources per revision (issue 17 item 2): an article's references, part of each revision."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_article_withdrawal")]

    operations = []
