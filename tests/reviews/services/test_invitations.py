from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import resolve

from reviews.models import AuditEvent, Reviewer, ReviewerInvitation
from reviews.services.invitations import (
    InvitationExpired,
    InvitationInvalid,
    InvitationRefused,
    InvitationTokens,
    accept_invitation,
    invitation_path,
    invite_reviewer,
    suggested_username,
    usable_invitation,
)
from tests.factories import (
    ArticleFactory,
    ReviewerFactory,
    UserFactory,
    at_nine,
    editor_account,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
AT = at_nine(date(2026, 3, 2))
NEW_PASSWORD = "a-long-and-unusual-passphrase-41"


@pytest.fixture
def ada():
    return UserFactory(username="ada", first_name="Ada", role="Content admins")


@pytest.fixture
def jess():
    return ReviewerFactory(full_name="Jessica Gotwals", credentials="RN BSN MPH")


def link_of(message) -> tuple[int, str]:
    """(invitation id, token) of the link in an invitation email."""
    url = next(word for word in message.body.split() if "/invitations/" in word)
    match = resolve(urlsplit(url).path)
    assert match.view_name == "reviews:accept-invitation"
    return match.kwargs["invitation_id"], match.kwargs["token"]


def accept(invitation_id, token, *, at=AT, username="jess", password=NEW_PASSWORD):
    return accept_invitation(
        invitation_id=invitation_id, token=token, username=username, password=password, at=at
    )


def test_an_invitation_is_emailed_and_audited(ada, jess):
    invitation = invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT)
    assert (invitation.sent_at, invitation.expires_at) == (AT, AT + timedelta(days=7))
    [message] = mail.outbox
    assert message.to == ["jess@example.org"]
    assert "Jessica Gotwals RN BSN MPH" in message.body and "Ada" in message.body
    assert link_of(message) == (
        invitation.pk,
        resolve(invitation_path(invitation)).kwargs["token"],
    )
    event = AuditEvent.objects.get(action="reviewer_invited")
    assert (event.actor, event.subject) == (ada, f"reviewer {jess.pk}")
    assert "jess@example.org" in event.detail


def test_accepting_creates_the_account_links_the_profile_and_keeps_past_signatures(ada, jess):
    article = ArticleFactory()
    signature = sign(article, on=date(2023, 10, 1), reviewer=jess)
    invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT)
    user = accept(*link_of(mail.outbox[0]), at=AT + timedelta(hours=2))

    jess.refresh_from_db()
    assert jess.user == user and user.email == "jess@example.org"
    assert (user.first_name, user.last_name) == ("Jessica", "Gotwals")
    assert user.check_password(NEW_PASSWORD)
    assert user.has_perm("reviews.add_signoff") and not user.has_perm("cms.change_article")
    assert jess.signing_refusal(date(2026, 3, 2)) is None
    signature.refresh_from_db()
    assert signature.reviewer == jess and list(user.reviewer.signoffs.all()) == [signature]
    assert ReviewerInvitation.objects.get().accepted_at == AT + timedelta(hours=2)
    assert list(
        AuditEvent.objects.filter(subject__in=[f"reviewer {jess.pk}", f"user {user.pk}"])
        .order_by("id")
        .values_list("action", "actor__username")
    ) == [
        ("reviewer_invited", "ada"),
        ("role_granted", None),
        ("reviewer_changed", None),
        ("invitation_accepted", "jess"),
    ]
    assert "invitation" in AuditEvent.objects.get(action="reviewer_changed").detail


def test_a_link_works_once(ada, jess):
    invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT)
    link = link_of(mail.outbox[0])
    accept(*link)
    with pytest.raises(InvitationInvalid):
        accept(*link, username="someone-else")
    with pytest.raises(InvitationInvalid):
        usable_invitation(invitation_id=link[0], token=link[1], at=AT)


def test_a_link_expires_after_the_configured_days(ada, jess, settings):
    settings.REVIEWER_INVITATION_DAYS = 2
    invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT)
    link = link_of(mail.outbox[0])
    assert usable_invitation(invitation_id=link[0], token=link[1], at=AT + timedelta(hours=47))
    with pytest.raises(InvitationExpired, match="expired on 3/4/2026"):
        accept(*link, at=AT + timedelta(days=2))
    assert Reviewer.objects.get(pk=jess.pk).user is None


