"""The review domain: policies, reviewers and assignments, sign-offs and flags."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, router, transaction
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from . import chain
from .choices import AuditAction, EventKind, FlagKind, NotificationKind, SignOffMeaning


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an append-only record."""


class ReviewPolicy(models.Model):
    """How often a class of content must be re-reviewed."""

    name = models.CharField(max_length=100, unique=True)
    interval_months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    review_window_days = models.PositiveSmallIntegerField(
        default=60, help_text="Days before the due date when the review window opens."
    )
    withdrawal_after_months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)],
        help_text="Months without review after which an article is a withdrawal candidate.",
    )
    required_signoffs = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)]
    )
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "review policies"
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_policy"
            ),
            models.CheckConstraint(
                condition=Q(interval_months__gte=1), name="policy_interval_positive"
            ),
            models.CheckConstraint(
                condition=Q(required_signoffs__gte=1), name="policy_needs_a_signoff"
            ),
            models.CheckConstraint(
                condition=Q(withdrawal_after_months__gte=F("interval_months")),
                name="policy_withdrawal_after_due",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.interval_months} months)"


def can_sign_q(as_of, prefix: str = "") -> Q:
    """The one rule for who can sign on ``as_of``, as a filter on reviewers (``prefix`` reaches
    them through a relation, e.g. "reviewer__"): an active profile, linked to an active
    account, with credentials not expired. ``Reviewer.signing_refusal`` is the same rule for
    one reviewer, with the reason."""
    return (
        Q(**{f"{prefix}active": True, f"{prefix}user__is_active": True})
        & Q(**{f"{prefix}user__isnull": False})
        & (
            Q(**{f"{prefix}credentials_expire_on__isnull": True})
            | Q(**{f"{prefix}credentials_expire_on__gte": as_of})
        )
    )


class ReviewerQuerySet(models.QuerySet):
    def able_to_sign(self, as_of):
        """Reviewers who can sign on ``as_of`` (``can_sign_q``)."""
        return self.filter(can_sign_q(as_of))


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

    @property
    def printed_name(self) -> str:
        return f"{self.full_name} {self.credentials}".strip()

    def signing_refusal(self, as_of) -> str | None:
        """Why this reviewer cannot sign on ``as_of`` (a phrase to follow "cannot sign:"), or
        None if they can (``can_sign_q``)."""
        if not self.active:
            return "the reviewer profile is inactive."
        if self.user_id is None or not self.user.is_active:
            return "there is no active account to sign with."
        if self.credentials_expire_on and self.credentials_expire_on < as_of:
            return (
                f"the credentials expired on {self.credentials_expire_on:%Y-%m-%d}; a content "
                "admin must record their renewal first."
            )
        return None


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


class AppendOnlyQuerySet(models.QuerySet):
    """A queryset whose rows can be added, never updated or deleted."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only.")


class AppendOnlyModel(models.Model):
    """Rows are written once: save() on an existing row and delete() raise AppendOnlyError.
    Triggers refuse UPDATE and DELETE as well (PostgreSQL: migrations 0003 and 0005; SQLite:
    0012)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only.")


class ChainedQuerySet(AppendOnlyQuerySet):
    """An append-only queryset whose bulk inserts are chained like single ones (reviews.chain)."""

    def bulk_create(self, objs, batch_size=None, ignore_conflicts=False, **kwargs):
        name = self.model._meta.verbose_name_plural
        if ignore_conflicts or kwargs.get("update_conflicts"):
            # A skipped row would leave a hole in the chain; an upsert is an update.
            raise AppendOnlyError(f"{name} are chained: bulk_create cannot skip or update rows.")
        objs = list(objs)
        if any(obj.pk is not None for obj in objs):
            raise AppendOnlyError(f"{name} are chained: their ids come from the database.")
        if not objs:
            return objs
        with transaction.atomic(using=self.db, savepoint=False):
            _, prev_hash = chain.last_link(self.model, using=self.db)
            for obj in objs:
                obj.prev_hash = prev_hash
                obj.row_hash = prev_hash = chain.compute_row_hash(obj, prev_hash)
            # One INSERT: ids are handed out in the list's order, which is the chain's order.
            return super().bulk_create(objs, batch_size=batch_size, **kwargs)


