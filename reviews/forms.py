"""Forms of the review screens."""

from django import forms
from django.db.models import Q

from cms.models import ChangeKind
from reviews.choices import REVIEWER_MEANINGS, AuditAction, FlagKind, SignOffMeaning
from reviews.models import Reviewer, ReviewPolicy
from reviews.selectors import OVERDUE_SORTS

MAX_REVIEWERS = 4


class SignOffForm(forms.Form):
    meaning = forms.ChoiceField(
        choices=[
            (meaning, "Request changes" if meaning == SignOffMeaning.CHANGES_REQUESTED else label)
            for meaning, label in SignOffMeaning.choices
            if meaning in REVIEWER_MEANINGS
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


class OverdueFilterForm(forms.Form):
    """The overdue report's filters; ``selector_filters`` turns them into selector arguments."""

    flag = forms.MultipleChoiceField(
        choices=FlagKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    topic = forms.CharField(required=False, help_text="Topic name")
    policy = forms.ModelChoiceField(
        queryset=ReviewPolicy.objects.all(), required=False, empty_label="Any policy"
    )
    reviewer = forms.CharField(required=False, help_text="Name, with or without credentials")
    editor = forms.CharField(required=False, help_text="Username")
    min_days = forms.IntegerField(required=False, label="Days overdue from")
    max_days = forms.IntegerField(required=False, label="to")
    sort = forms.ChoiceField(choices=[(key, key) for key in OVERDUE_SORTS], required=False)

    def clean(self):
        data = super().clean()
        low, high = data.get("min_days"), data.get("max_days")
        if low is not None and high is not None and low > high:
            self.add_error("max_days", "The range ends before it starts.")
        return data

    def selector_filters(self) -> dict:
        data = self.cleaned_data
        return {
            "flags": data.get("flag") or None,
            "topic": data.get("topic") or None,
            "policy": data["policy"].name if data.get("policy") else None,
            "reviewer": data.get("reviewer") or None,
            "editor": data.get("editor") or None,
            "min_days": data.get("min_days"),
            "max_days": data.get("max_days"),
            "sort": data.get("sort") or "days_overdue",
        }


class ReassignForm(forms.Form):
    from_reviewer = forms.ModelChoiceField(queryset=Reviewer.objects.all(), label="From")
    to_reviewer = forms.ModelChoiceField(queryset=Reviewer.objects.none(), label="To")
    reason = forms.CharField(max_length=200)

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_reviewer"].queryset = eligible

    def clean(self):
        data = super().clean()
        if data.get("from_reviewer") and data.get("from_reviewer") == data.get("to_reviewer"):
            self.add_error("to_reviewer", "Choose another reviewer to move the articles to.")
        return data


class ReaderReportForm(forms.Form):
    message = forms.CharField(
        label="What is wrong on this page?",
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(required=False, label="Leave this empty")


class DismissFlagForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Why no action is needed")
