"""Reader reports and their triage, and dismissing a flag."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.templatetags.cms_tags import short_datetime
from cms.text import clean_line
from reviews.choices import CloseReason


class ReaderReportForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What is wrong on this page?"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this empty"))


class ReportFilterForm(forms.Form):
    """The triage list's filters; anything unknown falls back to open reports."""

    status = forms.ChoiceField(
        choices=[
            ("open", gettext_lazy("Open")),
            ("closed", gettext_lazy("Closed")),
            ("all", gettext_lazy("All")),
        ],
        required=False,
        label=gettext_lazy("Status"),
    )
    mine = forms.BooleanField(
        required=False, label=gettext_lazy("Only mine (my articles, assigned to me)")
    )
    article = forms.SlugField(required=False, widget=forms.HiddenInput)


class AssignReportForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Nobody"),
        label=gettext_lazy("Assign to"),
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users
        self.fields["assignee"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.get_username()})" if u.get_full_name() else u.get_username()
        )


class ReportNoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseReportForm(forms.Form):
    """Why the report is closed; ``fixed`` names one of the article's revisions."""

    reason = forms.ChoiceField(
        choices=CloseReason.choices, widget=forms.RadioSelect, label=gettext_lazy("Why close it")
    )
    revision = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("The revision that fixed it"),
        empty_label=gettext_lazy("Choose a revision"),
    )

    def __init__(self, *args, revisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].queryset = revisions
        self.fields["revision"].label_from_instance = _revision_label

    def clean(self):
        data = super().clean()
        if data.get("reason") == CloseReason.FIXED and not data.get("revision"):
            self.add_error("revision", _("Choose the revision that fixed it."))
        return data


def _revision_label(revision) -> str:
    """A revision as the close form lists it: when, what kind of change, and why."""
    kind = revision.get_change_kind_display() or _("saved")
    reason = revision.history_change_reason
    return f"{short_datetime(revision.history_date)} · {kind}" + (
        f" · {reason[:80]}" if reason else ""
    )


class DismissFlagForm(forms.Form):
    reason = forms.CharField(max_length=500, label=gettext_lazy("Why no action is needed"))

    def clean_reason(self):
        return clean_line(self.cleaned_data["reason"], "The reason")
