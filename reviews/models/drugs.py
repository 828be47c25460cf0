"""The drug vocabulary (issue 18): concepts, their names, label versions seen, and the drug
mentions stored for each article's live text."""

from django.db import models
from django.db.models import Q


class NameKind(models.TextChoices):
    INGREDIENT = "ingredient", "Ingredient"
    BRAND = "brand", "Brand name"
    SYNONYM = "synonym", "Synonym"


class DrugConcept(models.Model):
    """One drug as the vocabulary knows it: an ingredient (RxNorm IN), or a term entered by
    hand with an event. Brand names and synonyms are its ``names``."""

    name = models.CharField(max_length=200, help_text="The preferred ingredient name.")
    rxcui = models.CharField(
        max_length=20, null=True, blank=True, help_text="RxNorm RXCUI of the ingredient."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["rxcui"], condition=Q(rxcui__isnull=False), name="unique_drug_rxcui"
            )
        ]

    def __str__(self):
        return self.name


class DrugName(models.Model):
    """A name that means ``concept`` in an article: the ingredient, a brand, a synonym.
    ``normalised`` (``reviews.drugdata.names.normalise``) is what the matcher looks for; a
    stoplisted name (a brand that is a common word, "Today", "Aspire") is never matched."""

    concept = models.ForeignKey(DrugConcept, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=300)
    normalised = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=NameKind.choices)
    stoplisted = models.BooleanField(default=False)

    class Meta:
        ordering = ["normalised"]
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "normalised"], name="unique_drug_name_per_concept"
            )
        ]
        indexes = [models.Index(fields=["normalised"], name="reviews_drugname_normalised")]

    def __str__(self):
        return self.name


class LabelVersion(models.Model):
    """A version of an openFDA drug label seen by an import: enough to tell whether the next
    version's boxed warning is new or changed (the SHA-256 of its text, "" for none)."""

    set_id = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    effective_on = models.DateField()
    boxed_warning_sha256 = models.CharField(max_length=64, blank=True)
    concept = models.ForeignKey(
        DrugConcept, null=True, on_delete=models.SET_NULL, related_name="label_versions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["set_id", "version"], name="unique_label_version")
        ]

    def __str__(self):
        return f"{self.set_id} v{self.version}"


class DrugMention(models.Model):
    """``article``'s live text names ``concept`` (by any of its names), as matched on
    ``revision`` (the live revision when it was matched). Derived state: rebuilt by
    ``reviews.services.mentions``; the scan joins it to the events of the concept."""

    article = models.ForeignKey("cms.Article", on_delete=models.CASCADE, related_name="+")
    concept = models.ForeignKey(DrugConcept, on_delete=models.CASCADE, related_name="mentions")
    revision = models.ForeignKey(
        "cms.HistoricalArticle",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "concept"], name="unique_drug_mention")
        ]
        # The scan goes from events to the articles naming their concept.
        indexes = [models.Index(fields=["concept", "article"], name="reviews_mention_concept")]

    def __str__(self):
        return f"{self.article_id} names {self.concept_id}"
