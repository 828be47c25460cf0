"""Filters of the audit trail and the review-status report."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import ChangeKind
from reviews.choices import AuditAction


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("", gettext_lazy("Any action")), *AuditAction.choices],
        required=False,
        label=gettext_lazy("Action"),
    )
    change_kind = forms.ChoiceField(
        choices=[("", gettext_lazy("Any kind")), *ChangeKind.choices],
        required=False,
        label=gettext_lazy("Change kind"),
    )
    actor = forms.CharField(required=False, label=gettext_lazy("User"))
    article = forms.CharField(required=False, label=gettext_lazy("Article"))
    since = forms.DateField(
        required=False,
        label=gettext_lazy("Since"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        required=False,
        label=gettext_lazy("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class _AllAtOnce(forms.models.ModelChoiceIterator):
    """The choices of a short list in one plain query (the default iterator opens a
    server-side cursor on PostgreSQL: three round trips for three policies)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class PolicyChoiceField(forms.ModelChoiceField):
    """A review policy by name (any case). A number picks by id, as older links did."""

    iterator = _AllAtOnce

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        match = Q(name__iexact=text) | (Q(pk=int(text)) if text.isdigit() else Q(pk__in=[]))
        found = list(self.queryset.filter(match)[:2])
        if len(found) != 1:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found[0]


class ReviewStatusFilterForm(forms.Form):
    """The base form of the review-status report's FilterSet
    (``reviews.reports.review_status_filter.ReviewStatusFilter`` declares the fields)."""

    def clean(self):
        data = super().clean()
        low, high = data.get("min_days"), data.get("max_days")
        if low is not None and high is not None and low > high:
            self.add_error("max_days", _("The range ends before it starts."))
        low, high = data.get("min_grade"), data.get("max_grade")
        if low is not None and high is not None and low > high:
            self.add_error("max_grade", _("The range ends before it starts."))
        return data
