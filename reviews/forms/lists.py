"""Actions on the articles ticked on a list: bulk actions and withdrawal."""

from django import forms
from django.core import validators
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.text import clean_line
from reviews.choices import BulkAction
from reviews.forms.reviewers import ReviewerField

MAX_BULK_ARTICLES = 200  # a few pages of the lists; more is refused, not truncated


class ArticleSlugsField(forms.Field):
    """The slugs of the articles ticked on a list (``articles``, repeated): at most ``limit``,
    each a slug; the server looks them up again."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, limit: int, **kwargs):
        super().__init__(**kwargs)
        self.limit = limit

    def to_python(self, value) -> list[str]:
        values = [value] if isinstance(value, str) else list(value or [])
        if len(values) > self.limit:
            raise forms.ValidationError(
                _("Select at most %(limit)s articles at once.") % {"limit": self.limit}
            )
        slugs = [str(v).strip() for v in values if str(v).strip()]
        for slug in slugs:
            validators.validate_slug(slug)
        return slugs

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Select at least one article."), code="required")


class BulkActionForm(forms.Form):
    """One action on the articles ticked on a list: what, on which, and its reviewer or reason."""

    action = forms.ChoiceField(choices=BulkAction.choices)
    articles = ArticleSlugsField(limit=MAX_BULK_ARTICLES)
    reviewer = ReviewerField(required=False)
    reason = forms.CharField(required=False, max_length=500)

    def clean_reason(self):
        return clean_line(self.cleaned_data["reason"], "The reason")

    def clean(self):
        data = super().clean()
        if data.get("action") == BulkAction.WITHDRAW and not data.get("reason"):
            self.add_error("reason", _("Say why the articles are withdrawn."))
        if data.get("action") == BulkAction.ASSIGN and not data.get("reviewer"):
            self.add_error("reviewer", _("Name the reviewer to assign."))
        return data


class WithdrawalForm(forms.Form):
    reason = forms.CharField(max_length=500, label=gettext_lazy("Why"))

    def clean_reason(self):
        return clean_line(self.cleaned_data["reason"], "The reason")
