"""References through the editing service: a change to them is clinical."""

from datetime import date

import pytest

from cms.models import Article, ChangeKind
from cms.services.editing import (
    REFERENCES_ARE_CLINICAL,
    EditRefused,
    create_article,
    edit_article,
    latest_revision,
)
from tests.factories import ArticleFactory, at_nine, editor_account

pytestmark = pytest.mark.django_db
NOW = at_nine(date(2026, 11, 23))
SOURCES = [{"type": "pmid", "value": "12345678", "note": "the cohort"}]


def edit(article, *, kind, **changes):
    return edit_article(
        article_id=article.pk,
        editor=editor_account(),
        changes=changes,
        kind=kind,
        reason="Sources",
        base_revision_id=latest_revision(article).history_id,
        at=NOW,
    )


def test_a_substantive_edit_adds_references_to_a_new_revision_awaiting_review():
    article = ArticleFactory()
    live = article.live_revision
    revision = edit(article, kind=ChangeKind.SUBSTANTIVE, references=SOURCES)
    article.refresh_from_db()
    assert revision.references == SOURCES and live.references == []
    assert article.status == Article.Status.AWAITING_REVIEW and article.live_revision == live


def test_a_change_to_the_references_labelled_editorial_is_refused():
    article = ArticleFactory(references=SOURCES)
    count = article.history.count()
    more = [*SOURCES, {"type": "pmid", "value": "9"}]
    for changed in ([], [{**SOURCES[0], "note": "another"}], more):
        with pytest.raises(EditRefused, match=REFERENCES_ARE_CLINICAL):
            edit(article, kind=ChangeKind.EDITORIAL, references=changed)
    assert article.history.count() == count
    # The same references with an editorial change elsewhere are fine.
    assert edit(article, kind=ChangeKind.EDITORIAL, references=SOURCES, summary="Shorter.")


def test_a_new_article_can_start_with_references():
    article = create_article(
        editor=editor_account(), title="Gout", slug="gout", summary="", topic=None,
        body=[{"type": "paragraph", "text": "Eat less red meat."}], reason="New", at=NOW,
        references=SOURCES,
    )  # fmt: skip
    assert latest_revision(article).references == SOURCES
