"""User accounts: roles and activation audited; users with history are deactivated."""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from reviews.admin.base import RefusalsAsMessages
from reviews.services.accounts import (
    AccountRefused,
    UserHasHistory,
    deactivate_instead_message,
    history_of,
    save_account,
    set_roles,
    users_with_history,
)

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(RefusalsAsMessages, DjangoUserAdmin):
    """Django's user admin, with every change to roles (groups, own permissions, staff and
    superuser status) and to "active" made and audited by reviews.services.accounts. A user
    with history is deactivated, never deleted."""

    refusals = (AccountRefused, UserHasHistory)
    actions = ["delete_selected", "deactivate_selected"]

    def save_model(self, request, obj, form, change):
        save_account(user=obj, actor=request.user, at=timezone.now())

    def save_related(self, request, form, formsets, change):
        # Instead of form.save_m2m(): the user's only many-to-many fields are its roles.
        data = form.cleaned_data
        if "groups" in data or "user_permissions" in data:
            set_roles(
                user=form.instance,
                groups=data.get("groups"),
                permissions=data.get("user_permissions"),
                actor=request.user,
                at=timezone.now(),
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if user is not None and self.has_delete_permission(request, user):
            history = history_of(user)
            if history:
                self.message_user(
                    request, deactivate_instead_message(user, history), messages.ERROR
                )
                return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)

    @admin.action(permissions=["delete"], description="Delete selected users")
    def delete_selected(self, request, queryset):
        kept = sorted(user.get_username() for user in users_with_history(queryset))
        if kept:
            self.message_user(
                request,
                f"Nothing was deleted: {', '.join(kept)} "
                f"{'has' if len(kept) == 1 else 'have'} history, and deleting would erase who "
                "did what. Deactivate instead.",
                messages.ERROR,
            )
            return None
        return django_delete_selected(self, request, queryset)

    @admin.action(permissions=["change"], description="Deactivate selected users")
    def deactivate_selected(self, request, queryset):
        at = timezone.now()
        users = list(queryset.filter(is_active=True))
        for user in users:
            user.is_active = False
            save_account(user=user, actor=request.user, at=at)
        self.message_user(request, f"{len(users)} deactivated.", messages.SUCCESS)
