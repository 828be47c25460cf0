"""Invitations to a reviewer profile: a one-time, expiring link to set up its account."""

from django.conf import settings
from django.db import models

from reviews.models.reviewers import Reviewer


class ReviewerInvitation(models.Model):
    """One invitation emailed to a reviewer. Sent, accepted and replaced only through
    ``reviews.services.invitations`` (audited); the link's token is never stored."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(
        null=True, blank=True, help_text="When a newer invitation to the same reviewer was sent."
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        permissions = [("invite_reviewer", "Can invite a reviewer to set up an account")]

    def __str__(self):
        return f"Invitation to {self.reviewer.printed_name} ({self.email})"
