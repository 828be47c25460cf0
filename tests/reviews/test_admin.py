from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from cms.models import ChangeKind
from reviews.models import SignOff
from tests.factories import ArticleFactory, UserFactory, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_sign_offs_are_read_only_in_the_admin(superuser_client):
    signoff = sign(ArticleFactory(), on=date(2025, 1, 1))
    change_url = reverse("admin:reviews_signoff_change", args=[signoff.pk])

    page = superuser_client.get(change_url)
    assert page.status_code == 200
    assert b'name="comment"' not in page.content  # shown, not editable

    superuser_client.post(change_url, {"comment": "tampered"})
    delete = superuser_client.post(
        reverse("admin:reviews_signoff_delete", args=[signoff.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert superuser_client.get(reverse("admin:reviews_signoff_add")).status_code == 403
    assert SignOff.objects.get(pk=signoff.pk).comment == ""


def _our_models():
    return [
        model
        for app in ("cms", "reviews")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_the_admin_covers_every_model(superuser_client):
    models = _our_models()
    assert len(models) >= 14
    for model in models:
        assert admin.site.is_registered(model), model
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert superuser_client.get(url).status_code == 200, url


def test_article_history_is_visible_in_the_admin(superuser_client):
    article = ArticleFactory(title="History shown")
    response = superuser_client.get(reverse("admin:cms_article_history", args=[article.pk]))
    assert response.status_code == 200
    assert b"Created by a test factory" in response.content


def test_an_admin_edit_is_a_revision_with_its_kind_and_reason(superuser_client):
    article = ArticleFactory()
    data = {
        "title": "Renamed in the admin",
        "slug": article.slug,
        "summary": "",
        "body": '[{"type": "paragraph", "text": "Edited."}]',
        "source": "",
        "topic": article.topic_id,
        "review_policy": article.review_policy_id,
        "owner": "",
        "originated_on": "2020-01-01",
        "change_kind": ChangeKind.EDITORIAL,
        "change_reason": "Clearer title",
    }
    response = superuser_client.post(reverse("admin:cms_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    latest = article.history.order_by("-history_id").first()
    assert (latest.title, latest.change_kind, latest.history_change_reason) == (
        "Renamed in the admin",
        ChangeKind.EDITORIAL,
        "Clearer title",
    )


def test_an_admin_edit_without_a_reason_is_refused_and_saves_nothing(superuser_client):
    article = ArticleFactory()
    data = {
        "title": "No reason given",
        "slug": article.slug,
        "body": '[{"type": "paragraph", "text": "Edited."}]',
        "review_policy": article.review_policy_id,
        "originated_on": "2020-01-01",
        "change_kind": ChangeKind.EDITORIAL,
        "change_reason": "",
    }
    response = superuser_client.post(reverse("admin:cms_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert article.history.count() == 1
