from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from cms.models import Article, LoginFailure, Topic


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

    list_display = ["title", "topic", "status", "workspace"]
    list_filter = ["status", "topic"]
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