class ChainedRecord(AppendOnlyModel):
    """An append-only record whose rows form a hash chain, one per table (reviews.chain).
    Every insert through the ORM (save, create, bulk_create, loaddata) links the new row to
    the last one under the chain lock; ``manage.py verify_records`` checks the chain."""

    prev_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The row_hash of the row before this one in the table (empty for the first).",
    )
    row_hash = models.CharField(
        max_length=64,
        editable=False,
        help_text="SHA-256 of this row's content and prev_hash (see reviews.chain).",
    )

    objects = ChainedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Fixtures (loaddata) call Model.save_base itself, past the override below.
        models.signals.pre_save.connect(
            _link_loaded_row, sender=cls, dispatch_uid=f"chain {cls.__module__}.{cls.__name__}"
        )

    def save_base(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only.")
        using = kwargs["using"] = kwargs.get("using") or router.db_for_write(
            type(self), instance=self
        )
        with transaction.atomic(using=using, savepoint=False):
            self.link(using=using)
            super().save_base(*args, **kwargs)

    def link(self, *, using: str) -> None:
        """Set prev_hash and row_hash so that this new row follows the table's last row. Call it
        in the transaction that inserts the row: it takes the chain lock (reviews.chain)."""
        last_id, prev_hash = chain.last_link(type(self), using=using)
        if self.pk is not None and last_id is not None and self.pk <= last_id:
            raise AppendOnlyError(
                f"{self._meta.verbose_name_plural} are chained: a new row comes after row "
                f"{last_id}."
            )
        self.prev_hash = prev_hash
        self.row_hash = chain.compute_row_hash(self, prev_hash)


def _link_loaded_row(sender, instance, raw, using, **kwargs):
    if raw:
        if not instance._state.adding:
            raise AppendOnlyError(f"{sender._meta.verbose_name_plural} are append-only.")
        instance.link(using=using)


def chain_constraints(prefix: str) -> list:
    """A row's hash is always set, and no two rows follow the same row (a fork fails loudly)."""
    return [
        models.UniqueConstraint(fields=["prev_hash"], name=f"{prefix}_chain_no_fork"),
        models.CheckConstraint(condition=~Q(row_hash=""), name=f"{prefix}_chain_hashed"),
    ]


class SignOff(ChainedRecord):
    """An electronic signature bound to one exact revision of an article. Append-only."""

    article = models.ForeignKey("cms.Article", on_delete=models.PROTECT, related_name="signoffs")
    revision = models.ForeignKey(
        "cms.HistoricalArticle",
        on_delete=models.PROTECT,
        related_name="signoffs",
        help_text="The exact historical revision signed.",
    )
    content_sha256 = models.CharField(max_length=64)
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="signoffs")
    reviewer_name = models.CharField(max_length=200, help_text="As printed at signing.")
    reviewer_credentials = models.CharField(max_length=100, blank=True)
    signed_at = models.DateTimeField()
    meaning = models.CharField(max_length=32, choices=SignOffMeaning.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-signed_at", "-id"]
        constraints = [
            # The same signature cannot be recorded twice (a double submit, a re-import).
            models.UniqueConstraint(
                fields=["revision", "reviewer", "meaning", "signed_at"], name="unique_signature"
            ),
            *chain_constraints("signoff"),
        ]

    def __str__(self):
        return f"{self.reviewer_name} {self.reviewer_credentials}: {self.get_meaning_display()}"

    @property
    def printed_signature(self) -> str:
        return f"{self.reviewer_name} {self.reviewer_credentials}".strip()


class AuditEvent(ChainedRecord):
    """One entry of the append-only audit trail: who did what to which article, and when."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    action = models.CharField(max_length=32, choices=AuditAction.choices, db_index=True)
    article = models.ForeignKey(
        "cms.Article",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    revision = models.ForeignKey(
        "cms.HistoricalArticle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    change_kind = models.CharField(max_length=32, blank=True)
    subject = models.CharField(
        max_length=200,
        blank=True,
        help_text='What the event is about when it is not an article: "reviewer 5", "user 7".',
    )
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"])]
        constraints = chain_constraints("auditevent")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class ReviewFlag(models.Model):
    """A reason an article needs attention. At most one open flag per article and kind."""

    article = models.ForeignKey("cms.Article", on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=40, choices=FlagKind.choices)
    raised_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    detail = models.TextField(blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dismissed_flags",
    )
    dismiss_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind"],
                condition=Q(resolved_on__isnull=True),
                name="one_open_flag_per_article_kind",
            )
        ]
        indexes = [models.Index(fields=["kind", "resolved_on"])]
        permissions = [
            ("view_reports", "Can view the review reports"),
            ("reassign_reviewers", "Can reassign articles between reviewers in bulk"),
        ]

    def __str__(self):
        state = "open" if self.resolved_on is None else f"resolved {self.resolved_on}"
        return f"{self.get_kind_display()} ({state})"


class Notification(models.Model):
    """One digest for one recipient on one day: the in-app notification and the log of its
    email. The unique key (recipient, kind, day) is what keeps a retried task, a second beat or
    two workers from sending it twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    day = models.DateField()
    subject = models.CharField(max_length=200)
    items = models.JSONField(default=list, help_text="The digest's rows, as shown and emailed.")
    created_at = models.DateTimeField()
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"], name="one_notification_per_recipient_kind_day"
            )
        ]
        indexes = [models.Index(fields=["recipient", "-day"])]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient} on {self.day}"


