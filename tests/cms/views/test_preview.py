"""Preview: the exact public page, with its footer, for the text being edited; nothing saved."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from cms.models import Article
from tests.factories import ArticleFactory, editor_account, sign

pytestmark = pytest.mark.django_db

MARKUP = """## How to use your inhaler

1. Shake it.
2. Breathe out, then **press and breathe in**.

| Dose | When |
| --- | --- |
| 2 puffs | Morning |

::: emergency
Call 911 if your lips turn blue.
:::

See [spacers](article:spacers) and [the guide](https://example.org/guide)."""


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(editor_account())
    return client


def test_the_preview_renders_the_public_page_with_its_footer_and_saves_nothing(editor_client):
    article = ArticleFactory(title="Inhalers", slug="inhalers")
    sign(article, on=date(2026, 1, 5))
    before = (article.history.count(), Article.objects.get(pk=article.pk).body)
    url = reverse("cms:article-preview", args=[article.slug])
    page = editor_client.post(url, {"title": "Inhalers, revised", "body": MARKUP})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Inhalers, revised</h1>" in html and "Preview:" in html
    assert "<ol><li>Shake it.</li>" in html and "<strong>press and breathe in</strong>" in html
    assert '<th scope="col">Dose</th>' in html and "callout-emergency" in html
    assert 'href="/articles/spacers/"' in html
    assert 'href="https://example.org/guide" rel="noopener noreferrer"' in html
    assert "Online Medical Reviewer:" in html and "Date Last Reviewed: 1/5/2026" in html
    assert (article.history.count(), Article.objects.get(pk=article.pk).body) == before


def test_a_new_article_previews_without_a_footer(editor_client):
    page = editor_client.post(
        reverse("cms:article-preview-new"), {"title": "Gout: Diet", "body": "Eat less meat."}
    )
    assert page.status_code == 200 and "<p>Eat less meat.</p>" in page.content.decode()
    assert not Article.objects.exists()


def test_a_body_that_cannot_be_read_explains_why(editor_client):
    page = editor_client.post(
        reverse("cms:article-preview-new"),
        {"title": "Gout", "body": "![](/media/images/none.png)"},
    )
    assert page.status_code == 400 and "alt text" in page.content.decode()


def test_preview_is_for_editors_only():
    reader = Client()
    assert reader.post(reverse("cms:article-preview-new"), {}).status_code == 302  # to log in
