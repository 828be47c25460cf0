"""Shared admin pieces: refusals from services shown as messages; view-only records."""

from django.contrib import admin, messages
from django.db import router, transaction
from django.http import HttpResponseRedirect

from cms.admin import ViewOnlyMixin


class RefusalsAsMessages:
    """Shows a service's refusal (one of ``refusals``) as an error message, never a server
    error. The add, change and delete pages run in a transaction that the refusal rolls back;
    actions on the list get one too, so that a bulk action is all or nothing."""

    refusals: tuple[type[Exception], ...] = ()

    def _refused(self, request, error: Exception, url: str):
        self.message_user(request, error.args[0] if error.args else str(error), messages.ERROR)
        return HttpResponseRedirect(url)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.refusals as error:
            return self._refused(request, error, request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except self.refusals as error:
            return self._refused(request, error, request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changelist_view(request, extra_context)
        except self.refusals as error:
            return self._refused(request, error, request.get_full_path())


class AppendOnlyAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """For append-only records: the admin shows them and nothing more."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]
