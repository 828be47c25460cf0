"""Forms of the editing screens. They parse and validate input; services do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from cms import hooks
from cms.body import validate_body
from cms.markup import body_from_markup, body_to_markup
from cms.models import EDITABLE_CHANGE_KINDS, Article, ChangeKind, Topic
from cms.references import references_from_text, references_to_text
from cms.services.editing import SLUG_TAKEN
from cms.text import clean_line


class ArticleContentForm(forms.Form):
    title = forms.CharField(max_length=300)
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    topic = forms.ModelChoiceField(queryset=Topic.objects.all(), required=False)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24, "class": "markup"}),
        help_text="Markdown: “## ” a heading, “- ” or “1. ” a list item, **bold**, *italic*, "
        "[text](address), tables, “::: warning” callouts; a blank line ends a paragraph.",
    )
    references = forms.CharField(
        required=False,
        label="Sources",
        widget=forms.Textarea(attrs={"rows": 6, "class": "references", "spellcheck": "false"}),
        help_text="One per line: “doi:10.1056/NEJMoa2034577”, “pmid:12345678”, "
        "“https://…” or “guideline: Name | version | 5/1/2024”; a note after “ — ”. "
        "A change to the sources is substantive.",
    )
    reason = forms.CharField(max_length=200, help_text="Why this change was made (required).")

    def clean_title(self):
        return clean_line(self.cleaned_data["title"], "The title")

    def clean_references(self):
        return references_from_text(self.cleaned_data["references"])

    def clean_reason(self):
        return clean_line(self.cleaned_data["reason"], "The reason")

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

    title = forms.CharField(max_length=300)
    body = forms.CharField()
    references = forms.CharField(required=False)

    def clean_title(self):
        return clean_line(self.cleaned_data["title"], "The title")

    def clean_body(self):
        return body_from_markup(self.cleaned_data["body"])

    def clean_references(self):
        return references_from_text(self.cleaned_data["references"])


class ArticleCreateForm(ArticleContentForm):
    slug = forms.SlugField(
        max_length=300, required=False, help_text="Left empty, it is made from the title."
    )
    field_order = ["title", "slug", "summary", "topic", "body", "references", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extra = {}
        for hook in hooks.get_hooks(hooks.ARTICLE_CREATE_FIELDS):
            extra.update(hook())
        self.fields.update(extra)  # other apps' fields (a review policy) go after the topic
        self.order_fields(
            ["title", "slug", "summary", "topic", *extra, "body", "references", "reason"]
        )

    def extra_data(self) -> dict:
        """The cleaned values of the fields other apps added (for ARTICLE_CREATED hooks)."""
        own = set(ArticleCreateForm.base_fields)
        return {name: value for name, value in self.cleaned_data.items() if name not in own}

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("slug"):
            data["slug"] = slugify(data["title"])[:300]
        if data.get("slug") and Article.objects.filter(slug=data["slug"]).exists():
            self.add_error("slug", SLUG_TAKEN)
        return data


class ArticleEditForm(ArticleContentForm):
    change_kind = forms.ChoiceField(
        choices=[(kind, ChangeKind(kind).label) for kind in EDITABLE_CHANGE_KINDS],
        widget=forms.RadioSelect,
        label="Kind of change",
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    field_order = ["title", "summary", "topic", "body", "references", "change_kind", "reason"]

    @classmethod
    def for_article(cls, article: Article, base_revision_id: int):
        return cls(
            initial={
                "title": article.title,
                "summary": article.summary,
                "topic": article.topic,
                "body": body_to_markup(article.body),
                "references": references_to_text(article.references),
                "base_revision": base_revision_id,
            }
        )

    def changes(self) -> dict:
        fields = ("title", "summary", "topic", "body", "references")
        return {name: self.cleaned_data[name] for name in fields}


class ArticleFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
    status = forms.ChoiceField(
        choices=[("", "Any status"), *Article.Status.choices], required=False
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), required=False, empty_label="Any topic"
    )

    def __init__(self, *args, extensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for extension in extensions:  # other apps' filters (policy, due window)
            self.fields.update(extension.fields)