class FlagSnapshot(models.Model):
    """The number of open flags of one kind at the end of one day's scan (for trend charts)."""

    day = models.DateField()
    kind = models.CharField(max_length=40, choices=FlagKind.choices)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["day", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["day", "kind"], name="one_snapshot_per_day_kind")
        ]

    def __str__(self):
        return f"{self.day} {self.kind}: {self.count}"


class ReportSnapshot(models.Model):
    """The dashboard's heavier figures (aging, forecast, top topics and reviewers), computed
    after each full scan so that the dashboard reads one row, whatever the library's size."""

    day = models.DateField(unique=True)
    computed_at = models.DateTimeField()
    figures = models.JSONField()

    class Meta:
        ordering = ["-day"]

    def __str__(self):
        return f"Report figures for {self.day}"


class ClinicalEvent(models.Model):
    """Something that changed in the world (an approval, a boxed warning, a new guideline) and
    may make sheets naming its term out of date. Articles whose live text names the term or a
    synonym as a whole word, and whose last review predates the event, are flagged ``trigger``.
    """

    term = models.CharField(max_length=200, help_text="A drug or guideline name.")
    synonyms = models.JSONField(
        default=list, blank=True, help_text="Other names, e.g. brand names: a list of strings."
    )
    event_date = models.DateField()
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    note = models.TextField(blank=True)
    source_url = models.URLField(blank=True, max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-event_date", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "event_date", "kind"], name="unique_clinical_event"
            )
        ]

    def __str__(self):
        return f"{self.term}: {self.get_kind_display()} on {self.event_date:%Y-%m-%d}"

    @property
    def names(self) -> list[str]:
        """The term and its synonyms, without blanks or repeats (case-insensitive)."""
        seen, names = set(), []
        for name in [self.term, *(self.synonyms or [])]:
            name = (name or "").strip()
            if name and name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
        return names

    def clean(self):
        from django.core.exceptions import ValidationError

        if not isinstance(self.synonyms, list) or not all(
            isinstance(name, str) for name in self.synonyms
        ):
            raise ValidationError({"synonyms": "Synonyms must be a list of names."})


class ReaderReport(models.Model):
    """A reader's "Report a problem with this page". It raises (or adds to) the article's open
    ``reader_report`` flag. ``client_key`` is a keyed hash of the sender's address, kept only to
    rate-limit; the address itself is not stored."""

    article = models.ForeignKey(
        "cms.Article", on_delete=models.CASCADE, related_name="reader_reports"
    )
    message = models.TextField()
    created_at = models.DateTimeField(db_index=True)
    client_key = models.CharField(max_length=64, db_index=True)
    flag = models.ForeignKey(
        ReviewFlag, null=True, blank=True, on_delete=models.SET_NULL, related_name="reader_reports"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report on {self.article_id} at {self.created_at:%Y-%m-%d %H:%M}"
