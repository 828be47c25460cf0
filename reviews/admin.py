from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import (
    ArticleReviewer,
    AuditEvent,
    ClinicalEvent,
    FlagSnapshot,
    Notification,
    ReaderReport,
    ReportSnapshot,
    Reviewer,
    ReviewFlag,
    ReviewPolicy,
    SignOff,
)
from reviews.services.policies import save_policy


class AppendOnlyAdmin(admin.ModelAdmin):
    """For append-only records: the admin shows them and nothing more."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "interval_months",
        "review_window_days",
        "withdrawal_after_months",
        "required_signoffs",
        "is_default",
    ]

    def save_model(self, request, obj, form, change):
        save_policy(policy=obj, actor=request.user, at=timezone.now())


@admin.register(Reviewer)
class ReviewerAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "credentials", "specialty", "credentials_expire_on", "active"]
    list_filter = ["active"]
    search_fields = ["full_name", "credentials", "specialty"]
    raw_id_fields = ["user"]


@admin.register(ArticleReviewer)
class ArticleReviewerAdmin(admin.ModelAdmin):
    list_display = ["article", "position", "role", "reviewer"]
    search_fields = ["article__title", "reviewer__full_name"]
    autocomplete_fields = ["reviewer"]
    raw_id_fields = ["article"]
    list_select_related = ["article", "reviewer"]


@admin.register(SignOff)
class SignOffAdmin(AppendOnlyAdmin):
    """Sign-offs are append-only: the admin shows them and nothing more."""

    list_display = ["article", "reviewer_name", "reviewer_credentials", "meaning", "signed_at"]
    list_filter = ["meaning"]
    search_fields = ["article__title", "reviewer_name"]
    list_select_related = ["article"]


@admin.register(ReviewFlag)
class ReviewFlagAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "raised_on", "resolved_on"]
    list_filter = ["kind", ("resolved_on", admin.EmptyFieldListFilter)]
    search_fields = ["article__title", "detail"]
    readonly_fields = ["article", "kind", "raised_on"]
    list_select_related = ["article"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin):
    """The audit trail is append-only: the admin shows it and nothing more."""

    list_display = ["at", "action", "actor", "article", "change_kind"]
    list_filter = ["action", "change_kind"]
    search_fields = ["article__title", "detail"]
    list_select_related = ["actor", "article"]


@admin.register(ClinicalEvent)
class ClinicalEventAdmin(SimpleHistoryAdmin):
    list_display = ["term", "kind", "event_date", "source_url"]
    list_filter = ["kind"]
    search_fields = ["term", "note"]
    date_hierarchy = "event_date"


@admin.register(ReaderReport)
class ReaderReportAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "article", "message"]
    search_fields = ["article__title", "message"]
    list_select_related = ["article"]


@admin.register(Notification)
class NotificationAdmin(AppendOnlyAdmin):
    list_display = ["day", "kind", "recipient", "subject", "emailed_at", "read_at"]
    list_filter = ["kind", "day"]
    search_fields = ["recipient__username", "subject"]
    list_select_related = ["recipient"]


@admin.register(FlagSnapshot)
class FlagSnapshotAdmin(AppendOnlyAdmin):
    list_display = ["day", "kind", "count"]
    list_filter = ["kind"]


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(AppendOnlyAdmin):
    list_display = ["day", "computed_at"]
