"""The reports' language filter: a BCP 47 tag (any case, "_" for "-"), checked and written in
its standard form by ``cms.languages.standard_language``. A bare language ("es") takes in its
regional forms ("es-MX"). A tag that is not one is a form error (the API's 400), never a 500."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.languages import covered_by_q, standard_language
from reviews.widgets import TextInputOnce


class LanguageField(forms.CharField):
    """A BCP 47 tag, cleaned to its standard form ("ES-mx" -> "es-MX")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 35)  # RFC 5646 asks for at least 35 characters
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return standard_language(value)
        except ValidationError as error:
            raise ValidationError(error.messages, code="invalid_language") from None


class LanguageFilter(django_filters.CharFilter):
    """Articles in the chosen language (``covered_by_q``)."""

    field_class = LanguageField

    def __init__(self, *, field_name: str = "language", **kwargs):
        kwargs.setdefault("label", _("Language"))
        kwargs.setdefault(
            "help_text",
            _("A language tag, such as en, es or es-MX; es takes in es-MX and every other es."),
        )
        kwargs.setdefault(
            "widget", TextInputOnce(attrs={"list": "article-languages", "autocomplete": "off"})
        )
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(covered_by_q(value, self.field_name))
