"""Reviewers: finding them by name, their queue and their workload."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from cms.models import Article, HistoricalArticle
from reviews.choices import APPROVING_MEANINGS, REVIEWER_MEANINGS, SignOffMeaning
from reviews.models import (
    ArticleReviewer,
    Reviewer,
    SignOff,
)
from reviews.selectors.scope import in_scope_q


def reviewers_named(name: str) -> QuerySet[Reviewer]:
    """Reviewers whose name, or name and credentials as printed ("Maya Patel MD"), is ``name``
    (any case). Each way of splitting ``name`` at a space into a name and credentials is one
    exact, case-insensitive comparison, which an index on UPPER(full_name) answers."""
    wanted = name.strip()
    match = Q(full_name__iexact=wanted)
    for space in (i for i, char in enumerate(wanted) if char == " "):
        match |= Q(full_name__iexact=wanted[:space], credentials__iexact=wanted[space + 1 :])
    return Reviewer.objects.filter(match)


def review_queue(*, reviewer: Reviewer, as_of: date) -> QuerySet[Article]:
    """The articles assigned to ``reviewer`` that await their signature, most urgent first
    (never reviewed, then by due date): edits awaiting review, and live articles that were never
    reviewed or whose review window has opened. Articles they already signed in this cycle,
    ones returned to the editor, and withdrawn ones are left out."""
    newest = (
        HistoricalArticle.objects.filter(id=OuterRef("pk"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    signed_newest = SignOff.objects.filter(
        reviewer=reviewer,
        revision_id=OuterRef("newest_revision_id"),
        meaning__in=[*APPROVING_MEANINGS, SignOffMeaning.CHANGES_REQUESTED],
    ).filter(
        Q(article__review__last_reviewed_on__isnull=True)
        | Q(signed_at__date__gt=OuterRef("review__last_reviewed_on"))
        | ~Q(revision_id=OuterRef("live_revision_id"))
    )
    return (
        Article.objects.filter(reviewer_links__reviewer=reviewer, withdrawn_at__isnull=True)
        .filter(
            Q(status=Article.Status.AWAITING_REVIEW)
            | Q(
                status=Article.Status.PUBLISHED,
                review__last_reviewed_on__isnull=True,
                live_revision__isnull=False,
            )
            | Q(status=Article.Status.PUBLISHED, review__review_window_opens_on__lte=as_of)
        )
        .annotate(newest_revision_id=Subquery(newest))
        .exclude(Exists(signed_newest))
        .select_related("topic", "review__policy")
        .order_by(F("review__next_review_due").asc(nulls_first=True), "title")
    )


@dataclass(frozen=True)
class Workload:
    assigned: int = 0
    awaiting: int = 0
    overdue: int = 0
    recent_signoffs: int = 0


def reviewer_workload(*, reviewer_ids: list[int], as_of: date) -> dict[int, Workload]:
    """For each reviewer (one page of them): assigned articles, articles awaiting review,
    overdue articles, and sign-offs in the last 90 days. Two grouped queries."""
    in_scope = in_scope_q(prefix="article__")
    counts = {
        row["reviewer_id"]: row
        for row in ArticleReviewer.objects.filter(reviewer_id__in=reviewer_ids)
        .order_by()
        .values("reviewer_id")
        .annotate(
            assigned=Count("pk"),
            awaiting=Count("pk", filter=Q(article__status=Article.Status.AWAITING_REVIEW)),
            overdue=Count("pk", filter=in_scope & Q(article__review__next_review_due__lt=as_of)),
        )
    }
    since = timezone.make_aware(datetime.combine(as_of - timedelta(days=90), time.min))
    signed = dict(
        SignOff.objects.filter(
            reviewer_id__in=reviewer_ids,
            signed_at__gte=since,
            meaning__in=REVIEWER_MEANINGS,
        )
        .order_by()
        .values_list("reviewer_id")
        .annotate(n=Count("pk"))
    )
    return {
        pk: Workload(
            assigned=counts.get(pk, {}).get("assigned", 0),
            awaiting=counts.get(pk, {}).get("awaiting", 0),
            overdue=counts.get(pk, {}).get("overdue", 0),
            recent_signoffs=signed.get(pk, 0),
        )
        for pk in reviewer_ids
    }
