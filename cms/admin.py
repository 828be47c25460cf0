from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from cms.models import Article, LoginFailure, Topic
from cms.services.login_throttle import PER_USERNAME, WINDOW, clear_lock, failures_by_username


def workspace_links(article: Article) -> str:
    """Links to where an article is worked on: the editor's edit page and its history."""
    return format_html(
        '<a href="{}">Edit in the workspace</a> · <a href="{}">History and sign-offs</a>',
        reverse("cms:article-edit", args=[article.slug]),
        reverse("cms:article-history", args=[article.slug]),
    )


class ViewOnlyMixin:
    """The admin shows these rows and nothing more: no add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's "revert" page saves on POST for anyone who may merely *view* the
    history. Here only those who may change the record may revert it, and then through the
    admin's save_model, which calls the services."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "letter", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(ViewOnlyMixin, GuardedHistoryAdmin):
    """Articles are shown here, never added, changed or deleted: every change is a revision
    with a kind and a reason, made in the workspace, where a substantive one waits for its
    sign-offs. The page links there."""

    list_display = ["title", "language", "topic", "status", "workspace"]
    list_filter = ["status", "language", "topic"]
    search_fields = ["title", "slug"]
    list_select_related = ["topic"]
    readonly_fields = ["workspace"]
    history_list_display = ["change_kind"]

    @admin.display(description="Workspace")
    def workspace(self, obj):
        return workspace_links(obj)

    def get_fields(self, request, obj=None):
        return ["workspace", *(f for f in super().get_fields(request, obj) if f != "workspace")]

    def save_model(self, request, obj, form, change):
        raise PermissionDenied  # no route here saves an article; see the class docstring


class LockedNowFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", "Locked now")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(recent_failures__gte=PER_USERNAME)
        return queryset


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed logins and signing passwords, one row per username: how many within the
    throttle's window, the last one, and whether the username is locked. Deleting a row clears
    every failure of its username (lifting the lock); the admin's log records who did it."""

    list_display = ["username", "recent_failures", "last_failure", "locked"]
    list_filter = [LockedNowFilter]
    search_fields = ["username"]
    readonly_fields = ["username", "at"]
    fields = ["username", "at"]

    def get_queryset(self, request):
        return failures_by_username(at=timezone.now())

    def get_ordering(self, request):
        return ["-last_failure"]  # an annotation, so not in ``ordering`` (checked as a field)

    @admin.display(
        description=f"Failures in {WINDOW.seconds // 60} min", ordering="recent_failures"
    )
    def recent_failures(self, obj):
        return obj.recent_failures

    @admin.display(description="Last failure", ordering="last_failure")
    def last_failure(self, obj):
        return obj.last_failure

    @admin.display(description="Locked", boolean=True)
    def locked(self, obj):
        return obj.recent_failures >= PER_USERNAME

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def log_deletions(self, request, queryset):
        return LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=queryset,
            action_flag=DELETION,
            change_message="Cleared the lock: forgot every failure kept for this username.",
        )

    def delete_model(self, request, obj):
        clear_lock(username=obj.username)

    def delete_queryset(self, request, queryset):
        for username in {obj.username for obj in queryset}:
            clear_lock(username=username)
