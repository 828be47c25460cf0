"""Flags (reasons an article needs attention), readers' reports and daily flag counts."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from reviews.choices import FlagKind


class ReviewFlag(models.Model):
    """A reason an article needs attention. At most one open flag per article and kind."""

    article = models.ForeignKey("cms.Article", on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=40, choices=FlagKind.choices)
    raised_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    detail = models.TextField(blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dismissed_flags",
    )
    dismiss_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind"],
                condition=Q(resolved_on__isnull=True),
                name="one_open_flag_per_article_kind",
            )
        ]
        indexes = [models.Index(fields=["kind", "resolved_on"])]
        permissions = [
            ("view_reports", "Can view the review reports"),
            ("reassign_reviewers", "Can reassign articles between reviewers in bulk"),
        ]

    def __str__(self):
        state = "open" if self.resolved_on is None else f"resolved {self.resolved_on}"
        return f"{self.get_kind_display()} ({state})"


class ReaderReport(models.Model):
    """A reader's "Report a problem with this page". It raises (or adds to) the article's open
    ``reader_report`` flag. ``client_key`` is a keyed hash of the sender's address, kept only to
    rate-limit; the address itself is not stored."""

    article = models.ForeignKey(
        "cms.Article", on_delete=models.CASCADE, related_name="reader_reports"
    )
    message = models.TextField()
    created_at = models.DateTimeField(db_index=True)
    client_key = models.CharField(max_length=64, db_index=True)
    flag = models.ForeignKey(
        ReviewFlag, null=True, blank=True, on_delete=models.SET_NULL, related_name="reader_reports"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report on {self.article_id} at {self.created_at:%Y-%m-%d %H:%M}"


class FlagSnapshot(models.Model):
    """The number of open flags of one kind at the end of one day's scan (for trend charts)."""

    day = models.DateField()
    kind = models.CharField(max_length=40, choices=FlagKind.choices)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["day", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["day", "kind"], name="one_snapshot_per_day_kind")
        ]

    def __str__(self):
        return f"{self.day} {self.kind}: {self.count}"
