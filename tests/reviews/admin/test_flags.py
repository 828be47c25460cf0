"""Flags in the admin: resolve, dismiss, reopen and correct a reason, each through
reviews.services.flags; who dismissed a flag is never typed in by hand."""

import pytest
from django.urls import reverse

from reviews.models import AuditEvent, ReviewFlag
from tests.factories import ArticleFactory, ReviewFlagFactory, UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db


def _url(flag):
    return reverse("admin:reviews_reviewflag_change", args=[flag.pk])


def _events():
    return list(
        AuditEvent.objects.filter(action__startswith="flag_")
        .order_by("id")
        .values_list("action", "actor__username")
    )


def test_dismissing_in_the_admin_records_the_admin_user(content_admin_client):
    flag = ReviewFlagFactory(kind="reader_report")
    response = content_admin_client.post(_url(flag), {"resolved": "on", "dismiss_reason": "Spam."})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_on is not None and flag.dismissed_by.username == "ada"
    assert flag.dismiss_reason == "Spam."
    assert _events() == [("flag_dismissed", "ada")]


def test_resolving_reopening_and_changing_the_reason_each_call_their_service(
    content_admin_client,
):
    flag = ReviewFlagFactory(kind="overdue")
    content_admin_client.post(_url(flag), {"resolved": "on"})
    flag.refresh_from_db()
    assert flag.resolved_on is not None and flag.dismissed_by is None

    content_admin_client.post(_url(flag), {"dismiss_reason": ""})  # unticked: reopen
    flag.refresh_from_db()
    assert flag.resolved_on is None

    content_admin_client.post(_url(flag), {"resolved": "on", "dismiss_reason": "Evergreen."})
    content_admin_client.post(_url(flag), {"resolved": "on", "dismiss_reason": "Evergreen text."})
    flag.refresh_from_db()
    assert flag.dismiss_reason == "Evergreen text."
    assert _events() == [
        ("flag_resolved", "ada"),
        ("flag_reopened", "ada"),
        ("flag_dismissed", "ada"),
        ("flag_changed", "ada"),
    ]


def test_dismissed_by_cannot_be_typed_in(content_admin_client):
    flag = ReviewFlagFactory(kind="reader_report")
    someone = UserFactory(username="someone")
    page = content_admin_client.get(_url(flag))
    assert b'name="dismissed_by"' not in page.content
    assert b'name="resolved_on"' not in page.content

    content_admin_client.post(
        _url(flag),
        {"resolved": "on", "dismiss_reason": "Spam.", "dismissed_by": someone.pk},
    )
    flag.refresh_from_db()
    assert flag.dismissed_by.username == "ada"


def test_reopening_beside_an_open_flag_of_that_kind_is_refused_with_a_message(
    content_admin_client,
):
    article = ArticleFactory(title="Gout: Diet")
    old = ReviewFlagFactory(article=article, kind="overdue")
    content_admin_client.post(_url(old), {"resolved": "on"})
    ReviewFlagFactory(article=article, kind="overdue")

    response = content_admin_client.post(_url(old), {"dismiss_reason": ""}, follow=True)
    assert response.status_code == 200
    assert "already has an open “Overdue” flag" in response.content.decode()
    old.refresh_from_db()
    assert old.resolved_on is not None
    assert _events() == [("flag_resolved", "ada")]


def test_a_reason_without_resolving_is_a_form_error(content_admin_client):
    flag = ReviewFlagFactory()
    response = content_admin_client.post(_url(flag), {"dismiss_reason": "Because."})
    assert response.status_code == 200
    assert "Tick “resolved” to dismiss the flag" in response.content.decode()
    assert ReviewFlag.objects.get(pk=flag.pk).resolved_on is None
    assert _events() == []


def test_editors_only_view_flags():
    flag = ReviewFlagFactory()
    editor = staff_client("ellen", "Editors")
    assert editor.get(_url(flag)).status_code == 200
    assert editor.post(_url(flag), {"resolved": "on"}).status_code == 403
    assert ReviewFlag.objects.get(pk=flag.pk).resolved_on is None
