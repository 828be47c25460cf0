"""Clinical events that may make sheets out of date."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cms.templatetags.cms_tags import us_date
from cms.text import clean_line
from reviews.choices import EventKind


class ClinicalEvent(models.Model):
    """Something that changed in the world (an approval, a boxed warning, a new guideline) and
    may make sheets naming its term out of date. Articles whose live text names the term or a
    synonym as a whole word, and whose last review predates the event, are flagged ``trigger``.
    """

    term = models.CharField(max_length=200, help_text="A drug or guideline name.")
    synonyms = models.JSONField(
        default=list, blank=True, help_text="Other names, e.g. brand names: a list of strings."
    )
    event_date = models.DateField()
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    note = models.TextField(blank=True)
    source_url = models.URLField(blank=True, max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-event_date", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "event_date", "kind"], name="unique_clinical_event"
            )
        ]

    def __str__(self):
        return f"{self.term}: {self.get_kind_display()} on {us_date(self.event_date)}"

    @property
    def names(self) -> list[str]:
        """The term and its synonyms, without blanks or repeats (case-insensitive)."""
        seen, names = set(), []
        for name in [self.term, *(self.synonyms or [])]:
            name = (name or "").strip()
            if name and name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
        return names

    def clean(self):
        """Normalise the term and synonyms (``cms.text.clean_line``); raises ValidationError
        for synonyms that are not a list of names, or a term or synonym with a refused
        character."""
        if not isinstance(self.synonyms, list) or not all(
            isinstance(name, str) for name in self.synonyms
        ):
            raise ValidationError({"synonyms": "Synonyms must be a list of names."})
        errors = {}
        try:
            self.term = clean_line(self.term, "The term")
        except ValidationError as error:
            errors["term"] = error
        try:
            self.synonyms = [clean_line(name, "A synonym") for name in self.synonyms]
        except ValidationError as error:
            errors["synonyms"] = error
        if errors:
            raise ValidationError(errors)
