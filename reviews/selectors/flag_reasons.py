"""Why each open flag is open, in words: the one rule every place that shows a flag reads (the
review page, the history page, the editors' list, the review-status report, the digests and
the API).

A reason is derived from what the flag rests on, never stored apart from it: the due dates of
the article's review state, the flag's own detail where the flag carries one (the events of a
trigger, the readers' messages, a dismissal), and the assigned reviewers for a flag that none
of them can sign.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cms.templatetags.cms_tags import short_date
from reviews.choices import FlagKind, flag_kind_order
from reviews.due import days_overdue
from reviews.models import ArticleReviewer, ReviewFlag
from reviews.models.reviewers import assigned_with_signing_role

# English in the code and the audit trail (the labels are marked with gettext_noop); a reason
# carries its label in the active language, as its text.
_LABELS = dict(FlagKind.choices)
# A link inside a flag's detail (a trigger's event source): shown as a link, not as text.
_SOURCE = re.compile(r"\s*\(source: (https?://[^\s)]+)\)")


@dataclass(frozen=True)
class FlagReason:
    """One open flag, as people read it: its label, why it is open, and where to look."""

    kind: str
    label: str
    text: str
    links: tuple[tuple[str, str], ...] = ()  # (link text, URL)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "reason": self.text,
            "links": [{"text": text, "url": url} for text, url in self.links],
        }

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"


@dataclass(frozen=True)
class ReviewDatesView:
    """What a reason needs of an article: its slug and its stored review dates."""

    slug: str
    last_reviewed_on: date | None
    next_review_due: date | None
    withdrawal_due_on: date | None = None
    # A translation's pin: the source revision it was translated from (None: not pinned).
    source_revision_id: int | None = None


def _days(n: int) -> str:
    return ngettext("%(days)s day", "%(days)s days", n) % {"days": n}


def _withdrawal_text(last: date | None, limit: date | None) -> str:
    """Why a withdrawal candidate is one: not reviewed since ``last`` (or ever), and past its
    policy's limit on ``limit`` when there is one."""
    dates = {"since": short_date(last), "limit": short_date(limit)}
    if last and limit:
        return _("Not reviewed since %(since)s; past its policy's limit on %(limit)s.") % dates
    if last:
        return _("Not reviewed since %(since)s.") % dates
    if limit:
        return _("Not reviewed ever; past its policy's limit on %(limit)s.") % dates
    return _("Not reviewed ever.")


def _dated_text(
    kind: str, due: date | None, last: date | None, limit: date | None, as_of: date, language: str
) -> str | None:
    """The words, in ``language``, of a reason that rests on the review dates alone, or None
    for another kind. Cached on the dates the kind's words read, and only those: an export of
    a million rows repeats the same few thousand due dates, but rarely the same due date, last
    review and limit together (keyed on all three, an export of 100k articles made 5,718
    texts, each formatting its dates in tens of microseconds, where 2,271 differ)."""
    if kind in (FlagKind.OVERDUE, FlagKind.DUE_SOON):
        return _cached_words(kind, due, None, None, as_of, language)
    if kind == FlagKind.WITHDRAWAL_CANDIDATE:
        return _cached_words(kind, None, last, limit, None, language)
    if kind == FlagKind.NEVER_REVIEWED:
        return _cached_words(kind, None, None, None, None, language)
    return None


@lru_cache(maxsize=16384)
def _cached_words(kind, due, last, limit, as_of, language) -> str | None:
    with translation.override(language):
        return _dated_words(kind, due, last, limit, as_of)


def _dated_words(
    kind: str, due: date | None, last: date | None, limit: date | None, as_of: date
) -> str | None:
    if kind == FlagKind.OVERDUE and due:
        return _("Due %(date)s; %(days)s overdue.") % {
            "date": short_date(due),
            "days": _days(days_overdue(as_of, due)),
        }
    if kind == FlagKind.DUE_SOON and due:
        left = -days_overdue(as_of, due)
        if left == 0:
            return _("Due %(date)s, today.") % {"date": short_date(due)}
        return _("Due %(date)s, in %(days)s.") % {"date": short_date(due), "days": _days(left)}
    if kind == FlagKind.NEVER_REVIEWED:
        return _("No completed review on record: due now.")
    if kind == FlagKind.WITHDRAWAL_CANDIDATE:
        return _withdrawal_text(last, limit)
    return None


@lru_cache(maxsize=256)
def _label(kind: str, language: str) -> str:
    with translation.override(language):
        return _(_LABELS[kind]) if kind in _LABELS else kind


def flag_reason(
    kind: str,
    *,
    detail: str,
    article: ReviewDatesView,
    as_of: date,
    unable: Iterable[str] = (),
    language: str | None = None,
) -> FlagReason:
    """The reason for an open flag of ``kind`` on ``as_of``, in the active language. ``detail``
    is the flag's own detail; ``unable`` says, for a ``reviewer_credentials_expired`` flag, why
    each assigned reviewer cannot sign ("Name: reason"). ``language``: the active language,
    when the caller has it (a loop over many rows: looking it up costs more than the rest).
    Pure: no queries."""
    language = language or get_language()
    label = _label(kind, language)
    dates = (article.next_review_due, article.last_reviewed_on, article.withdrawal_due_on)
    text = _dated_text(kind, *dates, as_of, language)
    if text is not None:
        return FlagReason(kind=str(kind), label=label, text=text)
    text, links = _other_text(kind, detail=detail, article=article, unable=unable, label=label)
    return FlagReason(kind=str(kind), label=label, text=text, links=links)


