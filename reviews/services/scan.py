"""The review scan: raise and resolve date-driven flags for every article in scope.

The rule is ``reviews.due``; here it is expressed in SQL over the dates stored on each article
(which ``due`` computed), so the scan is a fixed number of set-based statements: one INSERT …
SELECT and one UPDATE per flag kind, plus one count, one read of the articles' languages (who
can sign an article depends on its language), and an ANALYZE of the flag table after a scan
that changed a large share of it. Trigger flags join the stored drug mentions to the events
(``reviews.services.triggers``): one statement on PostgreSQL, three on SQLite. The management
command and the Celery task both call ``scan_reviews``.
"""

import operator
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import reduce

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from cms.models import Article
from cms.translations import outdated_translations
from reviews.choices import APPROVING_MEANINGS, FLAGS_IN_DUE_ORDER, FlagKind
from reviews.models import ArticleReviewer, FlagSnapshot, Reviewer, ReviewFlag, SignOff, can_sign_q
from reviews.selectors import articles_in_scope
from reviews.services.triggers import sync_trigger_flags

# The kinds derived from each article's own state, raised and resolved by one rule each.
DATE_FLAG_KINDS = (
    FlagKind.NEVER_REVIEWED,
    FlagKind.DUE_SOON,
    FlagKind.OVERDUE,
    FlagKind.WITHDRAWAL_CANDIDATE,
    FlagKind.CHANGED_SINCE_REVIEW,
    FlagKind.REVIEWER_CREDENTIALS_EXPIRED,
    FlagKind.TRANSLATION_OUTDATED,
)
# A scan that raised and resolved more than this share of the flag table's rows refreshes the
# table's planner statistics itself (ANALYZE), rather than leave the next scan and the reports
# to plan with the old ones until autovacuum gets there.
ANALYZE_SHARE = 0.1


@dataclass(frozen=True)
class ScanResult:
    as_of: date
    raised: Counter
    resolved: Counter
    open: Counter


def articles_due_for(
    kind: FlagKind, *, as_of: date, scope: QuerySet[Article] | None = None
) -> QuerySet[Article]:
    """The articles in ``scope`` (default: all in scope) that should carry an open flag of
    ``kind`` on ``as_of``. The same rule as ``reviews.due.due_flags``, over the stored dates.
    """
    scope = articles_in_scope() if scope is None else scope
    if kind == FlagKind.NEVER_REVIEWED:
        # review__isnull=False in the same filter: an INNER JOIN (every article has a state),
        # which PostgreSQL runs in a third of the time of the LEFT JOIN "isnull" gives alone.
        return scope.filter(review__isnull=False, review__last_reviewed_on__isnull=True)
    if kind == FlagKind.DUE_SOON:
        return scope.filter(
            review__review_window_opens_on__lte=as_of, review__next_review_due__gte=as_of
        )
    if kind == FlagKind.OVERDUE:
        return scope.filter(review__next_review_due__lt=as_of)
    if kind == FlagKind.WITHDRAWAL_CANDIDATE:
        return scope.filter(review__withdrawal_due_on__lte=as_of)
    if kind == FlagKind.CHANGED_SINCE_REVIEW:
        # A substantive revision newer than the latest signature that approved anything.
        last_signed = (
            SignOff.objects.filter(article=OuterRef("pk"), meaning__in=APPROVING_MEANINGS)
            .order_by("-signed_at")
            .values("signed_at")[:1]
        )
        return (
            scope.filter(last_substantive_revision_at__isnull=False)
            .annotate(last_signed_at=Subquery(last_signed))
            .filter(last_substantive_revision_at__gt=F("last_signed_at"))
        )
    if kind == FlagKind.REVIEWER_CREDENTIALS_EXPIRED:
        return _stranded(scope, as_of=as_of)
    if kind == FlagKind.TRANSLATION_OUTDATED:
        return outdated_translations(scope)
    raise ValueError(f"{kind} is not a flag the scan derives")


def _stranded(scope: QuerySet[Article], *, as_of: date) -> QuerySet[Article]:
    """The articles in ``scope`` with assigned reviewers of whom not one can sign them on
    ``as_of``: ``can_sign_q`` in the article's language, the rule the sign-off and the
    assignment refuse by (a Spanish sheet whose reviewers review only in English is stranded).

    Said per language of the articles (one query reads them) as "one assigned reviewer cannot
    sign in it, and none can", so that for each language the search starts from the reviewers
    who cannot sign in it: few, for the library's main language, which holds most articles."""
    links = ArticleReviewer.objects.filter(article=OuterRef("pk"))
    languages = scope.order_by().values_list("language", flat=True).distinct()
    stranded = [
        Q(language=language)
        & Exists(links.filter(reviewer__in=_unable(as_of, language)))
        & ~Exists(links.filter(can_sign_q(as_of, prefix="reviewer__", language=language)))
        for language in languages
    ]
    return scope.filter(reduce(operator.or_, stranded)) if stranded else scope.none()


