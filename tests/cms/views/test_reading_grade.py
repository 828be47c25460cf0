"""The reading grade on the edit page, after a save and in the preview (no JavaScript needed);
the target comes from the article's policy through the READING_GRADE_TARGET hook."""

import pytest
from django.test import Client
from django.urls import reverse

from cms.models import Article
from cms.services.editing import latest_revision
from reviews.models import ReviewPolicy
from tests.factories import ArticleFactory, editor_account

pytestmark = pytest.mark.django_db

HARD = "Chemotherapy medications occasionally cause considerable gastrointestinal discomfort."
PLAIN = "Take your pills. Rest a lot. Drink water."
MIDDLING = "These medicines sometimes cause an allergic or infusion-related reaction in people."


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(editor_account())
    return client


def edit(client, article, text, kind):
    return client.post(
        reverse("cms:article-edit", args=[article.slug]),
        {
            "title": article.title,
            "summary": "",
            "topic": article.topic_id,
            "body": text,
            "change_kind": kind,
            "reason": "New words",
            "base_revision": latest_revision(article).history_id,
        },
        follow=True,
    )


def test_the_edit_page_shows_the_grade_and_the_policy_target(editor_client):
    article = ArticleFactory(body=[{"type": "paragraph", "text": PLAIN}])
    page = editor_client.get(reverse("cms:article-edit", args=[article.slug])).content.decode()
    assert f"Reading grade <strong>{article.reading_grade}</strong>" in page
    assert "Target: grade 8 or below." in page and "Above the target" not in page
    assert "Preview grades the text as you have edited it." in page


def test_a_substantive_save_above_target_warns_and_saves(editor_client):
    article = ArticleFactory()
    page = edit(editor_client, article, HARD, "substantive")
    saved = Article.objects.get(pk=article.pk)
    assert saved.body[0]["text"] == HARD and saved.reading_grade > 8  # saved, not refused
    messages = [str(m) for m in page.context["messages"]]
    assert any(f"reading grade is {saved.reading_grade}, above the target of grade 8" in m
               for m in messages), messages  # fmt: skip
    edit_page = editor_client.get(reverse("cms:article-edit", args=[article.slug]))
    assert "Above the target reading grade." in edit_page.content.decode()


def test_no_warning_for_an_editorial_save_or_under_a_higher_target(editor_client):
    article = ArticleFactory()
    page = edit(editor_client, article, HARD, "editorial")
    assert not any("reading grade" in str(m) for m in page.context["messages"])
    ReviewPolicy.objects.filter(pk=article.review.policy_id).update(target_reading_grade=18)
    other = ArticleFactory()
    page = edit(editor_client, other, MIDDLING, "substantive")  # about grade 13
    assert not any("reading grade" in str(m) for m in page.context["messages"])
    edit_page = editor_client.get(reverse("cms:article-edit", args=[other.slug]))
    assert "Target: grade 18 or below." in edit_page.content.decode()


def test_the_preview_grades_the_unsaved_text(editor_client):
    """The Preview button posts the form (no script), and the preview shows that text's grade
    against the article's target; nothing is saved."""
    article = ArticleFactory(body=[{"type": "paragraph", "text": PLAIN}])
    before = article.history.count()
    url = reverse("cms:article-preview", args=[article.slug])
    html = editor_client.post(url, {"title": article.title, "body": HARD}).content.decode()
    assert "Reading grade <strong>" in html and "Target: grade 8 or below." in html
    assert "Above the target reading grade." in html
    assert article.history.count() == before
    assert Article.objects.get(pk=article.pk).body[0]["text"] == PLAIN


def test_a_new_article_previews_against_the_default_policy_target(editor_client):
    ReviewPolicy.objects.filter(is_default=True).update(target_reading_grade=6)
    html = editor_client.post(
        reverse("cms:article-preview-new"), {"title": "Gout: Diet", "body": PLAIN}
    ).content.decode()
    assert "Target: grade 6 or below." in html and "Above the target" not in html


def test_a_new_article_above_its_chosen_policy_target_warns_and_is_created(editor_client):
    ReviewPolicy.objects.filter(name="Evergreen").update(target_reading_grade=18)
    for name, warned in (("Standard", True), ("Evergreen", False)):
        page = editor_client.post(
            reverse("cms:article-create"),
            {
                "title": f"Chemotherapy {name}",
                "review_policy": ReviewPolicy.objects.get(name=name).pk,
                "body": MIDDLING,
                "reason": "New sheet",
            },
            follow=True,
        )
        article = Article.objects.get(title=f"Chemotherapy {name}")  # created either way
        messages = [str(m) for m in page.context["messages"]]
        assert any("above the target of grade 8" in m for m in messages) is warned, messages
        assert article.reading_grade > 8
