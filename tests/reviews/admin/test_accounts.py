"""Users in the admin: role and activation changes are audited with the admin user; users with
history are deactivated, never deleted."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from reviews.models import AuditEvent, Notification
from tests.factories import ArticleFactory, ReviewerFactory, UserFactory, at_nine, sign

pytestmark = pytest.mark.django_db
User = get_user_model()
LIST = reverse("admin:auth_user_changelist")


def _change(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def _form(user, *, groups=None, active=True, **fields) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "groups": [group.pk for group in (groups if groups is not None else user.groups.all())],
        "user_permissions": [],
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        "last_login_0": "",
        "last_login_1": "",
        **fields,
    }
    if active:
        data["is_active"] = "on"
    return data


def _events(user):
    return list(
        AuditEvent.objects.filter(subject=f"user {user.pk}")
        .order_by("id")
        .values_list("action", "actor__username", "detail")
    )


def test_role_and_activation_changes_are_audited_once_with_the_admin_user(root_client):
    ellen = UserFactory(username="ellen", role="Editors")
    already = len(_events(ellen))  # the factory's grant, made outside the admin
    admins = Group.objects.get(name="Content admins")

    response = root_client.post(_change(ellen), _form(ellen, groups=[admins], active=False))
    assert response.status_code == 302
    assert _events(ellen)[already:] == [
        ("account_deactivated", "root", "ellen"),
        ("role_granted", "root", "ellen: Content admins"),
        ("role_revoked", "root", "ellen: Editors"),
    ]

    root_client.post(_change(ellen), _form(ellen, groups=[admins], active=True))
    assert _events(ellen)[-1] == ("account_activated", "root", "ellen")
    ellen.refresh_from_db()
    assert ellen.is_active and list(ellen.groups.all()) == [admins]


def test_a_user_added_in_the_admin_then_given_a_role(root_client):
    response = root_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newbie",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    newbie = User.objects.get(username="newbie")
    editors = Group.objects.get(name="Editors")
    root_client.post(_change(newbie), _form(newbie, groups=[editors]))
    assert _events(newbie) == [("role_granted", "root", "newbie: Editors")]


def test_only_a_superuser_makes_a_superuser():
    admin = UserFactory(username="ada", is_staff=True)
    admin.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    client = Client()
    client.force_login(admin)
    ellen = UserFactory(username="ellen")

    response = client.post(_change(ellen), _form(ellen, is_superuser="on"), follow=True)
    assert response.status_code == 200
    assert "Only a superuser can grant or revoke superuser status." in response.content.decode()
    ellen.refresh_from_db()
    assert not ellen.is_superuser
    assert _events(ellen) == []


def _with_history(username="ellen"):
    user = UserFactory(username=username)
    Notification.objects.create(
        recipient=user, kind="digest", day=date(2026, 3, 2), created_at=at_nine(date(2026, 3, 2))
    )
    return user


def test_deleting_a_user_with_history_says_deactivate_instead(root_client):
    ellen = _with_history()
    delete = reverse("admin:auth_user_delete", args=[ellen.pk])

    for method in ("get", "post"):
        response = getattr(root_client, method)(delete, {"post": "yes"}, follow=True)
        assert response.status_code == 200
        assert "Deactivate instead" in response.content.decode()
    assert User.objects.filter(pk=ellen.pk).exists()


def test_a_user_who_signed_is_not_deleted_either(root_client):
    maya = UserFactory(username="maya")
    sign(ArticleFactory(), on=date(2025, 1, 1), reviewer=ReviewerFactory(user=maya))
    delete = reverse("admin:auth_user_delete", args=[maya.pk])
    response = root_client.post(delete, {"post": "yes"}, follow=True)
    assert "Deactivate instead" in response.content.decode()
    assert User.objects.filter(pk=maya.pk).exists()


def test_bulk_delete_refuses_when_any_selected_user_has_history(root_client):
    ellen, typo = _with_history(), UserFactory(username="typo")
    response = root_client.post(
        LIST,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [ellen.pk, typo.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was deleted: ellen has history" in content and "Deactivate instead" in content
    assert User.objects.filter(pk__in=[ellen.pk, typo.pk]).count() == 2


def test_users_without_history_can_still_be_deleted(root_client):
    typo, spare = UserFactory(username="typo", role="Editors"), UserFactory(username="spare")
    single = root_client.post(reverse("admin:auth_user_delete", args=[typo.pk]), {"post": "yes"})
    assert single.status_code == 302
    bulk = root_client.post(
        LIST, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [spare.pk], "post": "yes"}
    )
    assert bulk.status_code == 302
    assert not User.objects.filter(username__in=["typo", "spare"]).exists()


def test_the_deactivate_action_is_audited(root_client):
    ellen = _with_history()
    root_client.post(LIST, {"action": "deactivate_selected", ACTION_CHECKBOX_NAME: [ellen.pk]})
    ellen.refresh_from_db()
    assert not ellen.is_active
    assert _events(ellen) == [("account_deactivated", "root", "ellen")]
