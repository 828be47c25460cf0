"""Medical reviewers, who can sign, and their assignment to articles."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from cms.languages import (
    covers,
    default_language,
    language_name,
    standard_language,
    tags_covering,
)
from cms.templatetags.cms_tags import short_date
from cms.text import clean_line

# One-line fields people type: refused with hidden characters, stored NFC (cms.text).
LINE_FIELDS = {
    "full_name": "The name",
    "credentials": "The credentials",
    "specialty": "The specialty",
}


def reads_language_q(language: str, prefix: str = "") -> Q:
    """Reviewers who review in ``language``: they list it, or its bare language ("es" for an
    article in "es-MX"; ``cms.languages.covers``)."""
    alternatives = "|".join(re.escape(tag) for tag in sorted(tags_covering(language)))
    return Q(**{f"{prefix}languages__regex": rf"(^| )({alternatives})( |$)"})


def can_sign_q(as_of, prefix: str = "", language: str | None = None) -> Q:
    """The one rule for who can sign on ``as_of``, as a filter on reviewers (``prefix`` reaches
    them through a relation, e.g. "reviewer__"): an active profile, linked to an active
    account that holds the signing permission (``signing_role_q``), with credentials not
    expired; and, given an article's ``language``, a reviewer who reviews in it.
    ``Reviewer.signing_refusal`` is the same rule for one reviewer, with the reason."""
    rule = (
        Q(**{f"{prefix}active": True, f"{prefix}user__is_active": True})
        & Q(**{f"{prefix}user__isnull": False})
        & (
            Q(**{f"{prefix}credentials_expire_on__isnull": True})
            | Q(**{f"{prefix}credentials_expire_on__gte": as_of})
        )
        & signing_role_q(OuterRef(f"{prefix}user_id"))
    )
    return rule & reads_language_q(language, prefix) if language else rule


SIGNING_PERMISSION = "reviews.add_signoff"  # what the sign-off checks first (check_can_sign)


def signing_role_q(user_id) -> Q:
    """The account ``user_id`` (an ``OuterRef``) holds ``SIGNING_PERMISSION``, as Django's
    permission check reads it: a superuser, or the permission through a role (the Medical
    reviewers group) or given to the account itself. Whether the account is active is the
    caller's part of the rule."""
    app_label, codename = SIGNING_PERMISSION.split(".")
    user_model = get_user_model()
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    roles = user_model.groups.through.objects.filter(
        user_id=user_id, group__permissions__in=permission
    )
    own = user_model.user_permissions.through.objects.filter(
        user_id=user_id, permission__in=permission
    )
    superuser = user_model.objects.filter(pk=user_id, is_superuser=True)
    return Q(Exists(superuser)) | Q(Exists(roles)) | Q(Exists(own))


def assigned_with_signing_role(links) -> list:
    """The assignments ``links`` with their reviewers and accounts, each reviewer's
    ``signing_role`` read in the same query (``signing_role_q``): for ``signing_refusal`` over
    many assignments without two permission queries each."""
    role = signing_role_q(OuterRef("reviewer__user_id"))
    links = links.select_related("reviewer__user").annotate(
        reviewer_signing_role=ExpressionWrapper(role, output_field=BooleanField())
    )
    result = list(links)
    for link in result:
        link.reviewer.signing_role = link.reviewer_signing_role
    return result


def standard_languages(text: str) -> str:
    """Reviewer languages as typed ("EN, es-mx") in their stored form ("en es-MX"): BCP 47
    tags, standard form, separated by spaces, each once. Raises ValidationError naming a tag
    that is not one."""
    tags = [standard_language(tag) for tag in re.split(r"[\s,;]+", text or "") if tag]
    return " ".join(dict.fromkeys(tags))


class ReviewerQuerySet(models.QuerySet):
    def able_to_sign(self, as_of, language: str | None = None):
        """Reviewers who can sign on ``as_of``, in ``language`` if given (``can_sign_q``)."""
        return self.filter(can_sign_q(as_of, language=language))

    def with_signing_role(self):
        """Each reviewer with ``signing_role`` read in the same query (``signing_role_q``), for
        ``signing_refusal`` over many reviewers without two permission queries each."""
        role = signing_role_q(OuterRef("user_id"))
        return self.annotate(signing_role=ExpressionWrapper(role, output_field=BooleanField()))


