"""Issue 14: a policy change recomputes its articles' dates in a Celery task; the policy records
the change that needs it, when a worker started on it, and the change it last finished."""

from django.db import migrations, models


def _moment():
    return models.DateTimeField(blank=True, editable=False, null=True)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0016_review_state_due_index")]

    operations = [
        migrations.AddField("reviewpolicy", "dates_refresh_requested_at", _moment()),
        migrations.AddField("reviewpolicy", "dates_refresh_started_at", _moment()),
        migrations.AddField("reviewpolicy", "dates_refreshed_at", _moment()),
        migrations.AddField(
            "reviewpolicy",
            "dates_refresh_changed",
            models.PositiveIntegerField(
                blank=True,
                editable=False,
                help_text="Articles whose dates the last run changed.",
                null=True,
            ),
        ),
    ]
