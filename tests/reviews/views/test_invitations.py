"""Reviewers' accounts on screen: the content admins' reviewer list, inviting, the public
acceptance page, and who cannot sign on the assignment and workload screens."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews.choices import FlagKind
from reviews.models import AuditEvent, ReviewerInvitation
from reviews.services.invitations import invitation_path, invite_reviewer
from reviews.services.scan import scan_reviews
from tests.factories import (
    ArticleFactory,
    ReviewerFactory,
    UserFactory,
    assign,
    editor_account,
    reviewer_account,
)

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-and-unusual-passphrase-41"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ada():
    return UserFactory(username="ada", role="Content admins")


@pytest.fixture
def jess():
    return ReviewerFactory(full_name="Jessica Gotwals", credentials="RN BSN MPH")


def test_the_reviewer_list_says_who_can_sign_and_offers_invitations(ada, jess):
    maya = reviewer_account("Maya Patel", "MD")
    lena = ReviewerFactory(full_name="Lena Brooks", credentials_expire_on=date(2020, 1, 1))
    page = client_for(ada).get(reverse("reviews:reviewers")).content.decode()
    assert "They have no account yet; a content admin can invite them" in page
    assert "The credentials expired on 1/1/2020" in page
    assert reverse("reviews:invite-reviewer", args=[jess.pk]) in page
    assert reverse("reviews:invite-reviewer", args=[lena.pk]) in page
    assert reverse("reviews:invite-reviewer", args=[maya.pk]) not in page
    assert "maya.patel" in page
    assert (
        reverse("reviews:reviewers")
        in client_for(ada).get(reverse("reviews:home")).content.decode()
    )


def test_the_reviewer_list_finds_by_name_in_a_bounded_number_of_queries(
    ada, jess, django_assert_max_num_queries
):
    for _ in range(10):
        invite_reviewer(
            reviewer=ReviewerFactory(), email=f"r{_}@example.org", actor=ada, at=timezone.now()
        )
    client = client_for(ada)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reviews:reviewers")).content.decode()
    assert page.count("valid until") == 10
    found = client.get(reverse("reviews:reviewers"), {"q": "gotwals"}).context["page"]
    assert [reviewer for reviewer, _, _ in found.object_list] == [jess]


def test_a_content_admin_invites_by_email(ada, jess):
    client = client_for(ada)
    url = reverse("reviews:invite-reviewer", args=[jess.pk])
    assert "Invite Jessica Gotwals RN BSN MPH" in client.get(url).content.decode()
    refused = client.post(url, {"email": "nope"})
    assert refused.status_code == 200 and not mail.outbox
    response = client.post(url, {"email": "jess@example.org"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reviews:reviewers")
    assert "Invitation sent to Jessica Gotwals RN BSN MPH at jess@example.org" in (
        response.content.decode()
    )
    assert [message.to for message in mail.outbox] == [["jess@example.org"]]
    assert "Invite again" in response.content.decode()


def test_a_refused_invitation_says_why(ada):
    maya = reviewer_account("Maya Patel", "MD")
    response = client_for(ada).post(
        reverse("reviews:invite-reviewer", args=[maya.pk]), {"email": "maya@example.org"}
    )
    assert response.status_code == 200
    assert "already has an account" in response.content.decode() and not mail.outbox


@pytest.mark.parametrize("role", ["Editors", "Medical reviewers"])
def test_only_content_admins_reach_the_invitation_screens(role, jess):
    client = client_for(UserFactory(username=f"user-{role}", role=role))
    for url in (reverse("reviews:reviewers"), reverse("reviews:invite-reviewer", args=[jess.pk])):
        assert client.get(url).status_code == 403
        assert client.post(url, {"email": "jess@example.org"}).status_code == 403
    assert not ReviewerInvitation.objects.exists() and not mail.outbox


def test_the_invited_reviewer_sets_a_password_and_logs_in(ada, jess):
    invitation = invite_reviewer(
        reviewer=jess, email="jess@example.org", actor=ada, at=timezone.now()
    )
    url = invitation_path(invitation)
    assert url in mail.outbox[0].body
    visitor = Client()
    form = visitor.get(url)
    assert form.status_code == 200
    assert "no-store" in form["Cache-Control"] and "private" in form["Cache-Control"]
    assert form.context["form"]["username"].value() == "jessica.gotwals"
    mismatch = visitor.post(
        url,
        {"username": "jessica.gotwals", "password": NEW_PASSWORD, "password_again": "other"},
    )
    assert "The two passwords differ." in mismatch.content.decode()
    common = visitor.post(
        url, {"username": "jessica.gotwals", "password": "password", "password_again": "password"}
    )
    assert "This password is too common." in common.content.decode()
    done = visitor.post(
        url,
        {"username": "jessica.gotwals", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("login")
    assert "Your account is ready. Log in as jessica.gotwals" in done.content.decode()
    login = visitor.post(
        reverse("login"), {"username": "jessica.gotwals", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302
    assert visitor.get(reverse("reviews:queue")).status_code == 200  # a medical reviewer now
    jess.refresh_from_db()
    assert jess.user.get_username() == "jessica.gotwals"

    used = Client().get(url)
    assert used.status_code == 404 and "not valid" in used.content.decode()
    again = Client().post(
        url, {"username": "x", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert again.status_code == 404
    assert AuditEvent.objects.filter(action="invitation_accepted").count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/invitations/1/garbage/",
        "/invitations/999999/cafe-0123456789abc/",
        "/invitations/1/zzzzzzzzzzzzzzzzzzzzzzzzzz-1/",
        "/invitations/1/" + "a" * 300 + "/",
    ],
)
def test_a_bad_link_gets_a_clear_page_not_an_error(ada, jess, path):
    invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=timezone.now())
    for method in ("get", "post"):
        response = getattr(Client(), method)(path)
        assert response.status_code == 404
        assert "This invitation cannot be used" in response.content.decode()


def test_an_expired_link_says_so(ada, jess, settings):
    settings.REVIEWER_INVITATION_DAYS = 7
    invitation = invite_reviewer(
        reviewer=jess, email="jess@example.org", actor=ada, at=timezone.now() - timedelta(days=8)
    )
    response = Client().get(invitation_path(invitation))
    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()


def test_the_assignment_screen_shows_who_cannot_sign_yet_and_why(jess):
    article = ArticleFactory()
    assign(article, jess)  # assigned before their account was removed, say
    response = client_for(editor_account()).get(reverse("reviews:assign", args=[article.slug]))
    page = response.content.decode()
    assert (
        "Jessica Gotwals RN BSN MPH: <strong>cannot sign</strong>: they have no account yet" in page
    )
    assert "Invite them" not in page  # editors cannot invite
    newcomer = ReviewerFactory(full_name="Omar Haddad", credentials="PharmD")
    page = (
        client_for(UserFactory(username="ada", role="Content admins"))
        .get(reverse("reviews:assign", args=[article.slug]))
        .content.decode()
    )
    assert reverse("reviews:invite-reviewer", args=[jess.pk]) in page
    assert (
        f'<option value="{newcomer.pk}" disabled>Omar Haddad PharmD — cannot sign: they have no '
        "account yet"
    ) in page


def test_articles_whose_reviewers_have_no_account_are_flagged_and_on_the_workload(ada, jess):
    stranded = ArticleFactory(title="Only Jessica")
    assign(stranded, jess)
    covered = ArticleFactory(title="Jessica and Maya")
    assign(covered, jess, reviewer_account("Maya Patel", "MD"))
    scan_reviews(as_of=timezone.localdate())
    flagged = set(
        stranded.flags.filter(kind=FlagKind.REVIEWER_CREDENTIALS_EXPIRED).values_list(
            "article__title", flat=True
        )
    ) | set(
        covered.flags.filter(kind=FlagKind.REVIEWER_CREDENTIALS_EXPIRED).values_list(
            "article__title", flat=True
        )
    )
    assert flagged == {"Only Jessica"}
    response = client_for(ada).get(reverse("reviews:report-workload"))
    page = response.content.decode()
    assert response.context["stranded_count"] == 1
    assert "Articles whose reviewers can no longer sign (1)" in page
    assert "Only Jessica" in page and "no account" in page
    assert FlagKind.REVIEWER_CREDENTIALS_EXPIRED.label == "No assigned reviewer can sign"


def test_a_reviewer_who_accepted_is_off_the_workload_list_after_the_next_scan(ada, jess):
    article = ArticleFactory()
    assign(article, jess)
    scan_reviews(as_of=timezone.localdate())
    invitation = invite_reviewer(
        reviewer=jess, email="jess@example.org", actor=ada, at=timezone.now()
    )
    Client().post(
        invitation_path(invitation),
        {"username": "jess", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    scan_reviews(as_of=timezone.localdate())
    assert client_for(ada).get(reverse("reviews:report-workload")).context["stranded_count"] == 0
    assert Client().login(username="jess", password=NEW_PASSWORD)
