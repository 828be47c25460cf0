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
