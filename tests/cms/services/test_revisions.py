from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cms.models import Article, ChangeKind
from cms.readability import reading_grade
from cms.services.revisions import RevisionRefused, publish_revision, save_revision
from tests.factories import ArticleFactory, UserFactory, at_nine

pytestmark = pytest.mark.django_db
NOW = at_nine(date(2026, 3, 2))


def test_each_save_writes_a_history_row_with_its_kind_reason_and_user():
    editor = UserFactory(role="Editors")
    article = ArticleFactory()
    article.body = [*article.body, {"type": "paragraph", "text": "Call 911 for chest pain."}]
    revision = save_revision(
        article=article, kind=ChangeKind.SUBSTANTIVE, reason="Add red flags", at=NOW, user=editor
    )

    rows = list(article.history.order_by("history_id"))
    assert [row.change_kind for row in rows] == [ChangeKind.IMPORTED, ChangeKind.SUBSTANTIVE]
    assert rows[-1] == revision
    assert revision.history_change_reason == "Add red flags"
    assert revision.history_user == editor
    assert revision.history_date == NOW
    assert revision.body[-1]["text"] == "Call 911 for chest pain."
    article.refresh_from_db()
    assert article.last_substantive_revision_at == NOW


def test_an_editorial_save_does_not_touch_the_substantive_timestamp():
    article = ArticleFactory()
    article.title = "A better title"
    revision = save_revision(article=article, kind=ChangeKind.EDITORIAL, reason="Typo", at=NOW)
    assert revision.change_kind == ChangeKind.EDITORIAL
    assert article.last_substantive_revision_at is None


def test_a_save_that_changes_nothing_writes_no_revision():
    article = ArticleFactory()
    assert save_revision(article=article, kind=ChangeKind.EDITORIAL, reason="No-op", at=NOW) is None
    assert article.history.count() == 1


def test_the_reason_and_kind_do_not_stick_to_the_next_save():
    article = ArticleFactory()
    article.title = "Changed"
    save_revision(article=article, kind=ChangeKind.EDITORIAL, reason="First", at=NOW)
    article.summary = "Saved outside the service"
    article.save()
    latest = article.history.order_by("-history_id").first()
    assert latest.history_change_reason is None
    assert latest.change_kind == ""


@pytest.mark.parametrize(("kind", "reason"), [("editorial", "  "), ("whim", "Because")])
def test_a_revision_needs_a_known_kind_and_a_reason(kind, reason):
    article = ArticleFactory()
    article.title = "Changed"
    with pytest.raises(RevisionRefused):
        save_revision(article=article, kind=kind, reason=reason, at=NOW)
    assert article.history.count() == 1


def test_an_invalid_body_saves_nothing():
    article = ArticleFactory()
    article.body = [{"type": "paragraph", "text": ""}]
    with pytest.raises(ValidationError):
        save_revision(article=article, kind=ChangeKind.EDITORIAL, reason="Oops", at=NOW)
    assert article.history.count() == 1
    assert Article.objects.get(pk=article.pk).body[0]["type"] == "heading"


def test_publishing_sets_the_live_revision_without_a_new_history_row():
    article = ArticleFactory(published=False)
    revision = article.history.get()
    publish_revision(article=article, revision=revision, at=NOW)
    article.refresh_from_db()
    assert article.live_revision == revision
    assert article.status == Article.Status.PUBLISHED
    assert article.history.count() == 1


def test_a_revision_of_another_article_cannot_be_published():
    article, other = ArticleFactory(), ArticleFactory()
    with pytest.raises(RevisionRefused):
        publish_revision(article=article, revision=other.live_revision, at=NOW)


def test_saving_a_stale_copy_does_not_undo_the_review_dates():
    article = ArticleFactory()
    stale = Article.objects.get(pk=article.pk)
    from tests.factories import sign

    sign(article, on=date(2025, 5, 1))
    stale.summary = "Edited from a copy loaded before the sign-off"
    save_revision(article=stale, kind=ChangeKind.EDITORIAL, reason="Summary", at=NOW)
    article.refresh_from_db()
    assert article.review.last_reviewed_on == date(2025, 5, 1)
    assert article.review.next_review_due == date(2027, 5, 1)
    assert article.live_revision is not None


def test_each_revision_stores_the_reading_grade_of_its_words():
    article = ArticleFactory()
    first = article.history.get()
    assert first.reading_grade == reading_grade(title=article.title, body=article.body).fk_grade
    article.body = [
        {
            "type": "paragraph",
            "text": "Chemotherapy medications occasionally cause "
            "considerable gastrointestinal discomfort.",
        }
    ]
    second = save_revision(article=article, kind=ChangeKind.SUBSTANTIVE, reason="Harder", at=NOW)
    assert second.reading_grade > first.reading_grade + 10
    stored = Article.objects.get(pk=article.pk)
    assert (stored.reading_grade, stored.smog_grade) == (second.reading_grade, second.smog_grade)
    # Graded the same way again, the same words are still no change: no empty revision.
    assert save_revision(article=stored, kind=ChangeKind.EDITORIAL, reason="No-op", at=NOW) is None