def test_inviting_again_kills_the_older_link(ada, jess):
    invite_reviewer(reviewer=jess, email="old@example.org", actor=ada, at=AT)
    invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT + timedelta(hours=1))
    old, new = link_of(mail.outbox[0]), link_of(mail.outbox[1])
    with pytest.raises(InvitationInvalid):
        accept(*old, at=AT + timedelta(hours=2))
    assert accept(*new, at=AT + timedelta(hours=2)).email == "jess@example.org"
    first = ReviewerInvitation.objects.get(email="old@example.org")
    assert first.replaced_at == AT + timedelta(hours=1) and first.accepted_at is None
    assert (
        "replaces invitation" in AuditEvent.objects.filter(action="reviewer_invited").first().detail
    )


@pytest.mark.parametrize(
    "token", ["", "garbage", "zzzzzzzzzzzzzzzzzzzzzz-0", "1-2-3", "cafe-0123456789abc"]
)
def test_a_wrong_token_or_unknown_invitation_is_invalid(ada, jess, token):
    invitation = invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT)
    for invitation_id, attempt in [
        (invitation.pk, token),
        (invitation.pk + 1, link_of(mail.outbox[0])[1]),
    ]:
        with pytest.raises(InvitationInvalid):
            usable_invitation(invitation_id=invitation_id, token=attempt, at=AT)


def test_a_token_is_bound_to_its_invitation(ada, jess):
    other = ReviewerFactory()
    mine = invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT)
    theirs = invite_reviewer(reviewer=other, email="other@example.org", actor=ada, at=AT)
    token = InvitationTokens(at=AT).make_token(theirs)
    with pytest.raises(InvitationInvalid):
        usable_invitation(invitation_id=mine.pk, token=token, at=AT)


def test_only_content_admins_invite(jess):
    for actor in (editor_account(), reviewer_account().user):
        with pytest.raises(InvitationRefused, match="Only content admins"):
            invite_reviewer(reviewer=jess, email="jess@example.org", actor=actor, at=AT)
    assert not ReviewerInvitation.objects.exists() and not mail.outbox


def test_a_profile_with_an_account_or_inactive_cannot_be_invited(ada):
    linked = reviewer_account("Maya Patel", "MD")
    with pytest.raises(InvitationRefused, match="already has an account"):
        invite_reviewer(reviewer=linked, email="maya@example.org", actor=ada, at=AT)
    inactive = ReviewerFactory(active=False)
    with pytest.raises(InvitationRefused, match="inactive"):
        invite_reviewer(reviewer=inactive, email="x@example.org", actor=ada, at=AT)
    assert not ReviewerInvitation.objects.exists() and not mail.outbox
    assert not AuditEvent.objects.filter(action="reviewer_invited").exists()


def test_an_address_of_another_account_or_no_address_is_refused(ada, jess):
    UserFactory(username="jgot", email="Jess@Example.org")
    with pytest.raises(InvitationRefused, match="jgot"):
        invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT)
    with pytest.raises(InvitationRefused, match="valid email"):
        invite_reviewer(reviewer=jess, email="not an address", actor=ada, at=AT)


def test_a_profile_linked_after_the_invitation_kills_the_link(ada, jess):
    invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT)
    jess.user = UserFactory(username="linked-in-the-admin")
    jess.save()
    with pytest.raises(InvitationInvalid):
        accept(*link_of(mail.outbox[0]))


def test_the_password_and_username_are_validated(ada, jess):
    invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT)
    link = link_of(mail.outbox[0])
    UserFactory(username="taken")
    with pytest.raises(ValidationError) as error:
        accept(*link, username="Taken", password="12345678")
    assert set(error.value.message_dict) == {"username", "password"}
    with pytest.raises(ValidationError) as error:
        accept(*link, username="bad name!", password="gotwals2026")
    assert "username" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        accept(*link, username="jess", password="short")
    assert list(error.value.message_dict) == ["password"]
    # Nothing was saved: the link still works.
    assert accept(*link).get_username() == "jess"


def test_the_suggested_username_is_free_and_plain():
    reviewer = ReviewerFactory(full_name="Susan K. Dempsey-Walls", credentials="RN")
    assert suggested_username(reviewer) == "susan.k.dempsey.walls"
    UserFactory(username="susan.k.dempsey.walls")
    assert suggested_username(reviewer) == "susan.k.dempsey.walls2"
    assert suggested_username(ReviewerFactory(full_name="Zoë Ångström")) == "zoe.angstrom"


def test_a_profile_made_inactive_after_the_invitation_kills_the_link(ada, jess):
    invite_reviewer(reviewer=jess, email="jess@example.org", actor=ada, at=AT)
    jess.active = False
    jess.save()
    with pytest.raises(InvitationInvalid):
        accept(*link_of(mail.outbox[0]))
    assert not ReviewerInvitation.objects.filter(accepted_at__isnull=False).exists()
