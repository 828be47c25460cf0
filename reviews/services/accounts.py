"""Accounts: who holds which role, and who may sign in.

Every change to a user's roles (groups, own permissions, staff and superuser status) and to
``is_active`` is audited, subject "user <id>". The services here record it with their actor.
Other routes (a shell, a command, the demo loader, ``group.user_set.add()``) are caught by the
receivers at the end of this module, which record the same events with no actor. A user with
history is never deleted, on any route: deactivate the account instead.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import cache

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q, QuerySet
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.choices import AuditAction
from reviews.models import AuditEvent, Notification, Reviewer, ReviewFlag, SignOff
from reviews.services.audit import record_event
from reviews.services.rescan import rescan_reviewers_articles_on_commit

User = get_user_model()

# The account's own switches: (action when turned on, action when turned off, what it is).
ACCOUNT_SWITCHES = {
    "is_active": (AuditAction.ACCOUNT_ACTIVATED, AuditAction.ACCOUNT_DEACTIVATED, ""),
    "is_staff": (AuditAction.ROLE_GRANTED, AuditAction.ROLE_REVOKED, "staff status (admin site)"),
    "is_superuser": (AuditAction.ROLE_GRANTED, AuditAction.ROLE_REVOKED, "superuser status"),
}


class AccountRefused(Exception):
    """The account was not changed; the message says why."""


class UserHasHistory(ProtectedError):
    """The user has history (see ``history_of``) and cannot be deleted: deactivate instead."""

    def __init__(self, user, history: list[str]):
        super().__init__(deactivate_instead_message(user, history), {user})


# -- Changing accounts ------------------------------------------------------------------------

_service_is_recording: ContextVar[bool] = ContextVar("accounts_service_is_recording", default=False)


@contextmanager
def _recorded_here():
    """While a service of this module writes, the safety-net receivers stand aside: the
    service records the same change itself, with its actor."""
    token = _service_is_recording.set(True)
    try:
        yield
    finally:
        _service_is_recording.reset(token)


def _check(actor, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise AccountRefused(_("Only administrators can add or change accounts."))


@transaction.atomic
def save_account(*, user, actor, at: datetime) -> list[AuditEvent]:
    """Save ``user``, new or changed, and audit its switches: ``is_active`` changes as
    ACCOUNT_ACTIVATED / ACCOUNT_DEACTIVATED, ``is_staff`` and ``is_superuser`` as ROLE_GRANTED /
    ROLE_REVOKED (a new account records only the roles it starts with).

    ``actor`` needs ``auth.add_user`` or ``auth.change_user``, and only a superuser may grant or
    revoke superuser status; None means the system. Raises AccountRefused, saving nothing.
    Returns the events recorded.
    """
    adding = user._state.adding or user.pk is None
    _check(actor, "auth.add_user" if adding else "auth.change_user")
    before = None if adding else User.objects.filter(pk=user.pk).values(*ACCOUNT_SWITCHES).first()
    was_superuser = bool(before and before["is_superuser"])
    if actor is not None and bool(user.is_superuser) != was_superuser and not actor.is_superuser:
        raise AccountRefused(_("Only a superuser can grant or revoke superuser status."))
    with _recorded_here():
        user.save()
    if before is not None and before["is_active"] != user.is_active:  # can its reviewer sign?
        rescan_reviewers_articles_on_commit(
            Reviewer.objects.filter(user=user).values_list("pk", flat=True)
        )
    return _record_switches(user=user, before=before, actor=actor, at=at)


@transaction.atomic
def set_roles(*, user, actor, at: datetime, groups=None, permissions=None) -> list[AuditEvent]:
    """Make ``groups`` the user's roles and ``permissions`` its own permissions (None leaves
    them as they are), audited one ROLE_GRANTED / ROLE_REVOKED per role or permission.

    ``actor`` needs ``auth.change_user`` (None means the system). Raises AccountRefused,
    saving nothing. Returns the events recorded.
    """
    _check(actor, "auth.change_user")
    events = []
    with _recorded_here():
        for manager, wanted in ((user.groups, groups), (user.user_permissions, permissions)):
            if wanted is None:
                continue
            current = set(
                manager.select_related("content_type")
                if manager.model is Permission
                else manager.all()
            )
            wanted = set(wanted)
            manager.set(wanted)
            events += _record_roles(
                user=user,
                granted=wanted - current,
                revoked=current - wanted,
                actor=actor,
                at=at,
            )
    if events:  # the signing permission comes with a role: can its reviewer still sign?
        rescan_reviewers_articles_on_commit(
            Reviewer.objects.filter(user=user).values_list("pk", flat=True)
        )
    return events


def _role_label(role) -> str:
    if isinstance(role, Permission):
        return f"permission {role.content_type.app_label}.{role.codename}"
    return str(role)


def _record_roles(*, user, granted, revoked, actor, at) -> list[AuditEvent]:
    events = []
    for roles, action in ((granted, AuditAction.ROLE_GRANTED), (revoked, AuditAction.ROLE_REVOKED)):
        for label in sorted(_role_label(role) for role in roles):
            events.append(
                record_event(
                    action=action,
                    at=at,
                    actor=actor,
                    subject=f"user {user.pk}",
                    detail=f"{user.get_username()}: {label}",
                )
            )
    return events


def _record_switches(*, user, before: dict | None, actor, at) -> list[AuditEvent]:
    events = []
    for field, (on, off, label) in ACCOUNT_SWITCHES.items():
        if before is None and field == "is_active":
            continue  # creating an account is not activating one
        old, new = bool(before and before[field]), bool(getattr(user, field))
        if old == new:
            continue
        events.append(
            record_event(
                action=on if new else off,
                at=at,
                actor=actor,
                subject=f"user {user.pk}",
                detail=f"{user.get_username()}: {label}" if label else user.get_username(),
            )
        )
    return events


# -- History: deactivate, never delete --------------------------------------------------------


@cache
def _history_sources() -> list[tuple[str, type, str]]:
    """(what, model, lookup to the user) for every record that names a user as its author,
    signer or recipient, including every simple-history table's ``history_user``."""
    sources = [
        ("audit events", AuditEvent, "actor"),
        ("sign-offs on their reviewer profile", SignOff, "reviewer__user"),
        ("dismissed flags", ReviewFlag, "dismissed_by"),
        ("notifications", Notification, "recipient"),
        ("admin log entries", LogEntry, "user"),
    ]
    for model in apps.get_models():
        instance_type = getattr(model, "instance_type", None)  # set on historical models
        field = next((f for f in model._meta.fields if f.name == "history_user"), None)
        if instance_type is not None and field is not None and field.related_model is User:
            what = f"changes to {instance_type._meta.verbose_name_plural}"
            sources.append((what, model, "history_user"))
    return sources


