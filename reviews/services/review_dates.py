"""Keeps each article's stored review dates equal to what ``reviews.due`` says."""

from django.db import connection, transaction
from django.db.models import QuerySet

from cms.models import Article
from reviews.due import review_dates
from reviews.models import ReviewPolicy

_CHUNK = 1000


@transaction.atomic
def refresh_review_dates(*, articles: QuerySet | None = None) -> int:
    """Recompute next review due, window opening and withdrawal dates from each article's
    last review and policy, for ``articles`` (default: all). Returns the rows updated.

    Set-based: per policy, one query for the distinct review days and one UPDATE … FROM
    (VALUES …) per 1,000 of them, whatever the article count. Writes no history (these fields
    are derived, not content).
    """
    articles = Article.objects.all() if articles is None else articles
    updated = articles.filter(last_reviewed_on__isnull=True).update(
        next_review_due=None, review_window_opens_on=None, withdrawal_due_on=None
    )
    scope_sql, scope_params = articles.values("pk").query.sql_with_params()
    for policy in ReviewPolicy.objects.all():
        days = sorted(
            articles.filter(review_policy=policy, last_reviewed_on__isnull=False)
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
            updated += _update_from_values(rows, policy.pk, scope_sql, scope_params)
    return updated


def _update_from_values(rows, policy_id, scope_sql, scope_params) -> int:
    """One UPDATE joining the articles to a VALUES list of (review day, due, window, withdrawal).

    VALUES columns are named column1..column4 on both PostgreSQL and SQLite.
    """
    table = Article._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    sql = (
        f"UPDATE {table} SET next_review_due = v.column2, review_window_opens_on = v.column3, "
        f"withdrawal_due_on = v.column4 FROM (VALUES {values}) AS v "
        f"WHERE {table}.last_reviewed_on = v.column1 AND {table}.review_policy_id = %s "
        f"AND {table}.id IN ({scope_sql})"
    )
    params = [value for row in rows for value in row] + [policy_id, *scope_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
