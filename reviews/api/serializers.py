"""API representations. Reads come from the same selectors as the web pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.models import Article, HistoricalArticle
from reviews.choices import FlagKind
from reviews.due import ReviewState, article_review_status
from reviews.models import ClinicalEvent, ReviewFlag, SignOff
from reviews.reports import review_status
from reviews.selectors import credited_signers, reasons_for_flags, signatures_of


class ReviewStatusSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=ReviewState.ALL)
    label = serializers.CharField()
    days_overdue = serializers.IntegerField(
        allow_null=True, help_text="Negative before the due day; null if never reviewed."
    )


class SignerSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="As printed at signing.")
    credentials = serializers.CharField()


class FlagLinkSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField(help_text="A path on this site, or a source's address.")


class FlagReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FlagKind.choices)
    label = serializers.CharField()
    reason = serializers.CharField(help_text="Why the flag is open, in words.")
    links = FlagLinkSerializer(many=True)


class ReviewerSerializer(serializers.Serializer):
    name = serializers.CharField()
    credentials = serializers.CharField()
    role = serializers.CharField()
    languages = serializers.ListField(
        child=serializers.CharField(),
        help_text="The languages they review in (BCP 47 tags); they sign only articles in one.",
    )


class LanguageVersionSerializer(serializers.Serializer):
    language = serializers.CharField(help_text="BCP 47 tag, such as en or es-MX.")
    slug = serializers.CharField()


class RevisionSummarySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="history_id")
    date = serializers.DateTimeField(source="history_date")
    kind = serializers.CharField(source="change_kind")
    reason = serializers.CharField(source="history_change_reason", allow_null=True)
    user = serializers.SerializerMethodField()

    class Meta:
        model = HistoricalArticle
        fields = ["id", "date", "user", "kind", "reason", "title"]

    def get_user(self, revision) -> str | None:
        return revision.history_user.get_username() if revision.history_user_id else None


class ArticleSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(
        help_text='The article\'s status; "withdrawn" while it is withdrawn from the public.'
    )
    topic = serializers.CharField(source="topic.name", allow_null=True, default=None)
    language = serializers.CharField(
        read_only=True, help_text="The article's language: a BCP 47 tag, such as en or es-MX."
    )
    translation_of = serializers.CharField(
        source="source_slug",
        read_only=True,
        allow_null=True,
        help_text="The slug of the article this one translates; null for a source.",
    )
    source_revision = serializers.IntegerField(
        source="source_revision_id",
        read_only=True,
        allow_null=True,
        help_text="The source revision this translation is up to date with; null for a source.",
    )
    translations = serializers.SerializerMethodField(
        help_text="This article's translations (for a source), by language."
    )
    policy = serializers.CharField(source="review.policy.name")
    last_reviewed = serializers.DateField(source="review.last_reviewed_on", allow_null=True)
    next_review_due = serializers.DateField(source="review.next_review_due", allow_null=True)
    review_status = serializers.SerializerMethodField(
        help_text="Where the article stands today: state, label and days overdue."
    )
    signed_by = serializers.SerializerMethodField(
        help_text="The people whose approving signatures make the live text current, as "
        "printed at signing. Assigned reviewers who never signed are not listed here."
    )
    assigned_reviewers = serializers.SerializerMethodField(
        help_text="Who is assigned to review the article next (not a signature)."
    )
    live_revision = RevisionSummarySerializer(allow_null=True)
    open_flags = serializers.SerializerMethodField()
    flag_reasons = serializers.SerializerMethodField(
        help_text="Each open flag with its reason: the due date, the event and its source, "
        "the readers' messages, or what changed since review (with a link to the diff)."
    )

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "status",
            "topic",
            "language",
            "translation_of",
            "source_revision",
            "translations",
            "policy",
            "last_reviewed",
            "next_review_due",
            "review_status",
            "live_revision",
            "signed_by",
            "assigned_reviewers",
            "open_flags",
            "flag_reasons",
        ]

    def get_status(self, article) -> str:
        return "withdrawn" if article.withdrawn_at else article.status

    @extend_schema_field(LanguageVersionSerializer(many=True))
    def get_translations(self, article):
        return [{"language": t.language, "slug": t.slug} for t in article.translations.all()]

    @extend_schema_field(ReviewStatusSerializer)
    def get_review_status(self, article):
        status = article_review_status(article, as_of=self.context["as_of"])
        return {"state": status.state, "label": status.label, "days_overdue": status.days_overdue}

    @extend_schema_field(SignerSerializer(many=True))
    def get_signed_by(self, article):
        signers = credited_signers(
            live_revision_id=article.live_revision_id,
            signatures=signatures_of(article.approving_signoffs),
        )
        return [{"name": s.name, "credentials": s.credentials} for s in signers]

    @extend_schema_field(ReviewerSerializer(many=True))
    def get_assigned_reviewers(self, article):
        return [
            {"name": link.reviewer.full_name, "credentials": link.reviewer.credentials,
             "role": link.role, "languages": link.reviewer.language_list}
            for link in article.reviewer_links.all()
        ]  # fmt: skip

    def get_open_flags(self, article) -> list[str]:
        return sorted(flag.kind for flag in article.open_flag_list)

    @extend_schema_field(FlagReasonSerializer(many=True))
    def get_flag_reasons(self, article):
        reasons = reasons_for_flags(
            article.open_flag_list, {article.pk: article}, as_of=self.context["as_of"]
        )
        return [reason.as_dict() for reason in reasons.get(article.pk, [])]


class SignOffSerializer(serializers.ModelSerializer):
    article = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    revision = serializers.IntegerField(source="revision_id", read_only=True)

    class Meta:
        model = SignOff
        fields = [
            "id",
            "article",
            "revision",
            "content_sha256",
            "reviewer_name",
            "reviewer_credentials",
            "signed_at",
            "meaning",
            "comment",
        ]


class SignOffCreateSerializer(serializers.Serializer):
    article = serializers.SlugField()
    revision_id = serializers.IntegerField(min_value=1)
    content_sha256 = serializers.RegexField(r"^[0-9a-f]{64}$")
    meaning = serializers.ChoiceField(
        choices=["approved", "reviewed_no_change", "changes_requested"]
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    sources_checked = serializers.BooleanField(
        default=False,
        help_text='"I checked the sources are current": required (true) to approve; recorded '
        "at the head of the signature's comment.",
    )
    password = serializers.CharField(write_only=True, max_length=200)


class FlagSerializer(serializers.ModelSerializer):
    article = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kind = serializers.ChoiceField(choices=FlagKind.choices)

    reason = serializers.SerializerMethodField(
        help_text="Why an open flag is open (null once resolved)."
    )

    class Meta:
        model = ReviewFlag
        fields = ["id", "article", "kind", "raised_on", "resolved_on", "detail", "reason"]

    @extend_schema_field(FlagReasonSerializer(allow_null=True))
    def get_reason(self, flag):
        if flag.resolved_on is not None:
            return None
        reasons = reasons_for_flags(
            [flag], {flag.article_id: flag.article}, as_of=self.context["as_of"]
        )
        return reasons[flag.article_id][0].as_dict()


class ClinicalEventSerializer(serializers.ModelSerializer):
    synonyms = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=100
    )

    class Meta:
        model = ClinicalEvent
        fields = ["id", "term", "synonyms", "event_date", "kind", "note", "source_url"]

    def validate(self, attrs):
        """The model's own rules (``ClinicalEvent.clean``: terms and synonyms are one clean
        line each, NFC), which REST framework does not run by itself."""
        names = ("term", "synonyms")
        current = {n: getattr(self.instance, n) for n in names} if self.instance else {}
        event = ClinicalEvent(**{"synonyms": [], **current, **attrs})
        try:
            event.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return {**attrs, **{n: getattr(event, n) for n in names if n in attrs}}


class NameSerializer(serializers.Serializer):
    name = serializers.CharField()
    credentials = serializers.CharField()


def _report_field(column) -> serializers.Field:
    """The API field of one report column (``reviews.reports.columns.Column.kind``)."""
    help_text = column.help or column.label
    if column.kind == "date":
        return serializers.DateField(allow_null=True, help_text=help_text)
    if column.kind == "integer":
        return serializers.IntegerField(allow_null=True, help_text=help_text)
    if column.kind == "decimal":
        return serializers.FloatField(allow_null=True, help_text=help_text)
    if column.kind == "people":
        return NameSerializer(many=True, help_text=help_text)
    if column.kind == "words":
        return serializers.ListField(child=serializers.CharField(), help_text=help_text)
    if column.kind == "reasons":
        return FlagReasonSerializer(many=True, help_text=help_text)
    return serializers.CharField(help_text=help_text)


class ReviewStatusRowSerializer(serializers.Serializer):
    """One row of the review-status report: its fields are the report's columns, and each
    value is the column's own (the same as in the JSON download)."""

    def get_fields(self):
        return {column.key: _report_field(column) for column in review_status.COLUMNS}

    def to_representation(self, row):
        return {column.key: column.value(row) for column in review_status.COLUMNS}


