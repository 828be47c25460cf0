from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from cms.models import ChangeKind
from cms.services.revisions import save_revision
from reviews.choices import AuditAction
from reviews.models import AuditEvent, Notification
from reviews.services.accounts import (
    AccountRefused,
    UserHasHistory,
    history_of,
    save_account,
    set_roles,
    users_with_history,
)
from reviews.services.flags import dismiss_flag
from reviews.services.reviewers import save_reviewer
from tests.factories import (
    ArticleFactory,
    ReviewerFactory,
    ReviewFlagFactory,
    UserFactory,
    at_nine,
    sign,
)

pytestmark = pytest.mark.django_db
AT = at_nine(date(2026, 3, 2))


@pytest.fixture
def root():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _account_events(user):
    return list(
        AuditEvent.objects.filter(subject=f"user {user.pk}")
        .order_by("id")
        .values_list("action", "actor__username", "detail")
    )


def test_set_roles_grants_and_revokes_each_role_with_its_actor(root):
    user = UserFactory(username="ellen", role="Editors")
    before = AuditEvent.objects.count()
    set_roles(
        user=user,
        groups=[Group.objects.get(name="Content admins")],
        permissions=[Permission.objects.get(codename="add_signoff")],
        actor=root,
        at=AT,
    )
    assert set(user.groups.values_list("name", flat=True)) == {"Content admins"}
    assert _account_events(user)[-3:] == [
        ("role_granted", "root", "ellen: Content admins"),
        ("role_revoked", "root", "ellen: Editors"),
        ("role_granted", "root", "ellen: permission reviews.add_signoff"),
    ]
    assert AuditEvent.objects.count() == before + 3  # the safety net stood aside


def test_save_account_audits_activation_and_staff_status(root):
    user = UserFactory(username="ellen")
    user.is_active, user.is_staff = False, True
    save_account(user=user, actor=root, at=AT)
    user.is_active = True
    save_account(user=user, actor=root, at=AT)
    assert _account_events(user) == [
        ("account_deactivated", "root", "ellen"),
        ("role_granted", "root", "ellen: staff status (admin site)"),
        ("account_activated", "root", "ellen"),
    ]


def test_only_a_superuser_grants_superuser_status():
    admin = UserFactory(username="ada", is_staff=True)
    admin.user_permissions.add(*Permission.objects.filter(codename__in=["change_user"]))
    user = UserFactory(username="ellen")
    user.is_superuser = True
    with pytest.raises(AccountRefused, match="Only a superuser"):
        save_account(user=user, actor=admin, at=AT)
    user.refresh_from_db()
    assert not user.is_superuser


def test_changing_accounts_needs_the_permission():
    editor = UserFactory(username="ellen", role="Editors")
    other = UserFactory(username="evan")
    with pytest.raises(AccountRefused):
        set_roles(user=other, groups=[Group.objects.get(name="Editors")], actor=editor, at=AT)
    other.is_active = False
    with pytest.raises(AccountRefused):
        save_account(user=other, actor=editor, at=AT)
    other.refresh_from_db()
    assert other.is_active and not other.groups.exists()


# -- The safety net: other routes are audited too, with no actor -----------------------------


def test_group_changes_from_a_shell_are_audited_without_an_actor():
    user = UserFactory(username="ellen")
    editors, admins = Group.objects.get(name="Editors"), Group.objects.get(name="Content admins")
    user.groups.add(editors)
    user.groups.add(editors)  # already held: nothing to record
    admins.user_set.add(user)
    user.groups.remove(Group.objects.get(name="Medical reviewers"))  # not held
    editors.user_set.remove(user)
    user.groups.clear()
    assert _account_events(user) == [
        ("role_granted", None, "ellen: Editors"),
        ("role_granted", None, "ellen: Content admins"),
        ("role_revoked", None, "ellen: Editors"),
        ("role_revoked", None, "ellen: Content admins"),
    ]


def test_deactivating_from_a_shell_is_audited_and_a_login_is_not():
    user = UserFactory(username="ellen")
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    user.is_active = False
    user.save()
    assert _account_events(user) == [("account_deactivated", None, "ellen")]


def test_a_new_superuser_is_audited():
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert _account_events(user) == [
        ("role_granted", None, "root: staff status (admin site)"),
        ("role_granted", None, "root: superuser status"),
    ]


# -- Users with history are deactivated, never deleted -----------------------------------------


def _audit_event(user):
    AuditEvent.objects.create(action=AuditAction.POLICY_CHANGED, at=AT, actor=user)


def _revision(user):
    article = ArticleFactory()
    article.title = "Edited"
    save_revision(article=article, kind=ChangeKind.EDITORIAL, reason="x", at=AT, user=user)


def _reviewer_history(user):
    reviewer = ReviewerFactory()
    reviewer.credentials = "MD PhD"
    reviewer._history_user = user
    reviewer.save()


def _reviewer_with_sign_offs(user):
    sign(ArticleFactory(), on=date(2025, 1, 1), reviewer=ReviewerFactory(user=user))


def _dismissed_flag(user):
    user.groups.add(Group.objects.get(name="Content admins"))
    dismiss_flag(flag=ReviewFlagFactory(), reason="No.", actor=user, at=AT)


def _notification(user):
    Notification.objects.create(recipient=user, kind="digest", day=AT.date(), created_at=AT)


@pytest.mark.parametrize(
    "leave_history",
    [
        _audit_event,
        _revision,
        _reviewer_history,
        _reviewer_with_sign_offs,
        _dismissed_flag,
        _notification,
    ],
)
def test_a_user_with_history_cannot_be_deleted_on_any_route(leave_history):
    user = UserFactory(username="ellen")
    leave_history(user)
    assert history_of(user)
    assert list(users_with_history(type(user).objects.all())) == [user]
    # The refusal rolls back the delete's transaction: let it, as any caller must.
    with pytest.raises(ProtectedError), transaction.atomic():
        user.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        type(user).objects.filter(pk=user.pk).delete()
    assert type(user).objects.filter(pk=user.pk).exists()


def test_history_names_what_the_user_left():
    user = UserFactory(username="ellen")
    _reviewer_history(user)
    _notification(user)
    with pytest.raises(UserHasHistory, match="Deactivate instead") as refused, transaction.atomic():
        user.delete()
    assert "1 changes to reviewers" in refused.value.args[0]
    assert "1 notifications" in refused.value.args[0]


def test_a_user_without_history_can_be_deleted(root):
    user = UserFactory(username="typo", role="Editors")  # a role grant is not history
    reviewer = ReviewerFactory(full_name="Unused")
    reviewer.user = user
    save_reviewer(reviewer=reviewer, actor=root, at=AT)  # root's change, not typo's
    assert history_of(user) == []
    user.delete()
    assert not type(user).objects.filter(username="typo").exists()
