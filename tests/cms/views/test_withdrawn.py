"""A withdrawn article: its public URL answers 410 Gone with a short notice, and the library
and its search leave it out (the withdrawal itself is reviews' service, tested there)."""

from datetime import date

import pytest
from django.urls import reverse

from cms.models import Article
from tests.factories import ArticleFactory, at_nine

pytestmark = pytest.mark.django_db


def withdrawn(**fields) -> Article:
    article = ArticleFactory(**fields)
    Article.objects.filter(pk=article.pk).update(
        withdrawn_at=at_nine(article.originated_on), withdrawal_reason="Internal reason"
    )
    return article


def test_the_public_url_answers_410_with_the_title_and_no_body(client):
    article = withdrawn(title="Asthma: Inhalers", originated_on=date(2026, 3, 4))
    response = client.get(reverse("cms:article-detail", args=[article.slug]))
    assert response.status_code == 410
    page = response.content.decode()
    assert "Asthma: Inhalers" in page and "withdrawn on 3/4/2026" in page
    assert "Take your medicine" not in page  # the body
    assert "Internal reason" not in page


def test_a_withdrawn_draft_never_public_is_not_found(client):
    article = withdrawn(published=False)
    assert client.get(reverse("cms:article-detail", args=[article.slug])).status_code == 404


def test_the_library_and_search_leave_it_out(client):
    ArticleFactory(title="Asthma: Inhalers")
    withdrawn(title="Asthma: Old Inhalers")
    index = client.get(reverse("cms:article-index")).content.decode()
    found = client.get(reverse("cms:article-index"), {"q": "asthma"}).content.decode()
    for page in (index, found):
        assert "Asthma: Inhalers" in page and "Old Inhalers" not in page
