"""An invitation link used twice at once (two tabs, a double submit) makes one account; two
invited reviewers choosing one username at once get one account and a username error, never
an IntegrityError."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import resolve
from django.utils import timezone

from reviews.models import AuditEvent
from reviews.services.invitations import (
    InvitationInvalid,
    accept_invitation,
    invitation_path,
    invite_reviewer,
)
from tests.factories import ReviewerFactory, UserFactory
from tests.integration.threads import run_together

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "a-long-and-unusual-passphrase-41"


def _invited(email):
    admin = UserFactory(username="ada", role="Content admins")
    invitation = invite_reviewer(
        reviewer=ReviewerFactory(), email=email, actor=admin, at=timezone.now()
    )
    return resolve(invitation_path(invitation)).kwargs


def _accept(link, username):
    return lambda: accept_invitation(
        **link, username=username, password=PASSWORD, at=timezone.now()
    )


def test_one_link_used_twice_at_once_makes_one_account():
    link = _invited("jess@example.org")
    results = run_together(*[_accept(link, f"jess{n}") for n in range(4)])
    made = [r for r in results if isinstance(r, get_user_model())]
    refused = [r for r in results if isinstance(r, InvitationInvalid)]
    assert len(made) == 1 and len(refused) == 3, results
    assert AuditEvent.objects.filter(action="invitation_accepted").count() == 1


def test_two_invitations_racing_for_one_username_give_one_account_and_an_error():
    first, second = _invited("jess@example.org"), _invited("susan@example.org")
    results = run_together(_accept(first, "reviewer"), _accept(second, "reviewer"))
    made = [r for r in results if isinstance(r, get_user_model())]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(made) == 1 and len(refused) == 1, results
    assert "username" in refused[0].message_dict
