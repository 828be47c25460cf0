"""Upgrading older databases: review state moves to its own table (from before the cms squash),
and open due-soon flags get their due date (0027).

Before the squash, cms_article carried review_policy_id and four review dates, and
cms_historicalarticle review_policy_id. This test rebuilds that shape at reviews 0014, then
migrates forward: 0015 must copy every value, 0016 must drop the old columns, keep the
append-only triggers (SQLite rebuilds the tables) and add the due-order index.
"""

from datetime import date

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

LEGACY = ("review_policy_id", "last_reviewed_on", "next_review_due", "review_window_opens_on",
          "withdrawal_due_on")  # fmt: skip


def _sequences_past_loaded_rows():
    """Serialized rollback reloads the reference rows with their ids but leaves PostgreSQL's
    sequences where a flush put them; the data migrations re-run here insert rows (groups,
    permissions), so move each sequence past the rows first."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def _old_schema_with_two_articles():
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE cms_article ADD COLUMN review_policy_id bigint NULL "
            "REFERENCES reviews_reviewpolicy (id)"
        )
        for column in LEGACY[1:]:
            cursor.execute(f"ALTER TABLE cms_article ADD COLUMN {column} date NULL")
        cursor.execute("ALTER TABLE cms_historicalarticle ADD COLUMN review_policy_id bigint NULL")
        cursor.execute("SELECT id FROM reviews_reviewpolicy WHERE name = 'Evergreen'")
        evergreen = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM reviews_reviewpolicy WHERE name = 'Standard'")
        standard = cursor.fetchone()[0]
        insert = (
            "INSERT INTO cms_article (title, slug, summary, body, source, status, originated_on, "
            "live_text, review_policy_id, last_reviewed_on, next_review_due, "
            "review_window_opens_on, withdrawal_due_on) "
            "VALUES (%s, %s, '', '[]', '', 'published', %s, '', %s, %s, %s, %s, %s)"
        )
        cursor.execute(insert, ["Reviewed", "reviewed", date(2020, 1, 1), evergreen,
                                date(2023, 10, 1), date(2026, 10, 1), date(2026, 8, 2),
                                date(2028, 10, 1)])  # fmt: skip
        cursor.execute(insert, ["Never", "never", date(2020, 1, 1), standard,
                                None, None, None, None])  # fmt: skip
    return evergreen, standard


@pytest.mark.django_db(transaction=True)
def test_upgrading_copies_the_review_state_and_drops_the_old_columns(reference_data):
    _sequences_past_loaded_rows()
    _migrate([("reviews", "0014_reviewer_lookup_indexes")])
    evergreen, standard = _old_schema_with_two_articles()

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.slug, r.policy_id, r.last_reviewed_on, r.next_review_due, "
            "r.review_window_opens_on, r.withdrawal_due_on FROM reviews_articlereview r "
            "JOIN cms_article a ON a.id = r.article_id ORDER BY a.slug"
        )
        rows = [tuple(str(v) if v is not None else None for v in row) for row in cursor]
    assert rows == [
        ("never", str(standard), None, None, None, None),
        ("reviewed", str(evergreen), "2023-10-01", "2026-10-01", "2026-08-02", "2028-10-01"),
    ]
    assert not set(LEGACY) & _columns("cms_article")
    assert "review_policy_id" not in _columns("cms_historicalarticle")
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "reviews_articlereview")
    assert "reviews_state_due_nulls_first" in indexes
    if connection.vendor == "sqlite":  # the rebuilt tables got their append-only triggers back
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {name for (name,) in cursor}
        assert {"cms_historicalarticle_signed_update", "cms_historicalarticle_signed_delete"} <= (
            triggers
        )


@pytest.mark.django_db
def test_a_fresh_database_has_the_state_table_and_no_old_columns():
    assert not set(LEGACY) & _columns("cms_article")
    assert {"article_id", "policy_id", *LEGACY[1:]} == _columns("reviews_articlereview")


@pytest.mark.django_db(transaction=True)
def test_0027_gives_open_due_soon_flags_their_due_date_and_an_index(reference_data):
    """Migrating to 0027: each open due-soon flag gets its article's next review due; resolved
    flags and other kinds get none; the flags' due-order index exists."""
    _sequences_past_loaded_rows()
    before = [("reviews", "0026_reviewer_languages_translation_flag")]
    _migrate(before)
    loader = MigrationExecutor(connection).loader
    cms_leaf = [node for node in loader.graph.leaf_nodes() if node[0] == "cms"]
    old = loader.project_state(before + cms_leaf).apps
    Article, ArticleReview = (
        old.get_model("cms", "Article"),
        old.get_model("reviews", "ArticleReview"),
    )
    ReviewFlag, ReviewPolicy = (
        old.get_model("reviews", "ReviewFlag"),
        old.get_model("reviews", "ReviewPolicy"),
    )
    article = Article.objects.create(title="Asthma", slug="asthma", originated_on=date(2020, 1, 1))
    ArticleReview.objects.create(article=article, policy=ReviewPolicy.objects.get(name="Standard"),
                                 last_reviewed_on=date(2024, 12, 1),
                                 next_review_due=date(2026, 12, 1))  # fmt: skip
    flag = ReviewFlag.objects.create
    flags = {
        "open": flag(article=article, kind="due_soon", raised_on=date(2026, 11, 1)),
        "resolved": flag(article=article, kind="due_soon", raised_on=date(2026, 10, 1),
                         resolved_on=date(2026, 10, 2)),
        "overdue": flag(article=article, kind="overdue", raised_on=date(2026, 11, 1)),
    }  # fmt: skip

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, due_on FROM reviews_reviewflag")
        due_on = {flag_id: (str(day) if day else None) for flag_id, day in cursor}
        indexes = connection.introspection.get_constraints(cursor, "reviews_reviewflag")
    assert {name: due_on[flag.pk] for name, flag in flags.items()} == {
        "open": "2026-12-01", "resolved": None, "overdue": None,
    }  # fmt: skip
    assert "reviews_flag_due_order" in indexes