class SegmentSerializer(serializers.Serializer):
    op = serializers.CharField(help_text="equal, insert or delete")
    text = serializers.CharField()
    bold = serializers.BooleanField(default=False)
    italic = serializers.BooleanField(default=False)
    link = serializers.CharField(default="", help_text="The target of the link these words are in")
    role = serializers.CharField(
        default="text", help_text="text; target (a link's target); image (an image's file)"
    )


class RowDiffSerializer(serializers.Serializer):
    status = serializers.CharField()
    header = serializers.BooleanField()
    cells = serializers.ListField(child=SegmentSerializer(many=True))


class ImageSideSerializer(serializers.Serializer):
    op = serializers.CharField(help_text="equal, delete (the old image) or insert (the new one)")
    url = serializers.CharField()
    alt = serializers.CharField()


class BlockDiffSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="heading, paragraph, item, callout, table or image")
    status = serializers.CharField(help_text="equal, changed, inserted or deleted")
    segments = SegmentSerializer(many=True)
    level = serializers.IntegerField(help_text="Headings: 2 or 3")
    kind = serializers.CharField(help_text="Callouts: note, warning or emergency")
    depth = serializers.IntegerField(help_text="List items: 1 when nested")
    ordered = serializers.BooleanField(help_text="List items: in a numbered list")
    old_ordered = serializers.BooleanField(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField(), help_text="Changes not in words")
    rows = RowDiffSerializer(many=True)
    images = ImageSideSerializer(many=True)
    caption = SegmentSerializer(many=True)


class ReferenceSerializer(serializers.Serializer):
    """One reference as stored (docs/references.md)."""

    type = serializers.CharField(help_text="doi, pmid, url or guideline")
    value = serializers.CharField(required=False, help_text="DOI, PMID or address")
    name = serializers.CharField(required=False, help_text="Guidelines: the name")
    version = serializers.CharField(required=False)
    date = serializers.CharField(required=False, help_text="Guidelines: YYYY-MM-DD")
    note = serializers.CharField(required=False)


class ReferenceChangeSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="inserted, deleted or changed")
    label = serializers.CharField(help_text="The reference as one line")
    old = ReferenceSerializer(allow_null=True)
    new = ReferenceSerializer(allow_null=True)
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="Changed: version, date, note (or value, name)"
    )


class DiffSerializer(serializers.Serializer):
    old_revision = serializers.IntegerField(allow_null=True)
    new_revision = serializers.IntegerField()
    title = SegmentSerializer(many=True)
    blocks = BlockDiffSerializer(many=True)
    references = ReferenceChangeSerializer(many=True, help_text="Sources added, removed or changed")