class Reviewer(models.Model):
    """A medical reviewer as printed on sheets. Imported reviewers may have no account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewer",
    )
    full_name = models.CharField(max_length=200)
    credentials = models.CharField(max_length=100, blank=True, help_text='e.g. "RN BSN MPH"')
    specialty = models.CharField(max_length=200, blank=True)
    credentials_verified_on = models.DateField(null=True, blank=True)
    credentials_expire_on = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    languages = models.CharField(
        max_length=200,
        default=default_language,
        help_text="The languages they review in: BCP 47 tags separated by spaces, such as "
        "“en es”. A translation is signed by a reviewer who lists its language.",
    )
    # The public reviewer page (/reviewers/<slug>/): the slug is made once from the name
    # (reviews.services.reviewers.unique_reviewer_slug) and kept when the name changes.
    slug = models.SlugField(max_length=220, unique=True, editable=False)
    bio = models.TextField(blank=True, help_text="Plain text, shown on the public page.")
    public_page = models.BooleanField(
        default=True, help_text="Show the public reviewer page and link to it from articles."
    )

    objects = ReviewerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["full_name", "credentials"], name="unique_reviewer_name_credentials"
            )
        ]

    def __str__(self):
        return self.printed_name

    def clean(self):
        """Normalise the name, credentials and specialty (``cms.text.clean_line``); raises
        ValidationError naming each field that holds a refused character."""
        errors = {}
        for name, label in LINE_FIELDS.items():
            try:
                setattr(self, name, clean_line(getattr(self, name), label))
            except ValidationError as error:
                errors[name] = error
        try:
            self.languages = standard_languages(self.languages)
            if not self.languages:
                errors["languages"] = ValidationError("List at least one language, such as en.")
        except ValidationError as error:
            errors["languages"] = error
        if errors:
            raise ValidationError(errors)

    @property
    def language_list(self) -> list[str]:
        return self.languages.split()

    def reads(self, language: str) -> bool:
        """True if this reviewer reviews in ``language`` (``reads_language_q``)."""
        return any(covers(tag, language) for tag in self.language_list)

    @property
    def printed_name(self) -> str:
        return f"{self.full_name} {self.credentials}".strip()

    def signing_refusal(self, as_of, language: str | None = None) -> str | None:
        """Why this reviewer cannot sign on ``as_of`` (a phrase to follow "cannot sign:", in the
        active language), or None if they can (``can_sign_q``); given an article's
        ``language``, also whether they review in it."""
        if language and not self.reads(language):
            listed = ", ".join(self.language_list) or _("no language")
            return _(
                "they do not review in %(language)s (%(tag)s); their profile lists %(listed)s."
            ) % {"language": language_name(language), "tag": language, "listed": listed}
        if not self.active:
            return _("the reviewer profile is inactive.")
        if self.credentials_expire_on and self.credentials_expire_on < as_of:
            return _(
                "the credentials expired on %(day)s; a content admin must record their renewal "
                "first."
            ) % {"day": short_date(self.credentials_expire_on)}
        if self.user_id is None:
            return _("they have no account yet; a content admin can invite them to set one up.")
        if not self.user.is_active:
            return _("their account is deactivated.")
        if not self.has_signing_role():
            return _("their account does not have the medical reviewers' role.")
        return None

    def has_signing_role(self) -> bool:
        """Whether the linked account holds ``SIGNING_PERMISSION``: as annotated by
        ``ReviewerQuerySet.with_signing_role``, else asked of the account."""
        annotated = self.__dict__.get("signing_role")
        if annotated is not None:
            return annotated
        return self.user is not None and self.user.has_perm(SIGNING_PERMISSION)


class ArticleReviewer(models.Model):
    """One of an article's assigned reviewers, in the order they are printed."""

    article = models.ForeignKey(
        "cms.Article", on_delete=models.CASCADE, related_name="reviewer_links"
    )
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="article_links")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=100, default="Online Medical Reviewer")

    class Meta:
        ordering = ["article", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reviewer"], name="unique_reviewer_per_article"
            )
        ]

    def __str__(self):
        return f"{self.role}: {self.reviewer.printed_name}"
