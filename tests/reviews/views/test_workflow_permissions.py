"""Every workflow URL refuses anonymous users (login redirect) and the wrong roles (403)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["Editors", "Medical reviewers", "Content admins", None]  # None: signed in, no role


def urls(article):
    slug, revision = article.slug, article.live_revision.history_id
    # url: the roles allowed in
    return {
        reverse("reviews:home"): set(ROLES),
        reverse("reviews:notifications"): set(ROLES),
        reverse("cms:workspace-articles"): {"Editors"},
        reverse("cms:article-create"): {"Editors"},
        reverse("cms:article-edit", args=[slug]): {"Editors"},
        reverse("reviews:assign", args=[slug]): {"Editors", "Content admins"},
        reverse("cms:article-history", args=[slug]): {
            "Editors",
            "Medical reviewers",
            "Content admins",
        },
        reverse("cms:revision-detail", args=[slug, revision]): {
            "Editors",
            "Medical reviewers",
            "Content admins",
        },
        reverse("cms:revision-diff", args=[slug]): {
            "Editors",
            "Medical reviewers",
            "Content admins",
        },
        reverse("reviews:queue"): {"Medical reviewers"},
        reverse("reviews:review", args=[slug]): {"Medical reviewers"},
        reverse("reviews:audit"): {"Content admins"},
    }


def test_anonymous_users_are_sent_to_the_login_page():
    article = ArticleFactory()
    for url in urls(article):
        for method in ("get", "post"):
            response = getattr(Client(), method)(url)
            assert response.status_code == 302, (method, url)
            assert response.url.startswith(reverse("login") + "?next="), url


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_in_only_where_it_belongs(role):
    article = ArticleFactory()
    client = Client()
    client.force_login(UserFactory(username=f"user-{role}", role=role))
    for url, allowed in urls(article).items():
        status = client.get(url).status_code
        if role in allowed:
            assert status == 200, (role, url, status)
        else:
            assert status == 403, (role, url, status)
            assert client.post(url).status_code == 403, (role, url)
