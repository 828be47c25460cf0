"""The publishing API: what a site that shows the articles may read, and nothing more.

Accounts in the "Publishing sites" role (``reviews.view_published``) read published articles
as the public sees them: the live revision's title and text, who signed it and when it was last
reviewed. No drafts, pending edits, revisions other than the live one, flags or reports; the
rest of the API needs ``cms.view_article``, which the role does not hold.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from cms.selectors import public_articles
from reviews import selectors
from reviews.api.serializers import SignerSerializer


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
    live_revision = serializers.IntegerField(source="live_revision_id")
    published_at = serializers.DateTimeField(source="live_revision.history_date")
    last_reviewed = serializers.DateField(source="review.last_reviewed_on", allow_null=True)
    signed_by = serializers.SerializerMethodField(
        help_text="The people whose approving signatures make the live text current."
    )

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
            .prefetch_related(
                Prefetch(
                    "signoffs",
                    queryset=selectors.approving_signatures().order_by("id"),
                    to_attr="approving_signoffs",
                )
            )
            .order_by("slug")
        )
