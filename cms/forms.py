"""Forms of the editing screens. They parse and validate input; services do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms import hooks, translations
from cms.body import validate_body
from cms.languages import language_choices, language_name
from cms.markup import body_from_markup, body_to_markup
from cms.models import EDITABLE_CHANGE_KINDS, Article, ChangeKind, Topic
from cms.references import references_from_text, references_to_text
from cms.services.editing import SLUG_TAKEN
from cms.templatetags.cms_tags import short_date
from cms.text import clean_line


class ArticleContentForm(forms.Form):
    title = forms.CharField(max_length=300, label=_("Title"))
    summary = forms.CharField(
        required=False, label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2})
    )
    topic = forms.ModelChoiceField(queryset=Topic.objects.all(), required=False, label=_("Topic"))
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 24, "class": "markup"}),
        help_text=_(
            "Markdown: “## ” a heading, “- ” or “1. ” a list item, **bold**, *italic*, "
            "[text](address), tables, “::: warning” callouts; a blank line ends a paragraph."
        ),
    )
    references = forms.CharField(
        required=False,
        label=_("Sources"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "references", "spellcheck": "false"}),
        help_text=_(
            "One per line: “doi:10.1056/NEJMoa2034577”, “pmid:12345678”, "
            "“https://…” or “guideline: Name | version | 5/1/2024”; a note after “ — ”. "
            "A change to the sources is substantive."
        ),
    )
    reason = forms.CharField(
        max_length=200, label=_("Reason"), help_text=_("Why this change was made (required).")
    )

    def clean_title(self):
        return clean_line(self.cleaned_data["title"], gettext("The title"))

    def clean_references(self):
        return references_from_text(self.cleaned_data["references"])

    def clean_reason(self):
        return clean_line(self.cleaned_data["reason"], gettext("The reason"))

    def clean_body(self):
        blocks = body_from_markup(self.cleaned_data["body"])
        validate_body(blocks)
        return blocks

    def add_validation_error(self, error: ValidationError) -> None:
        """Attach a model ValidationError to the matching fields (or to the form)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class ArticlePreviewForm(forms.Form):
    """The title and body being edited, for a preview (nothing is saved)."""

    title = forms.CharField(max_length=300, label=_("Title"))
    body = forms.CharField(label=_("Body"))
    references = forms.CharField(required=False, label=_("Sources"))

    def clean_title(self):
        return clean_line(self.cleaned_data["title"], gettext("The title"))

    def clean_body(self):
        return body_from_markup(self.cleaned_data["body"])

    def clean_references(self):
        return references_from_text(self.cleaned_data["references"])


class ArticleCreateForm(ArticleContentForm):
    slug = forms.SlugField(
        max_length=300,
        required=False,
        label=_("Slug"),
        help_text=_("Left empty, it is made from the title."),
    )
    field_order = ["title", "slug", "summary", "topic", "body", "references", "reason"]

    def __init__(self, *args, source: Article | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        extra = {}
        for hook in hooks.get_hooks(hooks.ARTICLE_CREATE_FIELDS):
            extra.update(hook(source=source))
        self.fields.update(extra)  # other apps' fields (a review policy) go after the topic
        self.order_fields(
            ["title", "slug", "summary", "topic", *extra, "body", "references", "reason"]
        )

    def extra_data(self) -> dict:
        """The cleaned values of the fields other apps added (for ARTICLE_CREATED hooks)."""
        own = set(type(self).base_fields)
        return {name: value for name, value in self.cleaned_data.items() if name not in own}

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("slug"):
            data["slug"] = slugify(data["title"])[:300]
        if data.get("slug") and Article.objects.filter(slug=data["slug"]).exists():
            self.add_error("slug", gettext(SLUG_TAKEN))
        return data


class LanguageField(forms.ChoiceField):
    """A language of ``language_choices()``. The choices shown may be fewer (the languages
    still free), but every known language passes here, so that a taken one gets the form's
    own message rather than "not one of the available choices"."""

    def valid_value(self, value):
        return value in dict(language_choices())


class ArticleTranslateForm(ArticleCreateForm):
    """A new article translating ``source``, from the source revision it was opened on (kept
    in a hidden field, so that the pin is what the translator read)."""

    language = LanguageField(label=_("Language of the translation"))
    source_revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, source: Article, **kwargs):
        super().__init__(*args, source=source, **kwargs)
        self.source = source
        taken = {source.language, *source.translations.values_list("language", flat=True)}
        self.fields["language"].choices = [
            (code, name) for code, name in language_choices() if code not in taken
        ]
        self.order_fields(["language", *self.fields])

    @classmethod
    def for_source(cls, source: Article):
        """The form prefilled from the source revision a translation starts from (its live
        one, else its newest)."""
        pin = translations.default_pin(source)
        return cls(
            source=source,
            initial={
                "title": pin.title,
                "summary": pin.summary,
                "topic": pin.topic_id,
                "body": body_to_markup(pin.body),
                "references": references_to_text(pin.references),
                "source_revision": pin.history_id,
            },
        )

    @property
    def refusal(self) -> str | None:
        """Why ``source`` cannot be translated at all, or None."""
        if self.source.translation_of_id is not None:
            return gettext("“%(title)s” is itself a translation: translate its source instead.") % {
                "title": self.source.title
            }
        return None

    def clean_language(self):
        language = self.cleaned_data["language"]
        if language == self.source.language:
            raise ValidationError(
                _("The source is in %(language)s already: choose another language."),
                params={"language": language_name(language)},
            )
        taken = self.source.translations.filter(language=language).first()
        if taken is not None:
            raise ValidationError(
                _("“%(title)s” is already its %(language)s version: edit that one instead."),
                params={"title": taken.title, "language": language_name(language)},
            )
        return language

    def clean_source_revision(self):
        number = self.cleaned_data["source_revision"]
        revision = self.source.history.filter(history_id=number).first()
        if revision is None:
            raise ValidationError(
                _("Revision %(number)s is not a revision of “%(title)s”."),
                params={"number": number, "title": self.source.title},
            )
        return revision

    def clean(self):
        if self.refusal:
            self.add_error(None, self.refusal)
        data = self.cleaned_data
        if data.get("title") and not data.get("slug") and data.get("language"):
            # The title is often the source's at first: its slug is taken, so add the language.
            slug = slugify(data["title"])[:280]
            if Article.objects.filter(slug=slug).exists():
                slug = f"{slug}-{data['language'].lower()}"
            data["slug"] = slug
        return super().clean()


