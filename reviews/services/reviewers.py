"""Reviewer profiles: adding and changing them, each change audited field by field."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.text import clean_line
from reviews.choices import AuditAction
from reviews.models import Reviewer
from reviews.services.audit import record_event
from reviews.services.rescan import rescan_reviewers_articles_on_commit

AUDITED_FIELDS = (
    "full_name",
    "credentials",
    "specialty",
    "credentials_verified_on",
    "credentials_expire_on",
    "languages",
    "active",
    "user",
    "bio",
    "public_page",
)
# What reviewers may change on their own profile without ``reviews.change_reviewer``.
SELF_EDITABLE_FIELDS = frozenset({"bio", "public_page"})


class ReviewerRefused(Exception):
    """The reviewer profile was not saved; the message says why."""


# What whether a reviewer can sign depends on (``can_sign_q``): a change to one rescans the
# articles they are assigned to.
SIGNING_FIELDS = ("active", "credentials_expire_on", "languages", "user_id")


def reviewer_slug(full_name: str, *, taken: set[str]) -> str:
    """The public page's slug for a new profile: the name slugified ("reviewer" if that leaves
    nothing), with "-2", "-3"… when ``taken`` holds it already. Pure (the migration uses it)."""
    base = slugify(full_name)[:200].strip("-") or "reviewer"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def unique_reviewer_slug(full_name: str) -> str:
    """``reviewer_slug`` against the slugs already stored (one query)."""
    base = slugify(full_name)[:200].strip("-") or "reviewer"
    taken = set(Reviewer.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return reviewer_slug(full_name, taken=taken)


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and len(value) > 80:  # a bio
        return value[:79] + "…"
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "get_username"):
        return value.get_username()
    return str(value)


def _changes(before: Reviewer | None, after: Reviewer) -> list[str]:
    changes = []
    for field in AUDITED_FIELDS:
        attname = Reviewer._meta.get_field(field).attname
        old = getattr(before, attname) if before is not None else None
        new = getattr(after, attname)
        if before is None and new in (None, ""):
            continue  # a new profile lists what it was given
        if old != new:
            old_shown = _shown(getattr(before, field)) if before is not None else "—"
            changes.append(f"{field}: {old_shown} → {_shown(getattr(after, field))}")
    return changes


@transaction.atomic
def save_reviewer(*, reviewer: Reviewer, actor, at: datetime, reason: str = "") -> list[str]:
    """Validate and save a reviewer profile, new or changed, and audit it: REVIEWER_ADDED or
    REVIEWER_CHANGED, subject "reviewer <id>", naming each changed field as "old → new".

    ``actor`` is the user making the change (checked for ``reviews.add_reviewer`` or
    ``reviews.change_reviewer``; a reviewer may change their own profile's bio and public
    page, ``SELF_EDITABLE_FIELDS``, without it); None means the system (the demo loader, the
    importer), and ``reason`` then says where the change comes from. A new profile gets its
    public page's slug from its name (``unique_reviewer_slug``), kept when the name changes.
    Returns the changes; when nothing changed, saves nothing and returns []. Raises
    ReviewerRefused and django's ValidationError (among others for a name, credentials or
    specialty with a control, bidirectional or zero-width character), saving nothing. Those
    three are stored NFC-normalised.
    """
    adding = reviewer._state.adding or reviewer.pk is None
    before = None if adding else Reviewer.objects.select_related("user").get(pk=reviewer.pk)
    if actor is not None:
        _check_permission(reviewer=reviewer, before=before, actor=actor)
    reviewer.clean()  # normalises the names first, so that a change of form alone is no change
    if adding and not reviewer.slug:
        reviewer.slug = unique_reviewer_slug(reviewer.full_name)
    elif before is not None:
        reviewer.slug = before.slug  # stable: links to the page keep working
    changes = _changes(before, reviewer)
    if not adding and not changes:
        return []
    reviewer.full_clean(exclude=["slug"])  # the database checks the slug as it saves
    # simple-history takes the user from here; clear it so it cannot stick to a later save.
    reviewer._history_user = actor if getattr(actor, "pk", None) else None
    try:
        _save_with_free_slug(reviewer, adding=adding)
    finally:
        reviewer.__dict__.pop("_history_user", None)
    record_event(
        action=AuditAction.REVIEWER_ADDED if adding else AuditAction.REVIEWER_CHANGED,
        at=at,
        actor=actor,
        subject=f"reviewer {reviewer.pk}",
        detail=f"{reviewer.printed_name}: "
        + "; ".join(changes)
        + (f" ({reason.strip()})" if reason.strip() else ""),
    )
    if not adding and any(
        getattr(before, field) != getattr(reviewer, field) for field in SIGNING_FIELDS
    ):
        rescan_reviewers_articles_on_commit([reviewer.pk])
    return changes


def _save_with_free_slug(reviewer: Reviewer, *, adding: bool) -> None:
    """Save; a new profile whose slug another transaction took meanwhile (two imports adding
    namesakes) takes the next free one."""
    if not adding:
        reviewer.save()
        return
    try:
        with transaction.atomic():
            reviewer.save()
    except IntegrityError:
        if not Reviewer.objects.filter(slug=reviewer.slug).exists():
            raise
        reviewer.slug = unique_reviewer_slug(reviewer.full_name)
        reviewer.save()


def _check_permission(*, reviewer: Reviewer, before: Reviewer | None, actor) -> None:
    """Refuse unless ``actor`` may make this change: content admins any; a reviewer only
    ``SELF_EDITABLE_FIELDS`` of the profile already linked to their account."""
    if before is None:
        if not actor.has_perm("reviews.add_reviewer"):
            raise ReviewerRefused(_("Only content admins can add or change reviewer profiles."))
        return
    if actor.has_perm("reviews.change_reviewer"):
        return
    changed = {
        field
        for field in AUDITED_FIELDS
        if getattr(before, Reviewer._meta.get_field(field).attname)
        != getattr(reviewer, Reviewer._meta.get_field(field).attname)
    }
    own = before.user_id is not None and before.user_id == getattr(actor, "pk", None)
    if not (own and changed <= SELF_EDITABLE_FIELDS):
        raise ReviewerRefused(
            _(
                "Only content admins can change reviewer profiles; reviewers can change their "
                "own bio and public page."
            )
        )


def get_or_create_reviewer(
    *, full_name: str, credentials: str, source: str, at: datetime, languages: str | None = None
) -> tuple[Reviewer, bool]:
    """The reviewer printed as ``full_name`` ``credentials``, created when there is none yet.

    For the importer and other system routes: a new profile is audited REVIEWER_ADDED with no
    actor and a detail naming ``source`` (e.g. the sheet's file name); it reviews in
    ``languages`` if given (an existing profile's languages are left as they are). Names are
    stripped and cut to the columns' lengths, as printed names can be long. Safe under
    concurrent imports: if another transaction creates the same reviewer first, that one is
    returned. Returns (reviewer, created). Raises ValidationError for a name the profile cannot
    hold (blank, or with a control, bidirectional or zero-width character); names are
    NFC-normalised."""
    full_name = clean_line(full_name, "The name")[:200]
    credentials = clean_line(credentials, "The credentials")[:100]
    existing = Reviewer.objects.filter(full_name=full_name, credentials=credentials).first()
    if existing is not None:
        return existing, False
    reviewer = Reviewer(full_name=full_name, credentials=credentials)
    if languages:
        reviewer.languages = languages
    try:
        with transaction.atomic():
            save_reviewer(reviewer=reviewer, actor=None, at=at, reason=f"from {source}")
    except (IntegrityError, ValidationError):
        # Another import may have added the same reviewer since the look-up above.
        existing = Reviewer.objects.filter(full_name=full_name, credentials=credentials).first()
        if existing is None:
            raise
        return existing, False
    return reviewer, True
