"""Early re-review triggers: clinical events that postdate an article's last review and name a
term its live text mentions."""

import re
from collections import defaultdict
from datetime import date

from django.db.models import QuerySet

from cms.models import Article
from cms.templatetags.cms_tags import us_date
from reviews.models import ClinicalEvent


def whole_word_pattern(names: list[str]) -> str:
    """A case-insensitive regex for any of ``names`` standing alone: no letter, digit or
    underscore right before or after it. Lookarounds rather than word boundaries, so that a
    term that begins or ends with punctuation ("C++", "Humira (adalimumab)") matches too. The
    same text works in PostgreSQL's regex dialect and in Python's (used by SQLite)."""
    alternatives = "|".join(re.escape(name) for name in names)
    return rf"(?<!\w)({alternatives})(?!\w)"


def articles_naming(event: ClinicalEvent, scope: QuerySet[Article]) -> QuerySet[Article]:
    """Articles in ``scope`` whose live text names the event's term or a synonym (whole word,
    any case) and whose last review predates the event. On PostgreSQL a trigram index on the
    live text serves the regex."""
    return scope.filter(
        review__last_reviewed_on__lt=event.event_date,
        live_text__iregex=whole_word_pattern(event.names),
    )


def trigger_matches(*, as_of: date, scope: QuerySet[Article]) -> dict[int, str]:
    """{article id: detail naming every event that triggers it}. One query per event that has
    happened by ``as_of``, whatever the number of articles."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for event in ClinicalEvent.objects.filter(event_date__lte=as_of).order_by("event_date", "pk"):
        if not event.names:
            continue
        label = f"{event.term}: {event.get_kind_display()} on {us_date(event.event_date)}"
        if event.source_url:
            label += f" (source: {event.source_url})"  # a link where the reason is shown
        for article_id in articles_naming(event, scope).values_list("pk", flat=True):
            reasons[article_id].append(label)
    return {article_id: "; ".join(labels) for article_id, labels in reasons.items()}
