"""Early re-review triggers: clinical events that postdate an article's last review and are
about a drug its live text mentions (``reviews.services.mentions`` stores the mentions).

The rule in SQL, over the stored mentions: an article in scope carries an open ``trigger`` flag
when one of the concepts it mentions has an event dated after its last review and by ``as_of``.
Label changes and Class II recalls count only under a policy that asks for them. The flag's
detail names each such event, oldest first, joined by "; ": "Revumenib: FDA approval on
11/15/2024 (source: URL)" (``reviews.selectors.flag_reasons`` links the source)."""

import re
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from cms.models import Article
from reviews.choices import EventKind, FlagKind
from reviews.models import ArticleReview, ClinicalEvent, DrugMention, ReviewFlag, ReviewPolicy


def whole_word_pattern(names: list[str]) -> str:
    """A case-insensitive regex for any of ``names`` standing alone: no letter, digit or
    underscore right before or after it. Lookarounds rather than word boundaries, so that a
    term that begins or ends with punctuation ("C++", "Humira (adalimumab)") matches too. The
    same text works in PostgreSQL's regex dialect and in Python's (used by SQLite)."""
    alternatives = "|".join(re.escape(name) for name in names)
    return rf"(?<!\w)({alternatives})(?!\w)"


def _label_sql() -> str:
    """SQL for one event's words in the flag: "Term: Kind on M/D/YYYY (source: URL)"."""
    kinds = " ".join(
        f"WHEN '{value}' THEN '{label.replace(chr(39), chr(39) * 2)}'"
        for value, label in EventKind.choices
    )
    if connection.vendor == "postgresql":
        day = "to_char(e.event_date, 'FMMM/FMDD/YYYY')"
    else:  # SQLite: months and days without leading zeros
        day = (
            "CAST(CAST(strftime('%%m', e.event_date) AS INTEGER) AS TEXT) || '/' || "
            "CAST(CAST(strftime('%%d', e.event_date) AS INTEGER) AS TEXT) || '/' || "
            "strftime('%%Y', e.event_date)"
        )
    return (
        f"e.term || ': ' || (CASE e.kind {kinds} ELSE e.kind END) || ' on ' || {day} || "
        "(CASE WHEN e.source_url <> '' THEN ' (source: ' || e.source_url || ')' ELSE '' END)"
    )


def wanted_triggers_sql(*, as_of: date, scope: QuerySet[Article]) -> tuple[str, list]:
    """One SELECT of (article_id, detail): the articles in ``scope`` that should carry an open
    trigger flag on ``as_of`` and its detail. Joins the mentions to the events of their
    concepts, the articles' last reviews and their policies. Raises EmptyResultSet for an
    empty scope."""
    scope_sql, scope_params = scope.order_by().values("pk").query.sql_with_params()
    mention = DrugMention._meta.db_table
    event = ClinicalEvent._meta.db_table
    state = ArticleReview._meta.db_table
    policy = ReviewPolicy._meta.db_table
    # Each event's words are built once, not once per article naming its drug.
    events = (
        f"SELECT e.id, e.concept_id, e.event_date, e.kind, {_label_sql()} AS label "
        f"FROM {event} e WHERE e.event_date <= %s"
    )
    matches = (
        "SELECT m.article_id AS article_id, e.label, e.event_date, e.id "
        f"FROM {mention} m "
        "JOIN labelled e ON e.concept_id = m.concept_id "
        f"JOIN {state} r ON r.article_id = m.article_id "
        f"JOIN {policy} p ON p.id = r.policy_id "
        "WHERE r.last_reviewed_on < e.event_date "
        f"AND (e.kind NOT IN ('{EventKind.LABEL_CHANGE}', '{EventKind.CLASS_II_RECALL}') "
        f"OR (e.kind = '{EventKind.LABEL_CHANGE}' AND p.flag_label_changes) "
        f"OR (e.kind = '{EventKind.CLASS_II_RECALL}' AND p.flag_class_ii_recalls)) "
        f"AND m.article_id IN ({scope_sql})"
    )
    params = [as_of, *scope_params]
    if connection.vendor == "postgresql":
        sql = (
            f"WITH labelled AS MATERIALIZED ({events}) "
            "SELECT w.article_id, STRING_AGG(w.label, '; ' ORDER BY w.event_date, w.id) AS detail "
            f"FROM ({matches}) w GROUP BY w.article_id"
        )
    else:  # SQLite's group_concat follows the order of its ordered input
        sql = (
            f"WITH labelled AS ({events}) "
            "SELECT w.article_id, GROUP_CONCAT(w.label, '; ') AS detail "
            f"FROM ({matches} ORDER BY m.article_id, e.event_date, e.id) w GROUP BY w.article_id"
        )
    return sql, params


