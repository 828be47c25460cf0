"""Review policies: how often a class of content is re-reviewed."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

MAX_REMINDER_DAYS = 3650


def parse_reminder_days(text: str) -> list[int]:
    """The days of "60, 30, 7": whole numbers from 1 to MAX_REMINDER_DAYS. Raises
    ValidationError naming the part that is not."""
    days = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= MAX_REMINDER_DAYS:
            raise ValidationError(
                f"“{part[:20]}” is not a number of days from 1 to {MAX_REMINDER_DAYS}: write "
                "the days before the due date separated by commas, like 60, 30, 7."
            )
        days.append(int(part))
    return days


def validate_reminder_days(text: str) -> None:
    parse_reminder_days(text)


class ReviewPolicyQuerySet(models.QuerySet):
    def default(self) -> "ReviewPolicy":
        """The policy new articles get: the one marked default, else the first created.
        Raises ReviewPolicy.DoesNotExist when there is no policy at all."""
        policy = self.order_by("-is_default", "pk").first()
        if policy is None:
            raise self.model.DoesNotExist("There is no review policy: create one first.")
        return policy


class ReviewPolicy(models.Model):
    """How often a class of content must be re-reviewed."""

    name = models.CharField(max_length=100, unique=True)
    interval_months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    review_window_days = models.PositiveSmallIntegerField(
        default=60, help_text="Days before the due date when the review window opens."
    )
    withdrawal_after_months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)],
        help_text="Months without review after which an article is a withdrawal candidate.",
    )
    required_signoffs = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)]
    )
    is_default = models.BooleanField(default=False)
    # Reminders (reviews.services.reminders): before the due day, on it, and while overdue.
    reminder_days_before = models.CharField(
        max_length=100,
        default="60,30,7",
        blank=True,
        validators=[validate_reminder_days],
        help_text="Days before the due date to remind, separated by commas (empty: none).",
    )
    remind_on_due_day = models.BooleanField(default=True)
    target_reading_grade = models.PositiveSmallIntegerField(
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(18)],
        help_text="A substantive revision whose reading grade (Flesch–Kincaid) is above this "
        "shows a warning to its editor and reviewers; it is never refused.",
    )
    overdue_reminder_every_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MaxValueValidator(365)],
        help_text="While overdue, remind again every this many days (0: never).",
    )
    # Public drug data (issue 18): approvals, boxed warnings and Class I recalls always flag;
    # these two kinds of event are recorded always and flag only when the policy says so.
    flag_label_changes = models.BooleanField(
        default=False,
        help_text="Flag an article for review when a drug it names gets a new label version.",
    )
    flag_class_ii_recalls = models.BooleanField(
        default=False,
        help_text="Flag an article for review when a drug it names has a Class II recall.",
    )
    # Recomputing the articles' dates after a change runs as a task (reviews.jobs): the last
    # change that needs it, when a worker last started on it, and the change it last finished.
    # The dates are up to date when the two changes are the same.
    dates_refresh_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    dates_refresh_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    dates_refreshed_at = models.DateTimeField(null=True, blank=True, editable=False)
    dates_refresh_changed = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="Articles whose dates the last run changed.",
    )

    objects = ReviewPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "review policies"
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_policy"
            ),
            models.CheckConstraint(
                condition=Q(interval_months__gte=1), name="policy_interval_positive"
            ),
            models.CheckConstraint(
                condition=Q(required_signoffs__gte=1), name="policy_needs_a_signoff"
            ),
            models.CheckConstraint(
                condition=Q(withdrawal_after_months__gte=F("interval_months")),
                name="policy_withdrawal_after_due",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.interval_months} months)"

    @property
    def reminder_offsets(self) -> list[int]:
        """The days before the due date to remind on, largest first (0 for the due day)."""
        days = set(parse_reminder_days(self.reminder_days_before))
        if self.remind_on_due_day:
            days.add(0)
        return sorted(days, reverse=True)