def _unable(as_of: date, language: str) -> QuerySet[Reviewer]:
    return Reviewer.objects.exclude(can_sign_q(as_of, language=language)).values("pk")


@transaction.atomic
def scan_reviews(*, as_of: date, article_ids: list[int] | None = None) -> ScanResult:
    """Bring the date-driven flags up to date for ``as_of``: of every article, or only of
    ``article_ids`` (after an edit, say).

    Raises the flags that are due and missing, resolves (with ``resolved_on = as_of``) the
    open ones that no longer hold. A full scan also records the day's open-flag counts
    (``FlagSnapshot``). Idempotent and one transaction, so a scan killed half-way leaves
    nothing; 2 statements per flag kind plus three, whatever the number of articles, and one
    ANALYZE when the scan changed a large share of the flags (``_analyze_if_changed``).
    """
    raised, resolved = Counter(), Counter()
    scope = articles_in_scope()
    open_flags = ReviewFlag.objects.filter(resolved_on__isnull=True)
    if article_ids is not None:
        scope = scope.filter(pk__in=article_ids)
        open_flags = open_flags.filter(article_id__in=article_ids)
    for kind in DATE_FLAG_KINDS:
        due = articles_due_for(kind, as_of=as_of, scope=scope)
        # NOT EXISTS (an anti-join), never NOT IN: PostgreSQL cannot turn NOT IN over a large
        # subquery into a join and falls back to a per-row scan.
        resolved[kind] = (
            open_flags.filter(kind=kind)
            .filter(~Exists(due.filter(pk=OuterRef("article_id"))))
            .update(resolved_on=as_of)
        )
        raised[kind] = _raise_missing(kind, due, as_of=as_of)
    raised[FlagKind.TRIGGER], resolved[FlagKind.TRIGGER] = sync_trigger_flags(
        as_of=as_of, scope=scope, open_flags=open_flags
    )
    open_counts = Counter(
        dict(
            ReviewFlag.objects.filter(resolved_on__isnull=True)
            .order_by()
            .values_list("kind")
            .annotate(n=Count("id"))
        )
    )
    _analyze_if_changed(raised, resolved, open_counts)
    if article_ids is None:
        FlagSnapshot.objects.bulk_create(
            [FlagSnapshot(day=as_of, kind=kind, count=open_counts[kind]) for kind in FlagKind],
            update_conflicts=True,
            unique_fields=["day", "kind"],
            update_fields=["count"],
        )
    return ScanResult(as_of=as_of, raised=raised, resolved=resolved, open=open_counts)


def _analyze_if_changed(raised: Counter, resolved: Counter, open_counts: Counter) -> bool:
    """ANALYZE the flag table when this scan raised and resolved more than ``ANALYZE_SHARE`` of
    its rows. Returns whether it did.

    Statistics from before a bulk change mislead the planner: with the flag table's statistics
    from before a first scan, a steady scan at 1M articles took 3.4 s instead of 256 ms, until
    autovacuum analyzed the table. The table holds at least the open flags and the ones just
    resolved (older resolved flags are not counted, which would cost a query), so a table with
    a long history may be analyzed a little more often than the share says; ANALYZE reads a
    sample of at most 30,000 rows (at the default statistics target) however large the table
    is. Inside the scan's transaction, ANALYZE counts the scan's own changes as done.
    """
    changed = sum(raised.values()) + sum(resolved.values())
    if changed <= ANALYZE_SHARE * (sum(open_counts.values()) + sum(resolved.values())):
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ReviewFlag._meta.db_table}")
    return True


def _raise_missing(kind: FlagKind, due: QuerySet[Article], *, as_of: date) -> int:
    """INSERT … SELECT the flags of ``kind`` that ``due`` needs and lacks, with their article's
    due date for the kinds in ``FLAGS_IN_DUE_ORDER``. One statement."""
    has_open = ReviewFlag.objects.filter(
        article_id=OuterRef("pk"), kind=kind, resolved_on__isnull=True
    )
    due_on = (
        F("review__next_review_due")
        if kind in FLAGS_IN_DUE_ORDER
        else Value(None, output_field=DateField())
    )
    select = (
        due.filter(~Exists(has_open))
        .order_by()
        .annotate(
            flag_kind=Value(str(kind)),
            flag_raised_on=Value(as_of),
            flag_text=Value(""),
            flag_due_on=due_on,
        )  # fmt: skip
        .values_list("pk", "flag_kind", "flag_raised_on", "flag_text", "flag_text", "flag_due_on")
    )
    try:
        sql, params = select.query.sql_with_params()
    except EmptyResultSet:  # e.g. a scoped scan of no articles
        return 0
    table = ReviewFlag._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, kind, raised_on, detail, dismiss_reason, due_on) "
            f"{sql} "
            "ON CONFLICT DO NOTHING",
            params,
        )
        return cursor.rowcount
