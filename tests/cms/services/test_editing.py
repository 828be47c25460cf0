from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cms.models import Article, ChangeKind
from cms.services.editing import EditRefused, create_article, edit_article, latest_revision
from reviews.models import AuditEvent
from tests.factories import ArticleFactory, UserFactory, at_nine, editor_account

pytestmark = pytest.mark.django_db
NOW = at_nine(date(2026, 11, 23))
NEW_BODY = [{"type": "paragraph", "text": "Take two tablets daily."}]


def edit(article, *, editor, kind, body=NEW_BODY, base=None, **changes):
    return edit_article(
        article_id=article.pk,
        editor=editor,
        changes={"body": body, **changes},
        kind=kind,
        reason="Because",
        base_revision_id=base or latest_revision(article).history_id,
        at=NOW,
    )


def test_an_editorial_edit_of_a_live_article_goes_live_at_once():
    article = ArticleFactory()
    revision = edit(article, editor=editor_account(), kind=ChangeKind.EDITORIAL)
    article.refresh_from_db()
    assert article.live_revision == revision
    assert article.status == Article.Status.PUBLISHED
    assert revision.change_kind == ChangeKind.EDITORIAL


def test_an_editorial_edit_does_not_move_the_review_date():
    article = ArticleFactory()
    from tests.factories import sign

    sign(article, on=date(2025, 1, 1))
    edit(article, editor=editor_account(), kind=ChangeKind.EDITORIAL)
    article.refresh_from_db()
    assert article.review.last_reviewed_on == date(2025, 1, 1)


def test_a_substantive_edit_waits_for_review_and_keeps_the_live_revision():
    article = ArticleFactory()
    live = article.live_revision
    revision = edit(article, editor=editor_account(), kind=ChangeKind.SUBSTANTIVE)
    article.refresh_from_db()
    assert article.status == Article.Status.AWAITING_REVIEW
    assert article.live_revision == live
    assert revision.change_kind == ChangeKind.SUBSTANTIVE
    assert article.last_substantive_revision_at == NOW


def test_an_editorial_edit_on_top_of_a_pending_change_does_not_go_live():
    article = ArticleFactory()
    live = article.live_revision
    editor = editor_account()
    edit(article, editor=editor, kind=ChangeKind.SUBSTANTIVE)
    edit(article, editor=editor, kind=ChangeKind.EDITORIAL, body=NEW_BODY, title="Retitled")
    article.refresh_from_db()
    assert article.live_revision == live
    assert article.status == Article.Status.AWAITING_REVIEW


def test_an_edit_based_on_a_stale_revision_is_refused():
    article = ArticleFactory()
    stale = latest_revision(article).history_id
    edit(article, editor=editor_account("first"), kind=ChangeKind.EDITORIAL)
    with pytest.raises(EditRefused, match="changed by first"):
        edit(
            article,
            editor=editor_account("second"),
            kind=ChangeKind.EDITORIAL,
            body=[{"type": "paragraph", "text": "Overwrite."}],
            base=stale,
        )
    assert article.history.count() == 2


def test_users_without_the_editor_role_cannot_edit():
    article = ArticleFactory()
    with pytest.raises(EditRefused, match="Only editors"):
        edit(article, editor=UserFactory(role="Medical reviewers"), kind=ChangeKind.EDITORIAL)
    assert article.history.count() == 1


def test_an_invalid_edit_saves_nothing():
    article = ArticleFactory()
    with pytest.raises(ValidationError):
        edit(article, editor=editor_account(), kind=ChangeKind.SUBSTANTIVE, body=[])
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.history.count() == 1


def test_every_edit_is_in_the_audit_trail():
    article = ArticleFactory()
    editor = editor_account()
    edit(article, editor=editor, kind=ChangeKind.EDITORIAL)
    events = AuditEvent.objects.filter(article=article, actor=editor)
    assert [(e.action, e.change_kind) for e in events.order_by("id")] == [
        ("revision_saved", "editorial"),
        ("went_live", ""),
    ]


def test_a_new_article_awaits_review_and_is_not_public():
    editor = editor_account()
    article = create_article(
        editor=editor,
        title="Gout: Diet",
        slug="gout-diet",
        summary="",
        body=NEW_BODY,
        topic=None,
        reason="New sheet",
        at=NOW,
    )
    assert article.status == Article.Status.AWAITING_REVIEW
    assert article.live_revision is None
    assert article.owner == editor
    assert latest_revision(article).change_kind == ChangeKind.SUBSTANTIVE
