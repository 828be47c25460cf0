"""Reviewer profiles in the admin are saved through reviews.services.reviewers."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import AuditEvent, Reviewer
from reviews.services.invitations import invite_reviewer
from tests.factories import ReviewerFactory, UserFactory, reviewer_account

from .conftest import staff_client

pytestmark = pytest.mark.django_db


def _form(**fields) -> dict:
    return {
        "full_name": "Maya Patel",
        "credentials": "MD",
        "specialty": "",
        "credentials_verified_on": "",
        "credentials_expire_on": "2027-01-31",
        "active": "on",
        "user": "",
        "languages": "en",
        **fields,
    }


def test_adding_and_changing_a_profile_is_audited_field_by_field(content_admin_client):
    client = content_admin_client
    assert client.post(reverse("admin:reviews_reviewer_add"), _form()).status_code == 302
    reviewer = Reviewer.objects.get(full_name="Maya Patel")

    change = reverse("admin:reviews_reviewer_change", args=[reviewer.pk])
    later = _form(credentials_expire_on="2029-01-31")
    assert client.post(change, later).status_code == 302
    assert client.post(change, later).status_code == 302

    events = list(
        AuditEvent.objects.filter(subject=f"reviewer {reviewer.pk}")
        .order_by("id")
        .values_list("action", "actor__username", "detail")
    )
    assert [event[:2] for event in events] == [
        ("reviewer_added", "ada"),
        ("reviewer_changed", "ada"),  # the unchanged save records nothing
    ]
    assert events[1][2] == "Maya Patel MD: credentials_expire_on: 2027-01-31 → 2029-01-31"
    assert reviewer.history.count() == 2
    assert {row.history_user.username for row in reviewer.history.all()} == {"ada"}
    assert Reviewer.objects.get(pk=reviewer.pk).credentials_expire_on == date(2029, 1, 31)


def test_viewers_cannot_revert_a_profile_from_its_history_page():
    reviewer = ReviewerFactory(full_name="Maya Patel", credentials_expire_on=date(2020, 1, 1))
    old = reviewer.history.get()
    reviewer.credentials_expire_on = date(2027, 1, 1)
    reviewer.save()
    editor = staff_client("ellen", "Editors")  # may view reviewers, not change them
    url = reverse("admin:reviews_reviewer_simple_history", args=[reviewer.pk, old.history_id])

    assert editor.get(url).status_code == 200
    assert editor.post(url, _form(credentials_expire_on="2020-01-01")).status_code == 403
    assert Reviewer.objects.get(pk=reviewer.pk).credentials_expire_on == date(2027, 1, 1)


def test_a_revert_by_a_content_admin_is_audited(content_admin_client):
    reviewer = ReviewerFactory(full_name="Maya Patel", credentials_expire_on=date(2027, 1, 31))
    old = reviewer.history.get()
    reviewer.credentials_expire_on = date(2020, 1, 1)
    reviewer.save()
    url = reverse("admin:reviews_reviewer_simple_history", args=[reviewer.pk, old.history_id])

    assert content_admin_client.post(url, _form()).status_code == 302
    event = AuditEvent.objects.get(action="reviewer_changed")
    assert event.actor.username == "ada"
    assert "credentials_expire_on: 2020-01-01 → 2027-01-31" in event.detail


def test_profiles_are_deactivated_not_deleted(root_client):
    reviewer = ReviewerFactory()
    delete = reverse("admin:reviews_reviewer_delete", args=[reviewer.pk])
    assert root_client.post(delete, {"post": "yes"}).status_code == 403
    assert Reviewer.objects.filter(pk=reviewer.pk).exists()


def test_a_profile_without_an_account_links_to_its_invitation(content_admin_client):
    jess = ReviewerFactory(full_name="Jessica Gotwals")
    reviewer_account("Maya Patel", "MD")
    page = content_admin_client.get(reverse("admin:reviews_reviewer_changelist")).content.decode()
    assert reverse("reviews:invite-reviewer", args=[jess.pk]) in page and "maya.patel" in page
    admin = UserFactory(username="carla", role="Content admins")
    invite_reviewer(reviewer=jess, email="jess@example.org", actor=admin, at=timezone.now())
    invitations = reverse("admin:reviews_reviewerinvitation_changelist")
    assert "jess@example.org" in content_admin_client.get(invitations).content.decode()
    add = content_admin_client.get(reverse("admin:reviews_reviewerinvitation_add"))
    assert add.status_code == 403


def test_languages_typed_in_the_admin_are_stored_as_standard_tags(content_admin_client):
    client = content_admin_client
    add = reverse("admin:reviews_reviewer_add")
    assert client.post(add, _form(languages="EN, es_mx")).status_code == 302
    reviewer = Reviewer.objects.get(full_name="Maya Patel")
    assert reviewer.languages == "en es-MX" and reviewer.reads("es-MX")
    assert not reviewer.reads("es")

    change = reverse("admin:reviews_reviewer_change", args=[reviewer.pk])
    response = client.post(change, _form(languages="english!"))
    assert response.status_code == 200
    assert "is not a language tag" in response.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.languages == "en es-MX"