def _other_text(
    kind: str, *, detail: str, article: ReviewDatesView, unable: Iterable[str], label: str
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The words and links of a reason that rests on more than the dates."""
    links: tuple[tuple[str, str], ...] = ()
    if kind == FlagKind.CHANGED_SINCE_REVIEW:
        text = _("Its text changed substantively since its last approved review.")
        links = ((_("See the changes"), reverse("reviews:review", args=[article.slug])),)
    elif kind == FlagKind.REVIEWER_CREDENTIALS_EXPIRED:
        names = "; ".join(unable)
        text = (
            _("None of its assigned reviewers can sign (%(names)s).") % {"names": names}
            if names
            else _("None of its assigned reviewers can sign.")
        )
        links = ((_("Assign reviewers"), reverse("reviews:assign", args=[article.slug])),)
    elif kind == FlagKind.TRANSLATION_OUTDATED:
        pin = article.source_revision_id
        text = (
            _(
                "Its source changed clinically since revision %(number)s, which it was "
                "translated from."
            )
            % {"number": pin}
            if pin
            else _("It does not say which revision of its source it was translated from.")
        )
        links = (
            (_("See the source's changes"), reverse("cms:source-changes", args=[article.slug])),
        )
    elif kind == FlagKind.TRIGGER:
        links = tuple(
            (_("Source %(number)s") % {"number": n} if n > 1 else _("Source"), url)
            for n, url in enumerate(_SOURCE.findall(detail), start=1)
        )
        text = _SOURCE.sub("", detail).strip() or _("A clinical event after its last review.")
    else:
        text = detail.strip() or label
    return text, links


def _dates_of(article) -> ReviewDatesView:
    state = article.review
    return ReviewDatesView(
        slug=article.slug,
        last_reviewed_on=state.last_reviewed_on,
        next_review_due=state.next_review_due,
        withdrawal_due_on=state.withdrawal_due_on,
        source_revision_id=article.source_revision_id,
    )


def reasons_for_flags(flags: list[ReviewFlag], articles: dict, *, as_of: date) -> dict:
    """{article id: [FlagReason, …]} for ``flags`` (open flags of ``articles``, {id: article
    with its ``review`` loaded}), in the order of ``FlagKind``. One query, and only when a flag
    says no assigned reviewer can sign (to say why each cannot)."""
    stranded = [f.article_id for f in flags if f.kind == FlagKind.REVIEWER_CREDENTIALS_EXPIRED]
    unable = unable_reviewers(article_ids=stranded, as_of=as_of)
    reasons = defaultdict(list)
    for flag in sorted(flags, key=lambda f: (flag_kind_order(f.kind), f.pk)):
        article = articles[flag.article_id]
        reasons[flag.article_id].append(
            flag_reason(
                flag.kind,
                detail=flag.detail,
                article=_dates_of(article),
                as_of=as_of,
                unable=unable.get(flag.article_id, ()),
            )
        )
    return dict(reasons)


def open_flag_reasons(articles: Iterable, *, as_of: date) -> dict[int, list[FlagReason]]:
    """{article id: its open flags' reasons} for ``articles`` (with ``review`` loaded; a page of
    a list). Two queries at most, whatever the number of articles."""
    by_id = {article.pk: article for article in articles}
    flags = list(ReviewFlag.objects.filter(article_id__in=by_id, resolved_on__isnull=True))
    return reasons_for_flags(flags, by_id, as_of=as_of)


def article_flag_reasons(article, *, as_of: date) -> list[FlagReason]:
    """The open flags' reasons of one article."""
    return open_flag_reasons([article], as_of=as_of).get(article.pk, [])


def unable_reviewers(
    *, as_of: date, article_ids: Iterable[int] | None = None
) -> dict[int, tuple[str, ...]]:
    """{article id: ("Name: why they cannot sign", …)} for the assigned reviewers who cannot
    sign on ``as_of`` in the article's language (``Reviewer.signing_refusal``): of
    ``article_ids``, or, without them, of every article with an open
    ``reviewer_credentials_expired`` flag (a whole-library read). One query."""
    links = ArticleReviewer.objects.all()
    if article_ids is None:
        stranded = ReviewFlag.objects.filter(
            kind=FlagKind.REVIEWER_CREDENTIALS_EXPIRED, resolved_on__isnull=True
        )
        links = links.filter(article_id__in=stranded.values("article_id"))
    else:
        article_ids = list(article_ids)
        if not article_ids:
            return {}
        links = links.filter(article_id__in=article_ids)
    unable = defaultdict(list)
    links = links.annotate(article_language=F("article__language"))
    for link in assigned_with_signing_role(links.order_by("article_id", "position", "id")):
        refusal = link.reviewer.signing_refusal(as_of, language=link.article_language)
        if refusal:
            unable[link.article_id].append(f"{link.reviewer.printed_name}: {refusal.rstrip('.')}")
    return {article_id: tuple(names) for article_id, names in unable.items()}
