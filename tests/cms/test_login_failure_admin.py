"""Locks of the login throttle in the admin: shown per username, and cleared (audited) only by
those who may delete them."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import LoginFailure
from cms.services.login_throttle import PER_USERNAME, client_key
from tests.factories import PASSWORD, UserFactory, editor_account

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:cms_loginfailure_changelist")


def staff(*codenames):
    user = UserFactory(username="root", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def fail(username, times, *, minutes_ago=0):
    at = timezone.now() - timedelta(minutes=minutes_ago)
    for n in range(times):
        LoginFailure.objects.create(username=username, client_key=client_key(f"192.0.2.{n}"), at=at)


def login(username="ellen"):
    return Client().post(reverse("login"), {"username": username, "password": PASSWORD})


def test_the_list_shows_each_username_once_with_its_recent_count_and_lock():
    fail("ellen", PER_USERNAME)
    fail("omar", 2)
    fail("old", PER_USERNAME, minutes_ago=60)

    page = staff("view_loginfailure").get(CHANGELIST)

    assert page.status_code == 200
    rows = {row.username: row for row in page.context["cl"].result_list}
    assert set(rows) == {"ellen", "omar", "old"}
    assert (rows["ellen"].recent_failures, rows["omar"].recent_failures) == (PER_USERNAME, 2)
    assert rows["old"].recent_failures == 0
    assert "Locked" in page.content.decode()

    locked = staff("view_loginfailure").get(CHANGELIST, {"locked": "yes"})
    assert [row.username for row in locked.context["cl"].result_list] == ["ellen"]


def test_deleting_a_row_clears_the_lock_and_is_logged():
    editor_account()
    fail("ellen", PER_USERNAME)
    assert login().status_code == 429
    row = LoginFailure.objects.filter(username="ellen").latest("pk")
    client = staff("view_loginfailure", "delete_loginfailure")

    response = client.post(reverse("admin:cms_loginfailure_delete", args=[row.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not LoginFailure.objects.filter(username="ellen").exists()
    entry = LogEntry.objects.get(action_flag=DELETION)
    assert entry.user.username == "root" and "ellen" in entry.object_repr
    assert login().status_code == 302


def test_the_bulk_action_clears_each_selected_username():
    fail("ellen", PER_USERNAME)
    fail("omar", PER_USERNAME)
    fail("keep", 1)
    client = staff("view_loginfailure", "delete_loginfailure")
    chosen = [
        LoginFailure.objects.filter(username=name).latest("pk").pk for name in ("ellen", "omar")
    ]

    client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}
    )

    assert set(LoginFailure.objects.values_list("username", flat=True)) == {"keep"}
    assert LogEntry.objects.filter(action_flag=DELETION).count() == 2


def test_without_the_delete_permission_a_lock_cannot_be_cleared():
    fail("ellen", PER_USERNAME)
    row = LoginFailure.objects.filter(username="ellen").latest("pk")
    client = staff("view_loginfailure")

    response = client.post(reverse("admin:cms_loginfailure_delete", args=[row.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert LoginFailure.objects.filter(username="ellen").count() == PER_USERNAME


def test_nobody_adds_or_edits_a_failure_in_the_admin():
    fail("ellen", 1)
    row = LoginFailure.objects.get()
    client = staff("view_loginfailure", "add_loginfailure", "change_loginfailure")
    change = reverse("admin:cms_loginfailure_change", args=[row.pk])
    assert client.get(change).status_code == 200  # shown, read-only
    assert client.post(change, {"username": "x", "at": "2020-01-01"}).status_code == 403
    assert client.get(reverse("admin:cms_loginfailure_add")).status_code == 403
    assert LoginFailure.objects.get().username == "ellen"


def test_content_admins_see_and_clear_locks():
    editor_account()
    fail("ellen", PER_USERNAME)
    admin = Client()
    admin.force_login(UserFactory(username="ada", role="Content admins", is_staff=True))
    assert admin.get(CHANGELIST).status_code == 200
    row = LoginFailure.objects.filter(username="ellen").latest("pk")
    admin.post(reverse("admin:cms_loginfailure_delete", args=[row.pk]), {"post": "yes"})
    assert login().status_code == 302
