"""Keeps each article's stored review dates equal to what ``reviews.due`` says."""

from django.db import connection, transaction
from django.db.models import QuerySet

from reviews.choices import FLAGS_IN_DUE_ORDER
from reviews.due import review_dates
from reviews.models import ArticleReview, ReviewFlag, ReviewPolicy

_CHUNK = 1000
_DATES = ("next_review_due", "review_window_opens_on", "withdrawal_due_on")


@transaction.atomic
def refresh_review_dates(*, states: QuerySet[ArticleReview] | None = None) -> int:
    """Recompute next review due, window opening and withdrawal dates from each article's
    last review and policy, for ``states`` (default: every article's). Returns the number of
    rows whose dates changed: only those are written, so a pass that changes nothing writes
    nothing.

    Set-based: per policy, one query for the distinct review days and one UPDATE … FROM
    (VALUES …) per 1,000 of them, whatever the article count; then one UPDATE that copies the
    due dates onto the open flags that carry them (``ReviewFlag.due_on``).
    """
    scoped = ArticleReview.objects.all() if states is None else states
    updated = (
        scoped.filter(last_reviewed_on__isnull=True)
        .exclude(next_review_due=None, review_window_opens_on=None, withdrawal_due_on=None)
        .update(next_review_due=None, review_window_opens_on=None, withdrawal_due_on=None)
    )
    scope = None if states is None else states.values("pk").query.sql_with_params()
    for policy in ReviewPolicy.objects.all():
        days = sorted(
            scoped.filter(policy=policy, last_reviewed_on__isnull=False)
            .order_by()
            .values_list("last_reviewed_on", flat=True)
            .distinct()
        )
        for start in range(0, len(days), _CHUNK):
            rows = []
            for day in days[start : start + _CHUNK]:
                dates = review_dates(
                    day,
                    interval_months=policy.interval_months,
                    window_days=policy.review_window_days,
                    withdrawal_after_months=policy.withdrawal_after_months,
                )
                rows.append(
                    (day, dates.next_review_due, dates.window_opens_on, dates.withdrawal_on)
                )
            updated += _update_changed(rows, policy.pk, scope)
    _copy_due_to_flags(scope)
    return updated


def _copy_due_to_flags(scope) -> None:
    """Give the open flags of the kinds in ``FLAGS_IN_DUE_ORDER`` their article's due date again
    (``ReviewFlag.due_on``), where it changed: one UPDATE, over those flags only (their partial
    index), of the articles in ``scope`` (SQL and params; None: every article)."""
    flags, states = ReviewFlag._meta.db_table, ArticleReview._meta.db_table
    kinds = sorted(FLAGS_IN_DUE_ORDER)
    sql = (
        f"UPDATE {flags} SET due_on = s.next_review_due FROM {states} s "
        f"WHERE {flags}.article_id = s.article_id AND {flags}.resolved_on IS NULL "
        f"AND {flags}.kind IN ({', '.join(['%s'] * len(kinds))}) "
        f"AND {flags}.due_on {_differs()} s.next_review_due"
    )
    _execute_in_scope(sql, list(kinds), scope, "s.article_id")


def _update_changed(rows, policy_id, scope) -> int:
    """One UPDATE joining the review states to a VALUES list of (review day, due, window,
    withdrawal), writing only the rows whose dates differ. VALUES columns are named
    column1..column4 on both PostgreSQL and SQLite."""
    table = ArticleReview._meta.db_table
    distinct = _differs()
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    changed = " OR ".join(
        f"{table}.{column} {distinct} v.column{n}" for n, column in enumerate(_DATES, start=2)
    )
    sql = (
        f"UPDATE {table} SET next_review_due = v.column2, review_window_opens_on = v.column3, "
        f"withdrawal_due_on = v.column4 FROM (VALUES {values}) AS v "
        f"WHERE {table}.last_reviewed_on = v.column1 AND {table}.policy_id = %s "
        # The chunk's days as a range too: the policy's other rows are not read at all.
        f"AND {table}.last_reviewed_on BETWEEN %s AND %s AND ({changed})"
    )
    params = [value for row in rows for value in row] + [policy_id, rows[0][0], rows[-1][0]]
    return _execute_in_scope(sql, params, scope, f"{table}.article_id")


def _differs() -> str:
    """The null-safe "differs" operator: ``IS NOT`` is SQLite's spelling of it."""
    return "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"


def _execute_in_scope(sql: str, params: list, scope, article_id: str) -> int:
    """Run an UPDATE, limited to the articles in ``scope`` (SQL and params; None: every
    article) by its column ``article_id``. Returns the rows it changed."""
    if scope is not None:
        scope_sql, scope_params = scope
        sql += f" AND {article_id} IN ({scope_sql})"
        params = [*params, *scope_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
