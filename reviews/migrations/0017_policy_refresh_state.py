"""Reserved for issue 14 (policy date recomputation as a Celery task): filled in by that change."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0016_review_state_due_index")]

    operations = []
