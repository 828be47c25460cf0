"""The review-status report: every article with an open flag (overdue, due soon, never reviewed,
withdrawal candidate, …), most overdue first.

Declared once, in the shape of Wagtail's ``ReportView``: ``ReviewStatusFilter`` (django-filter,
in ``review_status_filter``) says which filters and sorts exist, ``review_status_rows`` builds
the rows, and ``COLUMNS`` says what each row shows. The page, its CSV and JSON downloads,
``manage.py review_status_report`` and ``/api/reports/review-status/`` all read these three.
"""

from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from operator import attrgetter

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F, OrderBy, OuterRef, QuerySet, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from cms.models import Article, Topic
from cms.templatetags.cms_tags import us_date
from reviews.choices import FlagKind
from reviews.due import days_overdue
from reviews.models import ArticleReview, ReviewPolicy
from reviews.reports.cell_text import (
    grade_text,
    iso,
    iso_text,
    names,
    names_text,
    printed,
)
from reviews.reports.columns import Column, Order, Sorts
from reviews.reports.read_ahead import read_ahead
from reviews.reports.review_status_row import ReviewStatusRow
from reviews.reports.row_lists import (
    LISTS,
    STREAMED_LISTS,
    AssignedNames,
    correlated_list_sql,
    joined_list,
    split_flags,
    split_reviewers,
    split_signatures,
)
from reviews.selectors import credited_signers
from reviews.selectors.flag_reasons import unable_reviewers
from reviews.templatetags.reviews_tags import flag_reasons_html

TITLE = "Review status"
EMPTY = "No article has an open flag."


# -- Columns ---------------------------------------------------------------------------------

_FLAG_LABELS = dict(FlagKind.choices)  # the page shows labels; CSV, JSON and the API keep codes


# Due first (never reviewed on top), then article id: the order of the index
# reviews_state_due_nulls_first, which PostgreSQL walks and stops after one page.
_BY_DUE = (Order("next_review_due", nulls="lowest"), Order("id"))

COLUMNS = (
    # Text columns are never None, so their text is their value.
    Column("slug", "Slug", attrgetter("slug"), text=attrgetter("slug"), width=30),
    Column("title", "Title", attrgetter("title"), text=attrgetter("title"),
           display=attrgetter("title"), sort=(Order("title"), Order("id")), sort_indexed=True,
           width=40),
    Column("language", _("Language"), attrgetter("language"), text=attrgetter("language"),
           display=attrgetter("language"), sort=(Order("language"), Order("id")), width=8,
           help=_("The article's language, a BCP 47 tag such as en or es-MX.")),
    Column("topic", "Topic", attrgetter("topic"), text=attrgetter("topic"),
           display=lambda r: r.topic or "—", sort=(Order("topic_name", nulls="last"),),
           width=24),
    Column("policy", "Policy", attrgetter("policy"), text=attrgetter("policy"),
           display=attrgetter("policy"), sort=(Order("policy_name"),), width=16),
    Column("signed_by", "Signed by", lambda r: names(r.signed_by),
           text=lambda r: names_text(r.signed_by), display=lambda r: printed(r.signed_by),
           kind="people", width=40, help="Who signed the live text, as printed at signing."),
    Column("assigned", "Assigned", lambda r: names(r.assigned),
           text=lambda r: names_text(r.assigned), display=lambda r: printed(r.assigned),
           kind="people", width=40, help="Who is assigned to review it next (not a signature)."),
    Column("last_reviewed", "Last reviewed", lambda r: iso(r.last_reviewed),
           text=lambda r: iso_text(r.last_reviewed),
           display=lambda r: us_date(r.last_reviewed) or "never", kind="date",
           sort=(Order("last_reviewed_on", nulls="lowest"),), width=13),
    Column("next_review_due", "Next due", lambda r: iso(r.next_review_due),
           text=lambda r: iso_text(r.next_review_due),
           display=lambda r: us_date(r.next_review_due) or "now", kind="date", sort=_BY_DUE,
           sort_indexed=True, width=10),
    Column("days_overdue", "Days overdue", attrgetter("days_overdue"),
           display=lambda r: "due now" if r.days_overdue is None else str(r.days_overdue),
           kind="integer", sort=_BY_DUE, sort_reads="descending", sort_indexed=True, width=12,
           help="Negative before the due day; null if never reviewed."),
    Column("reading_grade", "Reading grade", attrgetter("reading_grade"),
           text=lambda r: grade_text(r.reading_grade),
           display=lambda r: grade_text(r.reading_grade) or "—", kind="decimal",
           sort=(Order("reading_grade", nulls="last"),), width=13,
           help="Flesch–Kincaid grade of the latest words (those under review, if any)."),
    Column("flags", "Flags", attrgetter("flags"), text=lambda r: " ".join(r.flags),
           display=lambda r: ", ".join(gettext(_FLAG_LABELS.get(f, f)) for f in r.flags),
           kind="words", width=30),
    Column("reasons", "Reasons", lambda r: [x.as_dict() for x in r.flag_reasons()],
           text=ReviewStatusRow.reasons_text,
           display=lambda r: flag_reasons_html(r.flag_reasons()), kind="reasons",
           width=60, help="Why each open flag is open (the same order as the flags)."),
)  # fmt: skip