def sync_trigger_flags(
    *, as_of: date, scope: QuerySet[Article], open_flags: QuerySet[ReviewFlag]
) -> tuple[int, int]:
    """Make the open trigger flags of ``scope`` exactly the wanted ones: resolve those no
    longer wanted, rewrite a changed detail, raise the missing. Returns (raised, resolved).
    One statement on PostgreSQL (the wanted flags computed once), three on SQLite, whatever
    the number of articles and events."""
    try:
        wanted, params = wanted_triggers_sql(as_of=as_of, scope=scope)
        open_sql, open_params = (
            open_flags.filter(kind=FlagKind.TRIGGER).order_by().values("pk").query.sql_with_params()
        )
    except EmptyResultSet:
        return 0, 0
    table = ReviewFlag._meta.db_table
    resolve = (
        f"UPDATE {table} SET resolved_on = %s WHERE id IN ({open_sql}) AND NOT EXISTS "
        f"(SELECT 1 FROM {{wanted}} w WHERE w.article_id = {table}.article_id)"
    )
    rewrite = (
        f"UPDATE {table} SET detail = w.detail FROM {{wanted}} w "
        f"WHERE {table}.article_id = w.article_id AND {table}.kind = %s "
        f"AND {table}.resolved_on IS NULL AND {table}.detail <> w.detail"
    )
    raise_ = (
        f"INSERT INTO {table} (article_id, kind, raised_on, detail, dismiss_reason) "
        f"SELECT w.article_id, %s, %s, w.detail, '' FROM {{wanted}} w "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} f WHERE f.article_id = w.article_id "
        "AND f.kind = %s AND f.resolved_on IS NULL) ON CONFLICT DO NOTHING"
    )
    resolve_params = [as_of, *open_params]
    rewrite_params = [FlagKind.TRIGGER]
    raise_params = [FlagKind.TRIGGER, as_of, FlagKind.TRIGGER]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement: the wanted flags are computed once, and the three changes read
            # them (data-modifying CTEs all see the flags as they were before it).
            cursor.execute(
                f"WITH wanted AS MATERIALIZED ({wanted}), "
                f"resolved AS ({resolve.replace('{wanted}', 'wanted')} RETURNING 1), "
                f"rewritten AS ({rewrite.replace('{wanted}', 'wanted')} RETURNING 1), "
                f"raised AS ({raise_.replace('{wanted}', 'wanted')} RETURNING 1) "
                "SELECT (SELECT count(*) FROM raised), (SELECT count(*) FROM resolved)",
                [*params, *resolve_params, *rewrite_params, *raise_params],
            )
            raised, resolved = cursor.fetchone()
            return raised, resolved
        subquery = f"({wanted})"
        cursor.execute(resolve.replace("{wanted}", subquery), [*resolve_params, *params])
        resolved = cursor.rowcount
        cursor.execute(rewrite.replace("{wanted}", subquery), [*params, *rewrite_params])
        cursor.execute(
            raise_.replace("{wanted}", subquery), [*raise_params[:2], *params, raise_params[2]]
        )
        raised = cursor.rowcount
    return raised, resolved
