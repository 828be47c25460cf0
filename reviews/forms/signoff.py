"""The reviewer's signature form."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews.choices import APPROVING_MEANINGS, REVIEWER_MEANINGS, SignOffMeaning
from reviews.services.signoff import SOURCES_STATEMENT


class SignOffForm(forms.Form):
    meaning = forms.ChoiceField(
        choices=[
            (
                meaning,
                gettext_lazy("Request changes")
                if meaning == SignOffMeaning.CHANGES_REQUESTED
                else label,
            )
            for meaning, label in SignOffMeaning.choices
            if meaning in REVIEWER_MEANINGS
        ],
        widget=forms.RadioSelect,
        label=gettext_lazy("What your signature means"),
    )
    comment = forms.CharField(
        required=False,
        label=gettext_lazy("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when you request changes."),
    )
    sources_checked = forms.BooleanField(
        required=False,
        label=SOURCES_STATEMENT,
        help_text=gettext_lazy("Required to approve; recorded with your signature."),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Re-enter your password: it is your electronic signature."),
    )
    revision_id = forms.IntegerField(widget=forms.HiddenInput)
    content_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean(self):
        data = super().clean()
        if (
            data.get("meaning") == SignOffMeaning.CHANGES_REQUESTED
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Say what needs to change."))
        if data.get("meaning") in APPROVING_MEANINGS and not data.get("sources_checked"):
            self.add_error("sources_checked", _("An approval states that you checked the sources."))
        return data