SORTS = Sorts(columns=COLUMNS, tiebreak=(Order("id"),), default="days_overdue")


# The article columns of a row, named as the sort orders (``Order.field``) name them.
_ARTICLE_COLUMNS = (
    "id", "slug", "title", "language", "topic_name", "policy_name", "last_reviewed_on",
    "next_review_due", "live_revision_id", "reading_grade", "withdrawal_due_on",
    "source_revision_id",
)  # fmt: skip


def with_row_columns(
    articles: QuerySet[Article], *, joined_names: bool = True
) -> QuerySet[Article]:
    """``articles`` with the names and review dates the rows and the sort orders read.

    The review state is joined with an INNER JOIN (every article has one): as a LEFT JOIN,
    PostgreSQL could not start from the due-order index of the nullable side, and sorted every
    flagged article for each page (144 ms instead of 15 ms for the first page at 100k).

    ``joined_names``: the topic and policy names come from joined tables, as a sort by them and
    a download of every row need. Otherwise each is read by a subquery for the rows the page
    shows: two tables fewer for PostgreSQL to plan around (planning the reviewer filter's page
    took 2.1 ms with them, 0.8 ms without)."""
    if joined_names:
        names = {"topic_name": F("topic__name"), "policy_name": F("review__policy__name")}
    else:
        topic = Topic.objects.filter(pk=OuterRef("topic_id")).order_by().values("name")
        policy = ReviewPolicy.objects.filter(pk=OuterRef("review__policy_id")).order_by()
        policy = policy.values("name")
        names = {"topic_name": Subquery(topic), "policy_name": Subquery(policy)}
    return articles.filter(review__isnull=False).annotate(
        **names,
        last_reviewed_on=F("review__last_reviewed_on"),
        next_review_due=F("review__next_review_due"),
        withdrawal_due_on=F("review__withdrawal_due_on"),
    )


_NAMES = frozenset({"topic_name", "policy_name"})
_DUE = "next_review_due"
# The due date the filters annotate, from the one open flag of a kind in FLAGS_IN_DUE_ORDER
# (ReviewStatusFilter.filter_flag).
FLAG_DUE_ON = "flag_due_on"


def review_status_rows(
    *,
    articles: QuerySet[Article],
    as_of: date,
    sort: str = SORTS.default,
    stream: bool = False,
):
    """The report's rows for ``articles`` (``ReviewStatusFilter(...).qs``), sorted by ``sort``
    (a key of ``SORTS``; unknown keys sort by the default).

    Two SQL strategies with the same rows, sort orders and string aggregation (a test proves
    they agree):

    - ``stream=False``: ``RowPages``, sliced a page at a time. Each slice is one query with
      correlated subqueries per row (``correlated_list_sql``), which stop after the page: the
      due-date index gives the first page of a million articles in milliseconds.
    - ``stream=True``: an iterator over every row in constant memory, for downloads and the
      command. One query that joins the articles to each list aggregated once per article
      (several times faster than per-row subqueries over the whole library), read in chunks
      from a server-side cursor.

    ``articles`` annotated with ``FLAG_DUE_ON`` (the filters chose one kind of flag whose open
    flags carry the due date, ``FLAGS_IN_DUE_ORDER``) and sorted by due date are read in that
    order from the flags' index.
    """
    if stream:
        return _streamed(articles=articles, as_of=as_of, sort=sort)
    lists = {name: RawSQL(*correlated_list_sql(name, connection.vendor),
                          output_field=TextField()) for name in LISTS}  # fmt: skip
    rows = with_row_columns(articles, joined_names=_sorts_by_name(sort))
    from_flags = FLAG_DUE_ON in articles.query.annotations and _sorts_by_due(sort)
    queryset = (
        rows.annotate(**lists)
        .order_by(*_page_order(sort, due=FLAG_DUE_ON if from_flags else _DUE))
        .values_list(*_ARTICLE_COLUMNS, *LISTS)
    )
    return RowPages(queryset, articles=articles, as_of=as_of, walk=SORTS.indexed(sort))


