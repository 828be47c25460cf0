"""The public page's structured data: schema.org ``MedicalWebPage`` as JSON-LD."""

import json
from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from cms.models import Article
from reviews.choices import AuditAction
from reviews.models import AuditEvent
from reviews.selectors.signers import CreditedReviewer, credited_reviewers
from reviews.sheets.data import DEFAULT_REVIEWER_ROLE

# Inside <script>, "</script>" or "<!--" would end or bend the element; JSON allows these
# three characters as escapes, written as Django's json_script writes them.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def bcp47(language_code: str) -> str:
    """A Django language code as a BCP 47 tag: "en-us" → "en-US", "zh-hans" → "zh-Hans"."""
    parts = language_code.replace("_", "-").split("-")
    tag = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2:
            tag.append(part.upper())
        elif len(part) == 4:
            tag.append(part.title())
        else:
            tag.append(part.lower())
    return "-".join(tag)


def printed_role(role: str) -> str:
    """A credited reviewer's role in the active language: the default role is the site's own
    words and is translated; any other role is data, printed as stored."""
    if role == DEFAULT_REVIEWER_ROLE:
        return gettext("Online Medical Reviewer")
    return role


def first_published(article: Article) -> datetime | None:
    """When the first revision that went live was written (the first "went live" event's
    revision), or None if no event records it. One query."""
    return (
        AuditEvent.objects.filter(
            article=article, action=AuditAction.WENT_LIVE, revision__isnull=False
        )
        .order_by("at", "id")
        .values_list("revision__history_date", flat=True)
        .first()
    )


def _stamp(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _person(reviewer: CreditedReviewer) -> dict:
    person = {
        "@type": "Person",
        "name": reviewer.name,
        "honorificSuffix": reviewer.credentials,
        "jobTitle": printed_role(reviewer.role),
    }
    if not reviewer.credentials:
        del person["honorificSuffix"]
    if reviewer.page_slug:
        path = reverse("reviews:reviewer-page", args=[reviewer.page_slug])
        person["url"] = settings.SITE_URL + path
    return person


def article_json_ld(article: Article, *, reviewers: list[CreditedReviewer] | None = None) -> dict:
    """The ``MedicalWebPage`` of a public article (with its live revision, topic and review
    state loaded): its name, address, language (the article's BCP 47 tag), first and latest
    publication, last completed review, the people credited with the live text
    (``credited_reviewers``, as the footer prints them; pass them when the caller has them
    already), publisher and topic. Its own words (the default reviewer role) are in the
    active language: the public page renders in the article's.

    No next review date: schema.org has no property for it (``expires`` means the page stops
    being valid). One query, two if ``reviewers`` is not given.
    """
    live = article.live_revision
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": live.title,
        "url": settings.SITE_URL + article.get_absolute_url(),
        # The article's own language (a BCP 47 tag); the site's otherwise.
        "inLanguage": bcp47(article.language or settings.LANGUAGE_CODE),
        "datePublished": _stamp(first_published(article) or live.history_date),
        "dateModified": _stamp(live.history_date),
    }
    last_reviewed = article.review.last_reviewed_on
    if last_reviewed:
        data["lastReviewed"] = last_reviewed.isoformat()
    if reviewers is None:
        reviewers = credited_reviewers(article)
    if reviewers:
        data["reviewedBy"] = [_person(reviewer) for reviewer in reviewers]
    data["publisher"] = {
        "@type": "Organization",
        "name": live.source or getattr(settings, "RECHECK_PUBLISHER_NAME", "Recheck"),
    }
    if article.topic:
        data["about"] = {"@type": "MedicalCondition", "name": article.topic.name}
    return data


def json_ld_script(data: dict) -> SafeString:
    """``data`` in a ``<script type="application/ld+json">``, escaped as Django's
    ``json_script`` escapes it, so no value can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # noqa: S308  (escaped just above)
    )
