from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

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


def test_a_sign_off_links_to_the_signed_revision_and_the_article_history(superuser_client):
    article = ArticleFactory(slug="gout-diet")
    signoff = sign(article, on=date(2025, 1, 1))
    revision = reverse("cms:revision-detail", args=["gout-diet", signoff.revision_id]).encode()
    history = reverse("cms:article-history", args=["gout-diet"]).encode()

    page = superuser_client.get(reverse("admin:reviews_signoff_change", args=[signoff.pk]))
    listing = superuser_client.get(reverse("admin:reviews_signoff_changelist"))
    for response in (page, listing):
        assert revision in response.content and history in response.content
