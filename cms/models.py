"""Content: topics (the condition index) and articles with their revision history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .body import validate_body
from .languages import default_language, validate_language
from .references import validate_references


class ChangeKind(models.TextChoices):
    EDITORIAL = "editorial", "Editorial (wording or format, no clinical change)"
    SUBSTANTIVE = "substantive", "Substantive (clinical change, needs sign-off)"
    REVIEWED_NO_CHANGE = "reviewed_no_change", "Reviewed, no change"
    IMPORTED = "imported", "Imported"


# The kinds an editor chooses when saving (the others are written by reviews and imports).
EDITABLE_CHANGE_KINDS = (ChangeKind.EDITORIAL, ChangeKind.SUBSTANTIVE)


class Topic(models.Model):
    """A condition-index entry such as "Acute Lymphocytic Leukemia"."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    @property
    def letter(self) -> str:
        """The index letter: the first letter of the name, upper-case ("#" for none)."""
        for char in self.name:
            if char.isalpha():
                return char.upper()
        return "#"


class RevisionMeta(models.Model):
    """Extra columns on every historical article row: what kind of change it was."""

    change_kind = models.CharField(max_length=32, choices=ChangeKind.choices, blank=True)

    class Meta:
        abstract = True


class Article(models.Model):
    """A patient sheet. Its history rows are its revisions; ``live_revision`` is what the
    public sees. Apps keep their own state about an article in their own tables (the reviews
    app: its policy and due dates, one-to-one)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_REVIEW = "awaiting_review", "Awaiting review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=300, unique=True)
    summary = models.TextField(blank=True)
    body = models.JSONField(default=list, validators=[validate_body])
    # Its sources (DOIs, PMIDs, guidelines, web pages): part of every revision and of the
    # signed content hash (cms/references.py, docs/references.md).
    references = models.JSONField(blank=True, default=list, validators=[validate_references])
    source = models.CharField(
        max_length=200, blank=True, help_text="The publisher, as in the sheet's copyright line."
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_articles",
        help_text="The owning editor.",
    )
    originated_on = models.DateField()
    # Language versions (cms/translations.py): each is an article of its own, with its own
    # revisions and review; a translation records the source revision it was translated from,
    # and every revision of it keeps that pin.
    language = models.CharField(
        max_length=35,
        default=default_language,
        validators=[validate_language],
        help_text="BCP 47 language tag, such as en, es or es-MX.",
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translations",
        help_text="The source article this is a translation of.",
    )
    source_revision = models.ForeignKey(
        "cms.HistoricalArticle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The revision of the source this translation is up to date with.",
    )
    last_substantive_revision_at = models.DateTimeField(null=True, blank=True)
    # Part of each revision, written by save_revision (cms/readability.py). Null on revisions
    # saved before grades existed: signed ones are append-only, so they are graded when read.
    reading_grade = models.FloatField(
        null=True, blank=True, editable=False, help_text="Flesch–Kincaid grade of the words."
    )
    smog_grade = models.FloatField(
        null=True, blank=True, editable=False, help_text="SMOG grade of the words."
    )

    live_text = models.TextField(
        blank=True,
        editable=False,
        help_text="The live revision's title and words as plain text, for matching terms.",
    )
    live_revision = models.ForeignKey(
        "cms.HistoricalArticle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The approved revision the public sees.",
    )
    # Withdrawn from the public (the public URL answers 410), whatever its status, so that
    # restoring brings it back as it was. Kept out of the revisions: it is not the words.
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(blank=True, default="", db_default="", editable=False)

    history = HistoricalRecords(
        bases=[RevisionMeta],
        # Reasons name files and can be long; a 100-character column would cut them.
        history_change_reason_field=models.TextField(null=True),
        excluded_fields=["live_revision", "live_text", "withdrawn_at", "withdrawal_reason"],
    )

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["title", "id"], name="cms_article_title_id")]
        constraints = [
            # A partial index: SQLite adds it without rebuilding the table (see migration 0006).
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=models.Q(translation_of__isnull=False),
                name="cms_one_version_per_language",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cms:article-detail", kwargs={"slug": self.slug})

    def clean(self):
        """A translation names its source and the source revision it was made from; the source
        is an original (not itself a translation), in another language."""
        super().clean()
        from .translations import translation_errors  # the rule lives with the translations

        errors = translation_errors(self)
        if errors:
            raise ValidationError(errors)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def status_label(self) -> str:
        """The status as people read it. A draft that has a live revision is a live article
        whose pending changes were sent back to its editor: "Live · changes requested"."""
        if self.withdrawn_at is not None:
            return "Withdrawn"
        if self.status == self.Status.DRAFT and self.live_revision_id:
            return "Live · changes requested"
        return self.get_status_display()


class LoginFailure(models.Model):
    """A failed login, kept to throttle guessing. Shared through the database, so the limit
    holds across every web process."""

    username = models.CharField(max_length=150, db_index=True)
    client_key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username} at {self.at:%Y-%m-%d %H:%M}"