def _sorts_by_name(sort: str) -> bool:
    return any(field in _NAMES for field, _, _ in SORTS.terms(sort))


def _sorts_by_due(sort: str) -> bool:
    """Whether ``sort`` orders by due date. Such a page of articles whose flags carry the due
    date walks the flags' due-order index (reviews_flag_due_order): the review state's reaches
    the first due-soon article only after every never-reviewed and overdue one (2.9 s at 1M
    walking it; 123 ms gathering and sorting the due-soon articles)."""
    return any(field == _DUE for field, _, _ in SORTS.terms(sort))


def _page_order(sort: str, *, due: str) -> list[OrderBy]:
    """``SORTS.order_by(sort)``, with the due date read from the column ``due``."""
    terms = []
    for term in SORTS.order_by(sort):
        if getattr(term.expression, "name", None) == _DUE:
            term = OrderBy(F(due), descending=term.descending, nulls_first=term.nulls_first,
                           nulls_last=term.nulls_last)  # fmt: skip
        terms.append(term)
    return terms


class RowPages:
    """The rows of one sorted query, built a slice at a time, for paginators: ``rows[a:b]`` is
    one query; ``count()`` counts the articles without the per-row subqueries.

    ``walk``: the query reads an index in order and stops after the page (a sort an index
    gives, ``Column.sort_indexed``), so on PostgreSQL it runs without parallel workers, which
    take longer to start (about 20 ms) than such a walk takes (the reviewer filter: 37 ms with
    them, 7 ms without, at 1M). Other sorts read and sort every matching row, where the workers
    help (sorted by policy: 414 ms with them, 1,342 ms without)."""

    def __init__(
        self, queryset: QuerySet, *, articles: QuerySet[Article], as_of: date, walk: bool = True
    ):
        self.queryset, self.articles, self.as_of, self.walk = queryset, articles, as_of, walk

    def count(self) -> int:
        return self.articles.count()

    def __getitem__(self, index):
        one = not isinstance(index, slice)
        query = self.queryset[index : index + 1] if one else self.queryset[index]
        rows = self._rows(_fetch(query, walk=self.walk))
        return next(rows) if one else list(rows)

    def __iter__(self) -> Iterator[ReviewStatusRow]:
        return self._rows(_fetch(self.queryset, walk=False))

    def _rows(self, records: list[tuple]) -> Iterator[ReviewStatusRow]:
        """The rows of ``records``, with why the assigned reviewers cannot sign read for those
        whose flags say none can (one more query, only then)."""
        stranded = [record[0] for record in records if _STRANDED in (record[_FLAGS] or "")]
        unable = unable_reviewers(article_ids=stranded, as_of=self.as_of) if stranded else {}
        return _rows(records, as_of=self.as_of, unable=unable)


