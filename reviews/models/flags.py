"""Flags (reasons an article needs attention), readers' reports and daily flag counts."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from reviews.choices import CloseReason, FlagKind, ReportStatus


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
    # The article's next review due, on open flags of the kinds in FLAGS_IN_DUE_ORDER (else
    # None): written when the scan raises one or a flag is reopened, and kept equal to the
    # review state by reviews.services.review_dates, the one writer of the dates. The index
    # reviews_flag_due_order (migration 0027) gives these flags in the report's due order.
    due_on = models.DateField(null=True, blank=True, editable=False)

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
    rate-limit; the address itself is not stored. Its triage (assignment, closing, reopening)
    changes only through ``reviews.services.report_triage``, which audits each step."""

    article = models.ForeignKey(
        "cms.Article", on_delete=models.CASCADE, related_name="reader_reports"
    )
    message = models.TextField()
    created_at = models.DateTimeField(db_index=True)
    client_key = models.CharField(max_length=64, db_index=True)
    flag = models.ForeignKey(
        ReviewFlag, null=True, blank=True, on_delete=models.SET_NULL, related_name="reader_reports"
    )
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_reader_reports",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closed_reader_reports",
    )
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    fixed_revision = models.ForeignKey(
        "cms.HistoricalArticle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fixed_reader_reports",
        help_text="The revision that fixed what the reader reported.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="reader_report_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status=ReportStatus.OPEN, closed_at__isnull=True, close_reason="")
                    | (Q(status=ReportStatus.CLOSED, closed_at__isnull=False) & ~Q(close_reason=""))
                ),
                name="reader_report_closed_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(fixed_revision__isnull=True) | Q(close_reason=CloseReason.FIXED),
                name="reader_report_revision_only_when_fixed",
            ),
        ]

    def __str__(self):
        return f"Report on {self.article_id} at {self.created_at:%Y-%m-%d %H:%M}"


class ReaderReportNote(models.Model):
    """A staff note on a reader's report (added through ``report_triage.add_note``, audited)."""

    report = models.ForeignKey(ReaderReport, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reader_report_notes"
    )
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note on report {self.report_id} at {self.created_at:%Y-%m-%d %H:%M}"


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
