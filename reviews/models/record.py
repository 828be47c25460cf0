"""The review record: append-only, hash-chained sign-offs and audit events."""

from django.conf import settings
from django.db import models, router, transaction
from django.db.models import Q

from reviews import chain
from reviews.choices import AuditAction, SignOffMeaning
from reviews.models.reviewers import Reviewer


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an append-only record."""


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