def history_of(user) -> list[str]:
    """What the user's name is attached to, e.g. ["3 audit events", "1 changes to articles"];
    empty when the account can be deleted without erasing anyone's record. One count query per
    kind of record."""
    if user.pk is None:
        return []
    found = []
    for what, model, lookup in _history_sources():
        count = model._base_manager.filter(**{lookup: user.pk}).count()
        if count:
            found.append(f"{count} {what}")
    return found


def users_with_history(users: QuerySet) -> QuerySet:
    """Those of ``users`` that have history (one query)."""
    condition = Q()
    for _name, model, lookup in _history_sources():
        condition |= Q(Exists(model._base_manager.filter(**{lookup: OuterRef("pk")})))
    return users.filter(condition)


def deactivate_instead_message(user, history: list[str]) -> str:
    return (
        f"“{user.get_username()}” cannot be deleted: the account has history "
        f"({', '.join(history)}), and deleting it would erase who did what. "
        "Deactivate instead (untick “Active”)."
    )


# -- Safety nets for every other route --------------------------------------------------------
# Connected when this module is imported; reviews.admin imports it, and the admin site imports
# reviews.admin in every process (web, worker, commands, shell).


@receiver(pre_delete, sender=User, dispatch_uid="accounts_refuse_deleting_users_with_history")
def refuse_deleting_users_with_history(sender, instance, **kwargs):
    """Any route's delete (``user.delete()``, a queryset's, the admin's) is refused here. It
    runs inside the delete's transaction, which the refusal rolls back; a caller in its own
    atomic block must let that roll back too. (A user who is the actor of audit events is
    refused even earlier, by AuditEvent.actor's PROTECT, with Django's own message.)"""
    history = history_of(instance)
    if history:
        raise UserHasHistory(instance, history)


@receiver(pre_save, sender=User, dispatch_uid="accounts_switches_before")
def _remember_switches(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or _service_is_recording.get():
        return
    if update_fields is not None and not set(update_fields) & set(ACCOUNT_SWITCHES):
        return  # e.g. a login's last_login
    adding = instance._state.adding or instance.pk is None
    instance.__dict__["_switches_before"] = (
        None if adding else User.objects.filter(pk=instance.pk).values(*ACCOUNT_SWITCHES).first()
    )


@receiver(post_save, sender=User, dispatch_uid="accounts_switches_after")
def _audit_switches_changed_elsewhere(sender, instance, raw=False, **kwargs):
    if raw or "_switches_before" not in instance.__dict__:
        return
    before = instance.__dict__.pop("_switches_before")
    _record_switches(user=instance, before=before, actor=None, at=timezone.now())


def _related_now(instance, sender, reverse: bool) -> set:
    if reverse:  # ``instance`` is a group or a permission
        return set(instance.user_set.values_list("pk", flat=True))
    manager = instance.groups if sender is User.groups.through else instance.user_permissions
    return set(manager.values_list("pk", flat=True))


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def _audit_roles_changed_elsewhere(sender, instance, action, reverse, model, pk_set, **kwargs):
    if _service_is_recording.get():
        return
    pending = instance.__dict__.setdefault("_roles_pending", {})
    if action in ("pre_remove", "pre_clear"):
        # Django names the ids asked for, present or not: keep those really there.
        present = _related_now(instance, sender, reverse)
        pending[sender] = present if pk_set is None else present & set(pk_set)
        return
    if action in ("post_remove", "post_clear"):
        pk_set, granted = pending.pop(sender, set()), False
    elif action == "post_add":
        granted = True  # Django names only the ids it added
    else:
        return
    if not pk_set:
        return
    if reverse:
        users, roles = User.objects.filter(pk__in=pk_set), [instance]
    else:
        roles = model.objects.filter(pk__in=pk_set)
        if model is Permission:
            roles = roles.select_related("content_type")
        users = [instance]
    at = timezone.now()
    for user in users:
        _record_roles(
            user=user,
            granted=roles if granted else [],
            revoked=[] if granted else roles,
            actor=None,
            at=at,
        )
