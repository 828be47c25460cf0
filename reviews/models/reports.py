"""Stored dashboard figures."""

from django.db import models


class ReportSnapshot(models.Model):
    """The dashboard's heavier figures (aging, forecast, top topics and reviewers), computed
    after each full scan so that the dashboard reads one row, whatever the library's size."""

    day = models.DateField(unique=True)
    computed_at = models.DateTimeField()
    figures = models.JSONField()

    class Meta:
        ordering = ["-day"]

    def __str__(self):
        return f"Report figures for {self.day}"