class SourceRevisionField(forms.ModelChoiceField):
    """A revision of a translation's source, labelled "Revision N · date · kind"."""

    def label_from_instance(self, revision):
        return gettext("Revision %(number)s · %(date)s · %(kind)s") % {
            "number": revision.history_id,
            "date": short_date(revision.history_date.date()),
            "kind": revision.get_change_kind_display() or "—",
        }


def source_revision_choices(article: Article):
    """The source revisions a translation may say it is up to date with: from its current pin
    up to the source's live revision (or newest, before the source is live), newest first."""
    source = article.translation_of
    current = translations.default_pin(source)
    pinned = article.source_revision_id
    revisions = source.history.filter(history_id__lte=current.history_id)
    if pinned is not None:
        revisions = source.history.filter(
            Q(history_id__gte=pinned, history_id__lte=current.history_id) | Q(history_id=pinned)
        )
    return revisions.order_by("-history_id")


class ArticleEditForm(ArticleContentForm):
    """The edit form; for a translation, also the source revision it is now up to date with."""

    change_kind = forms.ChoiceField(
        choices=[(kind, ChangeKind(kind).label) for kind in EDITABLE_CHANGE_KINDS],
        widget=forms.RadioSelect,
        label=_("Kind of change"),
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    field_order = ["title", "summary", "topic", "body", "references", "change_kind", "reason"]

    def __init__(self, *args, article: Article | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if article is not None and article.translation_of_id is not None:
            self.fields["source_revision"] = SourceRevisionField(
                queryset=source_revision_choices(article),
                empty_label=None,
                label=_("Up to date with source revision"),
                help_text=_(
                    "The source revision whose content this translation now matches. Moving past "
                    "a substantive change of the source is a substantive change here too."
                ),
            )
            self.order_fields(
                ["title", "summary", "topic", "body", "references", "source_revision"]
            )

    @classmethod
    def for_article(cls, article: Article, base_revision_id: int):
        initial = {
            "title": article.title,
            "summary": article.summary,
            "topic": article.topic,
            "body": body_to_markup(article.body),
            "references": references_to_text(article.references),
            "base_revision": base_revision_id,
        }
        if article.translation_of_id is not None:
            initial["source_revision"] = article.source_revision_id
        return cls(article=article, initial=initial)

    def changes(self) -> dict:
        fields = ("title", "summary", "topic", "body", "references", "source_revision")
        return {name: self.cleaned_data[name] for name in fields if name in self.fields}


class ArticleFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *Article.Status.choices], required=False, label=_("Status")
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), required=False, empty_label=_("Any topic"), label=_("Topic")
    )

    def __init__(self, *args, extensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for extension in extensions:  # other apps' filters (policy, due window)
            self.fields.update(extension.fields)
