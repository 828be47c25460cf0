"""Forms of the review screens."""

from django import forms
from django.db.models import Q

from cms.models import ChangeKind
from reviews.choices import AuditAction, SignOffMeaning
from reviews.models import Reviewer

MAX_REVIEWERS = 4


class SignOffForm(forms.Form):
    meaning = forms.ChoiceField(
        choices=[
            (SignOffMeaning.APPROVED, SignOffMeaning.APPROVED.label),
            (SignOffMeaning.REVIEWED_NO_CHANGE, SignOffMeaning.REVIEWED_NO_CHANGE.label),
            (SignOffMeaning.CHANGES_REQUESTED, "Request changes"),
        ],
        widget=forms.RadioSelect,
        label="What your signature means",
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you request changes.",
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Re-enter your password: it is your electronic signature.",
    )
    revision_id = forms.IntegerField(widget=forms.HiddenInput)
    content_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean(self):
        data = super().clean()
        if (
            data.get("meaning") == SignOffMeaning.CHANGES_REQUESTED
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", "Say what needs to change.")
        return data


class AssignReviewersForm(forms.Form):
    """Up to four reviewers, in the order they are printed."""

    def __init__(self, *args, eligible, current, **kwargs):
        super().__init__(*args, **kwargs)
        choices = Reviewer.objects.filter(
            Q(pk__in=eligible.values("pk")) | Q(pk__in=[r.pk for r in current])
        )
        for position in range(MAX_REVIEWERS):
            self.fields[f"reviewer_{position}"] = forms.ModelChoiceField(
                queryset=choices.order_by("full_name"),
                required=position == 0,
                label=f"Reviewer {position + 1}",
                initial=current[position] if position < len(current) else None,
            )

    def reviewers(self) -> list[Reviewer]:
        chosen = [self.cleaned_data.get(f"reviewer_{p}") for p in range(MAX_REVIEWERS)]
        return [reviewer for reviewer in chosen if reviewer]

    def clean(self):
        data = super().clean()
        chosen = [r.pk for r in self.reviewers()]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError("Each reviewer can be listed only once.")
        return data


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(choices=[("", "Any action"), *AuditAction.choices], required=False)
    change_kind = forms.ChoiceField(
        choices=[("", "Any kind"), *ChangeKind.choices], required=False, label="Change kind"
    )
    actor = forms.CharField(required=False, label="User")
    article = forms.CharField(required=False)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
