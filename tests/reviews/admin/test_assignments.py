"""Assignments in the admin go through reviews.services.assignments.assign_reviewers."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from reviews.models import ArticleReviewer, AuditEvent
from tests.factories import ArticleFactory, UserFactory, assign, reviewer_account

pytestmark = pytest.mark.django_db
ADD = reverse("admin:reviews_articlereviewer_add")
LIST = reverse("admin:reviews_articlereviewer_changelist")


def _events():
    return list(
        AuditEvent.objects.filter(action__startswith="reviewer_")
        .order_by("id")
        .values_list("action", "actor__username", "detail")
    )


def test_an_expired_reviewer_cannot_be_assigned_in_the_admin(content_admin_client):
    article = ArticleFactory()
    expired = reviewer_account(full_name="Lena Brooks", credentials_expire_on=date(2020, 1, 1))

    response = content_admin_client.post(
        ADD, {"article": article.pk, "reviewer": expired.pk, "position": ""}, follow=True
    )
    assert response.status_code == 200
    assert "Lena Brooks MD cannot be assigned: the credentials expired on" in (
        response.content.decode()
    )
    assert not ArticleReviewer.objects.exists()
    assert _events() == []


def test_an_inactive_reviewer_cannot_be_swapped_in_either(content_admin_client):
    article = ArticleFactory()
    maya = reviewer_account(full_name="Maya Patel")
    assign(article, maya)
    link = ArticleReviewer.objects.get()
    retired = reviewer_account(full_name="Retired One", active=False)

    url = reverse("admin:reviews_articlereviewer_change", args=[link.pk])
    response = content_admin_client.post(url, {"reviewer": retired.pk, "position": 0}, follow=True)
    assert "Retired One MD cannot be assigned" in response.content.decode()
    assert list(article.reviewer_links.values_list("reviewer", flat=True)) == [maya.pk]


def test_adding_changing_and_removing_are_audited_with_the_admin_user(content_admin_client):
    article = ArticleFactory()
    maya, omar = reviewer_account(full_name="Maya Patel"), reviewer_account(full_name="Omar Haddad")
    assign(article, maya)

    added = content_admin_client.post(ADD, {"article": article.pk, "reviewer": omar.pk})
    assert added.status_code == 302
    assert [link.reviewer for link in article.reviewer_links.all()] == [maya, omar]

    jess = reviewer_account(full_name="Jessica Gotwals")
    omar_link = article.reviewer_links.get(reviewer=omar)
    change = reverse("admin:reviews_articlereviewer_change", args=[omar_link.pk])
    assert (
        content_admin_client.post(change, {"reviewer": jess.pk, "position": 0}).status_code == 302
    )
    assert [link.reviewer for link in article.reviewer_links.all()] == [jess, maya]

    jess_link = article.reviewer_links.get(reviewer=jess)
    delete = reverse("admin:reviews_articlereviewer_delete", args=[jess_link.pk])
    assert content_admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert [link.reviewer for link in article.reviewer_links.all()] == [maya]

    assert _events() == [
        ("reviewer_assigned", "ada", "Omar Haddad MD"),
        ("reviewer_assigned", "ada", "Jessica Gotwals MD"),
        ("reviewer_unassigned", "ada", "Omar Haddad MD"),
        ("reviewer_unassigned", "ada", "Jessica Gotwals MD"),
    ]


def test_the_bulk_delete_action_unassigns_through_the_service(content_admin_client):
    first, second = ArticleFactory(), ArticleFactory()
    maya, omar = reviewer_account(full_name="Maya Patel"), reviewer_account(full_name="Omar Haddad")
    assign(first, maya, omar)
    assign(second, omar)
    chosen = ArticleReviewer.objects.filter(reviewer=omar)

    response = content_admin_client.post(
        LIST,
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [link.pk for link in chosen],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert list(ArticleReviewer.objects.values_list("article", "reviewer")) == [(first.pk, maya.pk)]
    assert _events() == [
        ("reviewer_unassigned", "ada", "Omar Haddad MD"),
        ("reviewer_unassigned", "ada", "Omar Haddad MD"),
    ]
    assert set(
        AuditEvent.objects.filter(action="reviewer_unassigned").values_list("article", flat=True)
    ) == {first.pk, second.pk}


def test_a_refused_bulk_removal_shows_a_message_and_removes_nothing():
    # Allowed to delete rows by the admin, but the service asks for the change permission.
    dee = UserFactory(username="dee", is_staff=True)
    dee.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_articlereviewer", "delete_articlereviewer"])
    )
    client = Client()
    client.force_login(dee)
    first, second = ArticleFactory(), ArticleFactory()
    maya = reviewer_account(full_name="Maya Patel")
    assign(first, maya)
    assign(second, maya)

    response = client.post(
        LIST,
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: list(ArticleReviewer.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Only editors and content admins can assign reviewers." in response.content.decode()
    assert ArticleReviewer.objects.count() == 2
    assert _events() == []


def test_a_refused_single_removal_shows_a_message_and_removes_nothing():
    dee = UserFactory(username="dee", is_staff=True)
    dee.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_articlereviewer", "delete_articlereviewer"])
    )
    client = Client()
    client.force_login(dee)
    article = ArticleFactory()
    assign(article, reviewer_account(full_name="Maya Patel"))
    link = ArticleReviewer.objects.get()

    delete = reverse("admin:reviews_articlereviewer_delete", args=[link.pk])
    response = client.post(delete, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "Only editors and content admins can assign reviewers." in response.content.decode()
    assert ArticleReviewer.objects.filter(pk=link.pk).exists()
    assert _events() == []
