"""Inviting a reviewer profile to set up its account, and accepting the invitation.

An invitation is a one-time, expiring link (Django's token machinery, keyed by SECRET_KEY; the
token is never stored). Its hash covers the reviewer, the account linked to the profile and the
invitation's state, so accepting it, or sending a newer one, kills every older link. Accepting
creates the account, gives it the reviewers' role and links it to the existing profile, whose
past signatures stay theirs. Every step is audited.
"""

import re
import unicodedata
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int
from django.utils.translation import gettext as _

from cms.templatetags.cms_tags import us_datetime
from reviews.choices import AuditAction
from reviews.models import Reviewer, ReviewerInvitation
from reviews.roles import MEDICAL_REVIEWERS
from reviews.services.accounts import save_account, set_roles
from reviews.services.audit import record_event
from reviews.services.reviewers import save_reviewer

User = get_user_model()

INVALID_LINK = (
    "This invitation link is not valid. It may have been used already, replaced by a newer "
    "invitation, or copied incompletely. If you have set up your account, log in; otherwise ask "
    "a content admin to invite you again."
)


class InvitationRefused(Exception):
    """Nothing was sent or saved; the message says why."""


class InvitationInvalid(InvitationRefused):
    """The link names no invitation that can be used (unknown, tampered, used or replaced)."""


class InvitationExpired(InvitationRefused):
    """The link was right, but its invitation has expired."""


