"""The REST API: thin views over the same selectors and services as the web pages, with the
same model permissions."""

from dataclasses import asdict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, F, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from cms.diff import diff_of
from cms.languages import covered_by_q, standard_language
from cms.models import Article
from cms.services.login_throttle import client_address
from reviews import selectors
from reviews.api.schema import ERROR
from reviews.api.serializers import (
    ArticleSerializer,
    ClinicalEventSerializer,
    DiffSerializer,
    FlagSerializer,
    ReviewStatusRowSerializer,
    RevisionSummarySerializer,
    SignOffCreateSerializer,
    SignOffSerializer,
)
from reviews.choices import FlagKind
from reviews.models import ArticleReviewer, ClinicalEvent, ReviewFlag, SignOff
from reviews.reports import review_status
from reviews.reports.review_status_filter import ReviewStatusFilter
from reviews.selectors import DUE_WINDOW_KEYS, in_due_window, most_urgent_first
from reviews.services.signoff import SignOffRefused, sign_off


def _int_param(request, name):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({name: "Expected a whole number."}) from None


def _language_param(value: str) -> str:
    try:
        return standard_language(value)
    except DjangoValidationError as error:
        raise ValidationError({"language": error.messages}) from None


@extend_schema(
    parameters=[
        OpenApiParameter("flag", enum=FlagKind.values, description="Has an open flag of this kind"),
        OpenApiParameter("topic", str, description="Topic name (any case)"),
        OpenApiParameter("due", enum=DUE_WINDOW_KEYS, description="Due window"),
        OpenApiParameter(
            "language", str, description="Language (BCP 47; es takes in es-MX and other es)"
        ),
    ]
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Articles with their review status."""

    serializer_class = ArticleSerializer
    lookup_field = "slug"
    required_perms = ("cms.view_article",)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": timezone.localdate()}

    def get_queryset(self):
        params = self.request.query_params
        due = params.get("due", "")
        if due and due not in DUE_WINDOW_KEYS:
            raise ValidationError({"due": f"One of {', '.join(DUE_WINDOW_KEYS)}."})
        articles = most_urgent_first(
            in_due_window(Article.objects.all(), due=due, as_of=timezone.localdate())
        )
        if params.get("topic"):
            articles = articles.filter(topic__name__iexact=params["topic"])
        if params.get("language"):
            articles = articles.filter(covered_by_q(_language_param(params["language"])))
        if params.get("flag"):
            if params["flag"] not in FlagKind.values:
                raise ValidationError({"flag": f"One of {', '.join(FlagKind.values)}."})
            articles = articles.filter(
                Exists(
                    ReviewFlag.objects.filter(
                        article=OuterRef("pk"), kind=params["flag"], resolved_on__isnull=True
                    )
                )
            )
        articles = articles.annotate(source_slug=F("translation_of__slug"))
        return articles.select_related("live_revision__history_user", "topic").prefetch_related(
            Prefetch(
                "translations",
                queryset=Article.objects.only(
                    "id", "slug", "language", "translation_of_id"
                ).order_by("language", "id"),
            ),
            Prefetch(
                "reviewer_links",
                queryset=ArticleReviewer.objects.select_related("reviewer").order_by("position"),
            ),
            Prefetch(
                "flags",
                queryset=ReviewFlag.objects.filter(resolved_on__isnull=True),
                to_attr="open_flag_list",
            ),
            Prefetch(
                "signoffs",
                queryset=selectors.approving_signatures().order_by("id"),
                to_attr="approving_signoffs",
            ),
        )

    @extend_schema(responses=RevisionSummarySerializer(many=True))
    @action(detail=True)
    def revisions(self, request, slug=None):
        """Every revision of the article, newest first."""
        article = get_object_or_404(Article, slug=slug)
        revisions = article.history.select_related("history_user").order_by("-history_id")
        page = self.paginate_queryset(revisions)
        return self.get_paginated_response(RevisionSummarySerializer(page, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, description="Old revision (default: the live one)"),
            OpenApiParameter("to", int, description="New revision (default: the newest)"),
        ],
        responses=DiffSerializer,
    )
    @action(detail=True)
    def diff(self, request, slug=None):
        """A word-level diff between two revisions."""
        article = get_object_or_404(Article.objects.select_related("live_revision"), slug=slug)
        old_id, new_id = _int_param(request, "from"), _int_param(request, "to")
        old = (
            get_object_or_404(article.history, history_id=old_id)
            if old_id
            else article.live_revision
        )
        new = (
            get_object_or_404(article.history, history_id=new_id)
            if new_id
            else article.history.order_by("-history_id").first()
        )
        diff = diff_of(old, new)
        data = asdict(diff)
        data.update(old_revision=old.history_id if old else None, new_revision=new.history_id)
        return Response(DiffSerializer(data).data)


@extend_schema(parameters=[OpenApiParameter("article", str, description="Article slug")])
class SignOffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):  # fmt: skip
    """Sign-offs (read), and signing (an electronic signature: password re-entered)."""

    required_perms = ("reviews.view_signoff",)
    required_perms_by_method = {"POST": ("reviews.add_signoff",)}

    def get_serializer_class(self):
        return SignOffCreateSerializer if self.action == "create" else SignOffSerializer

    def get_queryset(self):
        signoffs = SignOff.objects.select_related("article").order_by("-signed_at", "-id")
        if self.request.query_params.get("article"):
            signoffs = signoffs.filter(article__slug=self.request.query_params["article"])
        return signoffs

    @extend_schema(
        request=SignOffCreateSerializer,
        responses={
            201: SignOffSerializer,
            409: OpenApiResponse(
                response=ERROR,
                description="The revision changed since it was read, or this reviewer already "
                "signed it in this review cycle (a repeated request): nothing was recorded.",
            ),
            429: OpenApiResponse(
                response=ERROR,
                description="Too many wrong passwords for this account: signing is locked.",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        data = SignOffCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        article = get_object_or_404(Article, slug=data.validated_data["article"])
        try:
            result = sign_off(
                article_id=article.pk,
                user=request.user,
                revision_id=data.validated_data["revision_id"],
                content_sha256=data.validated_data["content_sha256"],
                meaning=data.validated_data["meaning"],
                comment=data.validated_data["comment"],
                password=data.validated_data["password"],
                at=timezone.now(),
                address=client_address(request),
                sources_checked=data.validated_data["sources_checked"],
            )
        except SignOffRefused as error:
            return Response({"detail": str(error)}, status=error.status)
        return Response(SignOffSerializer(result.signoff).data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=[
        OpenApiParameter("kind", enum=FlagKind.values),
        OpenApiParameter("open", bool, description="Only open (true) or resolved (false)"),
        OpenApiParameter("article", str, description="Article slug"),
    ]
)
class FlagViewSet(viewsets.ReadOnlyModelViewSet):
    """Review flags."""

    serializer_class = FlagSerializer
    required_perms = ("reviews.view_reviewflag",)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": timezone.localdate()}

    def get_queryset(self):
        params = self.request.query_params
        flags = ReviewFlag.objects.select_related("article__review").order_by("-raised_on", "-id")
        if params.get("kind"):
            flags = flags.filter(kind=params["kind"])
        if params.get("open") in ("true", "false"):
            flags = flags.filter(resolved_on__isnull=params["open"] == "true")
        if params.get("article"):
            flags = flags.filter(article__slug=params["article"])
        return flags


class ReviewStatusReportView(ListAPIView):
    """The review-status report (every article with an open flag), paginated: the same
    FilterSet, rows and columns as the web page, its downloads and the command."""

    serializer_class = ReviewStatusRowSerializer
    required_perms = ("reviews.view_reports",)
    # Declared so that the schema lists the FilterSet's parameters; ``filter_queryset`` applies
    # the FilterSet itself, with the day it counts days overdue from.
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReviewStatusFilter

    def get_queryset(self):
        return Article.objects.all()

    def filter_queryset(self, queryset):
        today = timezone.localdate()
        filters = ReviewStatusFilter(
            self.request.query_params, queryset, as_of=today, request=self.request
        )
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        return review_status.review_status_rows(
            articles=filters.qs, as_of=today, sort=filters.chosen_sort
        )


@extend_schema(deprecated=True, description="The old path of /api/reports/review-status/.")
class OverdueReportView(ReviewStatusReportView):
    """The review-status report at its old path."""


class ClinicalEventViewSet(viewsets.ModelViewSet):
    """Clinical events (content admins)."""

    serializer_class = ClinicalEventSerializer
    queryset = ClinicalEvent.objects.order_by("-event_date", "term")
    required_perms = ("reviews.view_clinicalevent",)
    required_perms_by_method = {
        "POST": ("reviews.add_clinicalevent",),
        "PUT": ("reviews.change_clinicalevent",),
        "PATCH": ("reviews.change_clinicalevent",),
        "DELETE": ("reviews.delete_clinicalevent",),
    }
