"""The audit trail and edits made without review."""

from datetime import date

from django.db.models import (
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from cms.models import HistoricalArticle
from reviews.choices import APPROVING_MEANINGS
from reviews.models import (
    AuditEvent,
)


def audit_trail(
    *, action: str = "", change_kind: str = "", actor: str = "", article: str = "",
    since: date | None = None, until: date | None = None,
) -> QuerySet[AuditEvent]:  # fmt: skip
    """The site's audit trail, newest first, filtered."""
    events = AuditEvent.objects.select_related("actor", "article", "revision")
    if action:
        events = events.filter(action=action)
    if change_kind:
        events = events.filter(change_kind=change_kind)
    if actor:
        events = events.filter(actor__username__iexact=actor.strip())
    if article:
        events = events.filter(
            Q(article__slug__iexact=article.strip()) | Q(article__title__icontains=article.strip())
        )
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-id")


# -- Reports ---------------------------------------------------------------------------------


def editorial_revisions() -> QuerySet[HistoricalArticle]:
    """Editorial revisions (saved without review), newest first, each annotated with the id of
    the last signed revision before it (``signed_base_id``, None if there is none): the diff
    against it shows everything that changed since a reviewer last approved the words, not only
    this edit."""
    signed_base = (
        HistoricalArticle.objects.filter(
            id=OuterRef("id"),
            history_id__lt=OuterRef("history_id"),
            signoffs__meaning__in=APPROVING_MEANINGS,
        )
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    return (
        HistoricalArticle.objects.filter(change_kind="editorial")
        .select_related("history_user")
        .annotate(signed_base_id=Subquery(signed_base))
        .order_by("-history_date", "-history_id")
    )
