"""Flags (through the flags service) and clinical events."""

from django import forms
from django.contrib import admin
from django.utils import timezone

from cms.admin import GuardedHistoryAdmin
from reviews.admin.base import RefusalsAsMessages
from reviews.models import (
    ClinicalEvent,
    ReviewFlag,
)
from reviews.services.flags import (
    FlagRefused,
    change_dismiss_reason,
    dismiss_flag,
    reopen_flag,
    resolve_flag,
)


class ReviewFlagAdminForm(forms.ModelForm):
    """Says which change is meant; the admin then calls that one service."""

    resolved = forms.BooleanField(
        required=False,
        help_text="Tick to resolve an open flag (with a reason below, to dismiss it as needing "
        "no action). Untick to reopen a resolved one.",
    )

    class Meta:
        model = ReviewFlag
        fields = ["dismiss_reason"]
        labels = {"dismiss_reason": "Reason for dismissal"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_resolved = self.instance.resolved_on is not None
        self.was_dismissed = self.was_resolved and self.instance.dismissed_by_id is not None
        self.reason_before = self.instance.dismiss_reason
        self.fields["resolved"].initial = self.was_resolved
        self.change_to_make = None  # "dismiss", "resolve", "reopen" or "change_reason"

    def clean(self):
        data = super().clean()
        resolved = data.get("resolved")
        reason = (data.get("dismiss_reason") or "").strip()
        if not self.was_resolved:
            if resolved:
                self.change_to_make = "dismiss" if reason else "resolve"
            elif reason:
                self.add_error("resolved", "Tick “resolved” to dismiss the flag with this reason.")
        elif not resolved:
            self.change_to_make = "reopen"  # which clears any dismissal and its reason
        elif reason != self.reason_before.strip():
            if self.was_dismissed:
                self.change_to_make = "change_reason"
            else:
                self.add_error(
                    "dismiss_reason",
                    "This flag was resolved, not dismissed: it has no reason to change.",
                )
        return data


@admin.register(ReviewFlag)
class ReviewFlagAdmin(RefusalsAsMessages, admin.ModelAdmin):
    """Flags are raised by the scan and by readers; here they are resolved, dismissed,
    reopened or their dismissal reason corrected, each through reviews.services.flags."""

    form = ReviewFlagAdminForm
    refusals = (FlagRefused,)
    list_display = ["article", "kind", "raised_on", "resolved_on", "dismissed_by"]
    list_filter = ["kind", ("resolved_on", admin.EmptyFieldListFilter)]
    search_fields = ["article__title", "detail"]
    fields = [
        "article",
        "kind",
        "raised_on",
        "detail",
        "resolved_on",
        "dismissed_by",
        "resolved",
        "dismiss_reason",
    ]
    readonly_fields = ["article", "kind", "raised_on", "detail", "resolved_on", "dismissed_by"]
    list_select_related = ["article", "dismissed_by"]

    def save_model(self, request, obj, form, change):
        where = {"flag": obj, "actor": request.user, "at": timezone.now()}
        reason = form.cleaned_data.get("dismiss_reason", "")
        if form.change_to_make == "dismiss":
            dismiss_flag(reason=reason, **where)
        elif form.change_to_make == "resolve":
            resolve_flag(**where)
        elif form.change_to_make == "reopen":
            reopen_flag(**where)
        elif form.change_to_make == "change_reason":
            change_dismiss_reason(reason=reason, **where)
        obj.refresh_from_db()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClinicalEvent)
class ClinicalEventAdmin(GuardedHistoryAdmin):
    list_display = ["term", "kind", "event_date", "source_url"]
    list_filter = ["kind"]
    search_fields = ["term", "note"]
    date_hierarchy = "event_date"
    # The drug is found from the term and synonyms when the event is saved (a receiver,
    # reviews.services.mentions.link_hand_entered_event); imported events carry their record's key.
    readonly_fields = ["concept", "source_key"]
