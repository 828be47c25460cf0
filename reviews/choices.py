"""Choices of the review domain, defined once."""

from django.db import models


class FlagKind(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due soon"
    NEVER_REVIEWED = "never_reviewed", "Never reviewed"
    CHANGED_SINCE_REVIEW = "changed_since_review", "Changed since review"
    WITHDRAWAL_CANDIDATE = "withdrawal_candidate", "Withdrawal candidate"
    TRIGGER = "trigger", "Trigger"
    REVIEWER_CREDENTIALS_EXPIRED = "reviewer_credentials_expired", "Reviewer credentials expired"


class SignOffMeaning(models.TextChoices):
    APPROVED = "approved", "Approved as medically accurate"
    REVIEWED_NO_CHANGE = "reviewed_no_change", "Reviewed – no changes needed"
    IMPORTED = "imported", "Imported from an existing sheet"