class InvitationTokens(PasswordResetTokenGenerator):
    """Tokens for one invitation, made and checked as of ``at`` (no clock read here). Expiry
    is the invitation's own ``expires_at``, not PASSWORD_RESET_TIMEOUT."""

    key_salt = "reviews.services.invitations.InvitationTokens"

    def __init__(self, *, at: datetime):
        super().__init__()
        self.at = at

    def _now(self):
        return self.at.astimezone(UTC).replace(tzinfo=None)

    def _make_hash_value(self, invitation, timestamp):
        reviewer = invitation.reviewer
        return (
            f"{invitation.pk}|{reviewer.pk}|{reviewer.user_id}|{invitation.email}|"
            f"{invitation.sent_at.timestamp()}|{invitation.accepted_at}|{invitation.replaced_at}|"
            f"{timestamp}"
        )

    def check_token(self, invitation, token) -> bool:
        if not (invitation and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        return any(
            constant_time_compare(
                self._make_token_with_timestamp(invitation, timestamp, secret), token
            )
            for secret in [self.secret, *self.secret_fallbacks]
        )


def invitation_path(invitation: ReviewerInvitation) -> str:
    """The path of the invitation's link (its token made as of ``sent_at``)."""
    token = InvitationTokens(at=invitation.sent_at).make_token(invitation)
    return reverse("reviews:accept-invitation", args=[invitation.pk, token])


@transaction.atomic
def invite_reviewer(*, reviewer: Reviewer, email: str, actor, at: datetime) -> ReviewerInvitation:
    """Email ``reviewer`` a link to set up an account, valid ``REVIEWER_INVITATION_DAYS`` from
    ``at``; older open invitations to the same profile are replaced (their links die). Audited
    REVIEWER_INVITED, subject "reviewer <id>".

    ``actor`` needs ``reviews.invite_reviewer`` (content admins). Refused (InvitationRefused,
    nothing saved or sent) for a profile that already has an account or is inactive, and for an
    address another account already uses. The email is sent inside the transaction: if sending
    fails, the invitation is not recorded.
    """
    if not actor.has_perm("reviews.invite_reviewer"):
        raise InvitationRefused(_("Only content admins can invite reviewers."))
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationRefused(_("Enter a valid email address.")) from None
    reviewer = Reviewer.objects.select_for_update().get(pk=reviewer.pk)
    if reviewer.user_id is not None:
        raise InvitationRefused(
            _("%(name)s already has an account; there is nothing to invite them to.")
            % {"name": reviewer.printed_name}
        )
    if not reviewer.active:
        raise InvitationRefused(
            _("%(name)s's profile is inactive: make it active before inviting them.")
            % {"name": reviewer.printed_name}
        )
    taken = User.objects.filter(email__iexact=email).first()
    if taken is not None:
        raise InvitationRefused(
            _(
                "The account “%(username)s” already uses %(email)s: link that account to the "
                "profile in the admin instead."
            )
            % {"username": taken.get_username(), "email": email}
        )
    replaced = list(
        reviewer.invitations.filter(accepted_at=None, replaced_at=None).values_list("pk", flat=True)
    )
    ReviewerInvitation.objects.filter(pk__in=replaced).update(replaced_at=at)
    invitation = ReviewerInvitation.objects.create(
        reviewer=reviewer,
        email=email,
        invited_by=actor,
        sent_at=at,
        expires_at=at + timedelta(days=settings.REVIEWER_INVITATION_DAYS),
    )
    record_event(
        action=AuditAction.REVIEWER_INVITED,
        at=at,
        actor=actor,
        subject=f"reviewer {reviewer.pk}",
        detail=f"{reviewer.printed_name}: invitation {invitation.pk} sent to {email}, valid until "
        f"{us_datetime(invitation.expires_at)}"
        + (f"; replaces invitation {', '.join(map(str, replaced))}" if replaced else ""),
    )
    _email(invitation, actor=actor)
    return invitation


def _email(invitation: ReviewerInvitation, *, actor) -> None:
    context = {
        "invitation": invitation,
        "reviewer": invitation.reviewer,
        "invited_by": actor.get_full_name() or actor.get_username(),
        "link": settings.SITE_URL + invitation_path(invitation),
    }
    EmailMessage(
        subject="Set up your Recheck reviewer account",
        body=render_to_string("reviews/email/invitation.txt", context),
        to=[invitation.email],
    ).send()


def usable_invitation(*, invitation_id: int, token: str, at: datetime) -> ReviewerInvitation:
    """The invitation the link names, if it can be accepted on ``at``; else InvitationInvalid
    (unknown, wrong token, used, replaced, profile linked or inactive) or InvitationExpired."""
    invitation = (
        ReviewerInvitation.objects.select_related("reviewer").filter(pk=invitation_id).first()
    )
    if invitation is None or not InvitationTokens(at=at).check_token(invitation, token):
        raise InvitationInvalid(INVALID_LINK)
    reviewer = invitation.reviewer
    if invitation.accepted_at or invitation.replaced_at or reviewer.user_id or not reviewer.active:
        raise InvitationInvalid(INVALID_LINK)  # the token covers all but the last; belt and braces
    if at >= invitation.expires_at:
        raise InvitationExpired(
            f"This invitation expired on {us_datetime(invitation.expires_at)}. Ask a content admin "
            "to send you a new one."
        )
    return invitation


def suggested_username(reviewer: Reviewer) -> str:
    """A free username made of the reviewer's name, e.g. "jessica.gotwals" (or "…2")."""
    ascii_name = unicodedata.normalize("NFKD", reviewer.full_name).encode("ascii", "ignore")
    base = ".".join(re.findall(r"[a-z0-9]+", ascii_name.decode().lower()))[:140] or "reviewer"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


@transaction.atomic
def accept_invitation(
    *, invitation_id: int, token: str, username: str, password: str, at: datetime
):
    """Create the invited reviewer's account, give it the reviewers' role and link it to the
    profile (its past signatures stay attributed to the same profile); the invitation is used.
    Audited: the account's role (ROLE_GRANTED), the profile's link (REVIEWER_CHANGED) and
    INVITATION_ACCEPTED, whose actor is the new account.

    Raises InvitationRefused (see ``usable_invitation``) or ValidationError naming the field
    ("username", "password"; Django's password validators), saving nothing. The invitation row
    is locked, so the same link used twice at once makes one account. Returns the user.
    """
    locked = ReviewerInvitation.objects.select_for_update().filter(pk=invitation_id).first()
    if locked is not None:
        Reviewer.objects.select_for_update().filter(pk=locked.reviewer_id).first()
    invitation = usable_invitation(invitation_id=invitation_id, token=token, at=at)
    reviewer = invitation.reviewer
    first_name, _, last_name = reviewer.full_name.partition(" ")
    user = User(
        username=(username or "").strip(),
        email=invitation.email,
        first_name=first_name[:150],
        last_name=last_name[:150],
    )
    _validate_new_account(user, password)
    user.set_password(password)
    try:
        with transaction.atomic():
            save_account(user=user, actor=None, at=at)
    except IntegrityError:  # the same username taken since the check
        raise ValidationError({"username": "That username is taken; choose another."}) from None
    set_roles(user=user, actor=None, at=at, groups=[Group.objects.get(name=MEDICAL_REVIEWERS)])
    reviewer.user = user
    save_reviewer(
        reviewer=reviewer, actor=None, at=at, reason=f"invitation {invitation.pk} accepted"
    )
    invitation.accepted_at = at
    invitation.save(update_fields=["accepted_at"])
    record_event(
        action=AuditAction.INVITATION_ACCEPTED,
        at=at,
        actor=user,
        subject=f"reviewer {reviewer.pk}",
        detail=f"{reviewer.printed_name}: invitation {invitation.pk} accepted; account "
        f"{user.get_username()} created and linked to the profile",
    )
    return user


def _validate_new_account(user, password: str) -> None:
    errors = {}
    try:
        user.clean_fields(exclude=[f.name for f in User._meta.fields if f.name != "username"])
        if User.objects.filter(username__iexact=user.username).exists():
            raise ValidationError({"username": "That username is taken; choose another."})
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
