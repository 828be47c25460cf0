"""Digests and escalations for one recipient on one day."""

from django.conf import settings
from django.db import models

from reviews.choices import NotificationKind


class Notification(models.Model):
    """One digest for one recipient on one day: the in-app notification and the log of its
    email. The unique key (recipient, kind, day) is what keeps a retried task, a second beat or
    two workers from sending it twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    day = models.DateField()
    subject = models.CharField(max_length=200)
    items = models.JSONField(default=list, help_text="The digest's rows, as shown and emailed.")
    reader_reports = models.JSONField(
        default=list, blank=True, help_text="Readers' reports on the recipient's articles."
    )
    created_at = models.DateTimeField()
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"], name="one_notification_per_recipient_kind_day"
            )
        ]
        indexes = [models.Index(fields=["recipient", "-day"])]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient} on {self.day}"


class Reminder(models.Model):
    """A reminder to one person that an article's review is due: sent once. The unique key
    (article, recipient, due date, days before) is what keeps a rerun, a retried task or two
    workers from sending it twice; a new review cycle (a new due date) reminds afresh.

    ``days_before``: the policy's offsets before the due date, 0 on the due day, negative while
    overdue (-14: 14 days overdue)."""

    article = models.ForeignKey("cms.Article", on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField()
    days_before = models.IntegerField()
    day = models.DateField(help_text="The day it was due to go out.")
    created_at = models.DateTimeField()
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-day", "article_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "recipient", "due_on", "days_before"],
                name="one_reminder_per_article_recipient_moment",
            )
        ]
        indexes = [models.Index(fields=["day"], name="reviews_reminder_day")]

    def __str__(self):
        return f"Reminder to {self.recipient} about article {self.article_id} due {self.due_on}"

    @property
    def moment(self) -> str:
        """When, relative to the due date: "in 30 days", "today", "14 days overdue"."""
        if self.days_before > 0:
            return f"due in {self.days_before} day{'s' if self.days_before != 1 else ''}"
        if self.days_before == 0:
            return "due today"
        late = -self.days_before
        return f"{late} day{'s' if late != 1 else ''} overdue"
