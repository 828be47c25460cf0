"""Clinical events that may make sheets out of date."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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
    # Events imported from public drug data (reviews.drugdata) carry a key that names their
    # record ("drugsfda:orig:218944"), so a re-import finds them; hand-entered ones have none.
    source_key = models.CharField(max_length=200, null=True, blank=True, editable=False)
    concept = models.ForeignKey(
        "reviews.DrugConcept",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="The drug it is about; articles naming any of the drug's names are matched.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-event_date", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "event_date", "kind"],
                condition=Q(source_key__isnull=True),
                name="unique_clinical_event",
            ),
            models.UniqueConstraint(
                fields=["source_key"],
                condition=Q(source_key__isnull=False),
                name="unique_clinical_event_source",
            ),
        ]
        # The scan joins mentions to the events of their concept.
        indexes = [models.Index(fields=["concept", "event_date"], name="reviews_event_concept")]

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
