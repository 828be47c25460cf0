"""Per-policy reminders (issue 16 item 6): when each policy reminds (days before the due
date, on the due day, every N days while overdue), and the reminders sent, one row each."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import reviews.models.policies


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_article_withdrawal"),
        ("reviews", "0021_withdrawal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewpolicy",
            name="overdue_reminder_every_days",
            field=models.PositiveSmallIntegerField(
                default=14,
                help_text="While overdue, remind again every this many days (0: never).",
                validators=[django.core.validators.MaxValueValidator(365)],
            ),
        ),
        migrations.AddField(
            model_name="reviewpolicy",
            name="remind_on_due_day",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="reviewpolicy",
            name="reminder_days_before",
            field=models.CharField(
                blank=True,
                default="60,30,7",
                help_text="Days before the due date to remind, separated by commas (empty: none).",
                max_length=100,
                validators=[reviews.models.policies.validate_reminder_days],
            ),
        ),
        migrations.CreateModel(
            name="Reminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("due_on", models.DateField()),
                ("days_before", models.IntegerField()),
                ("day", models.DateField(help_text="The day it was due to go out.")),
                ("created_at", models.DateTimeField()),
                ("email_claimed_at", models.DateTimeField(blank=True, null=True)),
                ("emailed_at", models.DateTimeField(blank=True, null=True)),
                ("email_error", models.TextField(blank=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="cms.article",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-day", "article_id"],
                "indexes": [models.Index(fields=["day"], name="reviews_reminder_day")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "recipient", "due_on", "days_before"),
                        name="one_reminder_per_article_recipient_moment",
                    )
                ],
            },
        ),
    ]
