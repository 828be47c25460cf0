"""Append-only records: shown, never changed."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from reviews.admin.base import AppendOnlyAdmin
from reviews.models import (
    AuditEvent,
    FlagSnapshot,
    Notification,
    ReaderReport,
    ReaderReportNote,
    Reminder,
    ReportSnapshot,
    SignOff,
)


@admin.register(SignOff)
class SignOffAdmin(AppendOnlyAdmin):
    """Sign-offs are append-only: the admin shows them and nothing more."""

    list_display = [
        "article",
        "reviewer_name",
        "reviewer_credentials",
        "meaning",
        "signed_at",
        "workspace",
    ]
    list_filter = ["meaning"]
    search_fields = ["article__title", "reviewer_name"]
    list_select_related = ["article"]

    def get_readonly_fields(self, request, obj=None):
        return ["workspace", *super().get_readonly_fields(request, obj)]

    @admin.display(description="Workspace")
    def workspace(self, obj):
        return format_html(
            '<a href="{}">Signed revision</a> · <a href="{}">Article history</a>',
            reverse("cms:revision-detail", args=[obj.article.slug, obj.revision_id]),
            reverse("cms:article-history", args=[obj.article.slug]),
        )


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin):
    """The audit trail is append-only: the admin shows it and nothing more."""

    list_display = ["at", "action", "actor", "article", "subject", "change_kind"]
    list_filter = ["action", "change_kind"]
    search_fields = ["article__title", "subject", "detail"]
    list_select_related = ["actor", "article"]


@admin.register(ReaderReport)
class ReaderReportAdmin(AppendOnlyAdmin):
    """Shown only: triage (assigning, notes, closing) goes through the workspace's report page,
    which audits each step (``reviews.services.reader_reports``)."""

    list_display = ["created_at", "article", "message", "status", "close_reason", "assigned_to"]
    list_filter = ["status", "close_reason"]
    search_fields = ["article__title", "message"]
    list_select_related = ["article", "assigned_to"]


@admin.register(ReaderReportNote)
class ReaderReportNoteAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "report", "author", "text"]
    search_fields = ["text", "report__article__title"]
    list_select_related = ["report", "author"]


@admin.register(Notification)
class NotificationAdmin(AppendOnlyAdmin):
    list_display = ["day", "kind", "recipient", "subject", "emailed_at", "read_at"]
    list_filter = ["kind", "day"]
    search_fields = ["recipient__username", "subject"]
    list_select_related = ["recipient"]


@admin.register(Reminder)
class ReminderAdmin(AppendOnlyAdmin):
    list_display = ["day", "article", "recipient", "due_on", "days_before", "emailed_at"]
    list_filter = ["day", "days_before"]
    search_fields = ["recipient__username", "article__title"]
    list_select_related = ["article", "recipient"]
    date_hierarchy = "day"


@admin.register(FlagSnapshot)
class FlagSnapshotAdmin(AppendOnlyAdmin):
    list_display = ["day", "kind", "count"]
    list_filter = ["kind"]


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(AppendOnlyAdmin):
    list_display = ["day", "computed_at"]
