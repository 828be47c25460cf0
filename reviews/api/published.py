"""The publishing API: what a site that shows the articles may read, and nothing more.

Accounts in the "Publishing sites" role (``reviews.view_published``) read published articles
as the public sees them: the live revision's title and text, who signed it and when it was last
reviewed. No drafts, pending edits, revisions other than the live one, flags or reports; the
rest of the API needs ``cms.view_article``, which the role does not hold.
"""

from django.db.models import OuterRef, Prefetch, Subquery
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from cms.selectors import public_articles
from reviews import selectors
from reviews.api.serializers import LanguageVersionSerializer, SignerSerializer


class PublishedArticleSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField(source="live_revision.title")
    summary = serializers.CharField(source="live_revision.summary")
    body = serializers.JSONField(source="live_revision.body")
    references = serializers.JSONField(
        source="live_revision.references",
        help_text="The live revision's sources (docs/references.md): DOIs, PMIDs, addresses, "
        "guidelines.",
    )
    source = serializers.CharField(source="live_revision.source")
    topic = serializers.CharField(source="topic.name", allow_null=True, default=None)
    language = serializers.CharField(help_text="BCP 47 tag, such as en or es-MX.")
    translation_of = serializers.CharField(
        source="public_source_slug",
        allow_null=True,
        help_text="The slug of the article this one translates, if the public can read it; "
        "null for a source.",
    )
    translations = serializers.SerializerMethodField(
        help_text="Its translations the public can read (for a source), by language."
    )
    live_revision = serializers.IntegerField(source="live_revision_id")
    published_at = serializers.DateTimeField(source="live_revision.history_date")
    last_reviewed = serializers.DateField(source="review.last_reviewed_on", allow_null=True)
    signed_by = serializers.SerializerMethodField(
        help_text="The people whose approving signatures make the live text current."
    )

    @extend_schema_field(LanguageVersionSerializer(many=True))
    def get_translations(self, article):
        return [{"language": t.language, "slug": t.slug} for t in article.public_translations]

    @extend_schema_field(SignerSerializer(many=True))
    def get_signed_by(self, article):
        signers = selectors.credited_signers(
            live_revision_id=article.live_revision_id,
            signatures=selectors.signatures_of(article.approving_signoffs),
        )
        return [{"name": s.name, "credentials": s.credentials} for s in signers]


class PublishedArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles as the public sees them (the live revision only)."""

    serializer_class = PublishedArticleSerializer
    lookup_field = "slug"
    required_perms = ("reviews.view_published",)

    def get_queryset(self):
        return (
            public_articles()
            .select_related("review")
            .annotate(
                public_source_slug=Subquery(
                    public_articles().filter(pk=OuterRef("translation_of_id")).values("slug")
                )
            )
            .prefetch_related(
                Prefetch(
                    "translations",
                    queryset=public_articles()
                    .select_related(None)
                    .only("id", "slug", "language", "translation_of_id")
                    .order_by("language", "id"),
                    to_attr="public_translations",
                ),
                Prefetch(
                    "signoffs",
                    queryset=selectors.approving_signatures().order_by("id"),
                    to_attr="approving_signoffs",
                ),
            )
            .order_by("slug")
        )