def _streamed(
    *, articles: QuerySet[Article], as_of: date, sort: str, chunk_size: int = 5000
) -> Iterator[ReviewStatusRow]:
    inner = with_row_columns(articles).order_by().values(*_ARTICLE_COLUMNS)
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (a name nobody has)
        return
    joins = []
    for name in STREAMED_LISTS:
        per_article = joined_list(name).values("article", "joined")
        list_sql, list_params = per_article.query.sql_with_params()
        joins.append(f"LEFT JOIN ({list_sql}) {name} ON {name}.article = b.id")
        params = (*params, *list_params)
    columns = [f"b.{c}" for c in _ARTICLE_COLUMNS] + [f"{n}.joined" for n in STREAMED_LISTS]
    query = (
        f"SELECT {', '.join(columns)} FROM ({sql}) b {' '.join(joins)} "
        f"ORDER BY {SORTS.order_sql(sort, 'b')}"
    )
    # In a transaction, the server-side cursor is read as PostgreSQL makes its rows (in
    # autocommit it is a WITH HOLD cursor, materialized whole before the first FETCH), and
    # without parallel workers: each would compute the three list aggregates again (6.2 s
    # before the first row at 1M with two of them, 5.4 s without). Nor with JIT compiling:
    # the query's cost is far above jit_above_cost, but the compiling took longer than it
    # saved (at 100k, 565 against 589 ms at best, 637 against 822 ms in the median). A read of
    # its own sees one snapshot (REPEATABLE READ), so the reviewers' names and why they cannot
    # sign are read as of the same moment as the rows.
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        if connection.vendor == "postgresql":
            with connection.cursor() as setting:
                if outermost:  # before any other statement of the transaction
                    setting.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                setting.execute(_NO_WORKERS)
                setting.execute("SET LOCAL jit = off")
        cursor.execute(query, params)
        assigned, unable = AssignedNames(), unable_reviewers(as_of=as_of)
        records = read_ahead(cursor, chunk_size)
        yield from _rows(records, as_of=as_of, assigned=assigned, unable=unable)


def _fetch(queryset: QuerySet, *, walk: bool) -> list[tuple]:
    """The records of a ``values_list`` queryset from a plain cursor, as ``_streamed`` reads
    them (``_rows`` converts what it needs). ``walk``: see ``RowPages``.

    On PostgreSQL the setting and the query go as one message: its statements run as one
    (implicit) transaction, so the SET LOCAL ends with it, without a BEGIN and a COMMIT of
    their own (two round trips). Inside a caller's transaction the setting lasts until that
    ends. Client-side binding (Django's default with psycopg 3) allows several statements in
    one message; with server-side binding the setting is a statement of its own."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    if not (walk and connection.vendor == "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    if connection.settings_dict["OPTIONS"].get("server_side_binding"):
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(_NO_WORKERS)
            cursor.execute(sql, params)
            return cursor.fetchall()
    with connection.cursor() as cursor:
        cursor.execute(f"{_NO_WORKERS}; {sql}", params)
        cursor.nextset()
        return cursor.fetchall()


_NO_WORKERS = "SET LOCAL max_parallel_workers_per_gather = 0"


_FLAGS = len(_ARTICLE_COLUMNS)  # where a record's open flags are
_STRANDED = FlagKind.REVIEWER_CREDENTIALS_EXPIRED.value


def _rows(
    records, *, as_of: date, assigned=split_reviewers, unable: dict | None = None
) -> Iterator[ReviewStatusRow]:
    """Rows of records in ``_ARTICLE_COLUMNS + LISTS`` order (``STREAMED_LISTS``, with
    ``assigned`` an ``AssignedNames``); ``unable``: {article id: why its assigned reviewers
    cannot sign} (``unable_reviewers``). Lists of reviewers and of flags repeat from row to
    row, so each distinct text is parsed once (a bounded cache)."""
    assigned_of, flags_of = lru_cache(10_000)(assigned), lru_cache(10_000)(split_flags)
    text_dates = connection.vendor == "sqlite"  # a raw SQLite cursor gives dates as text
    to_date = ArticleReview._meta.get_field("next_review_due").to_python
    reasons_language = get_language()  # once, not once per row
    row = tuple.__new__  # ReviewStatusRow's own __new__, without its Python-level call
    for (article_id, slug, title, language, topic, policy, reviewed, due, live, grade,
         withdrawal, pin, flags, people, signed) in records:  # fmt: skip
        if text_dates:
            reviewed, due, withdrawal = to_date(reviewed), to_date(due), to_date(withdrawal)
        yield row(ReviewStatusRow, (
            slug,
            title,
            language,
            topic or "",
            policy,
            credited_signers(live_revision_id=live, signatures=split_signatures(signed)),
            assigned_of(people),
            reviewed,
            due,
            days_overdue(as_of, due) if due else None,
            grade,
            *flags_of(flags),
            as_of,
            reasons_language,
            withdrawal,
            pin,
            unable.get(article_id, ()) if unable else (),  # most often none: no lookup
        ))  # fmt: skip
