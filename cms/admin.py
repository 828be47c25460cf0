from django import forms
from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from cms.models import Article, ChangeKind, LoginFailure, Topic
from cms.services.revisions import save_revision


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "letter", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleAdminForm(forms.ModelForm):
    change_kind = forms.ChoiceField(
        choices=[
            (ChangeKind.EDITORIAL, ChangeKind.EDITORIAL.label),
            (ChangeKind.SUBSTANTIVE, ChangeKind.SUBSTANTIVE.label),
        ],
        help_text="Every save is a revision: say what kind of change it is.",
    )
    change_reason = forms.CharField(max_length=200, help_text="Why this change was made.")

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "source",
            "topic",
            "review_policy",
            "owner",
            "originated_on",
        ]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "topic",
        "status",
        "review_policy",
        "last_reviewed_on",
        "next_review_due",
    ]
    list_filter = ["status", "review_policy", "topic"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "next_review_due"
    list_select_related = ["topic", "review_policy"]
    # Status, the live revision and review dates move only through sign-offs and publishing.
    readonly_fields = [
        "status",
        "live_revision",
        "last_reviewed_on",
        "next_review_due",
        "review_window_opens_on",
        "withdrawal_due_on",
        "last_substantive_revision_at",
    ]
    history_list_display = ["change_kind"]

    def get_readonly_fields(self, request, obj=None):
        # A policy change moves due dates; it belongs to the review domain's own screens.
        extra = ["review_policy"] if obj is not None else []
        return [*self.readonly_fields, *extra]

    def save_model(self, request, obj, form, change):
        save_revision(
            article=obj,
            kind=form.cleaned_data["change_kind"],
            reason=form.cleaned_data["change_reason"],
            at=timezone.now(),
            user=request.user,
        )


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed logins (for the throttle): visible, and removable to lift a lock early."""

    list_display = ["at", "username"]
    search_fields = ["username"]
    readonly_fields = ["at", "username", "client_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
