"""The hash chain over the append-only records (sign-offs and the audit trail).

Each row stores ``row_hash``: the SHA-256 of its table's name, its content in a canonical form
and ``prev_hash``, the ``row_hash`` of the row before it in the same table (by id; empty for the
first row). Changing a byte of a row, or removing a row, breaks the chain at that row or the one
after it; ``verify_records`` (and ``manage.py verify_records``) finds the first break. Rows
removed from the end leave no gap: compare the chain heads the summary prints with a copy kept
elsewhere.

The canonical form is JSON with sorted keys: every concrete field except ``id`` and the two hash
fields, by attname (foreign keys as ids), datetimes in UTC as ISO 8601 with microseconds (the
same string after a round trip through SQLite or PostgreSQL), dates as ISO, strings as they are.
Empty values (NULL and "") are left out, so a blank column added later leaves every stored hash
valid; a column added with any other default needs its migration to re-chain the table.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC

from django.db import connections
from django.utils import timezone

HASH_FIELDS = frozenset({"prev_hash", "row_hash"})

# One advisory lock for both chains, not one per table: a transaction often appends to both
# (an import saves a revision, which is audited, then a sign-off; a web sign-off writes the
# sign-off, then its audit event). With a lock per table those two orders could deadlock.
CHAIN_LOCK_KEY = 0x52454348_45434B31  # "RECHECK1"

PROGRESS_EVERY = 10_000


def canonical_fields(model) -> list:
    """The fields a row's hash covers, in a fixed order. Works on migration (historical) models."""
    return sorted(
        (
            field
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in HASH_FIELDS
        ),
        key=lambda field: field.attname,
    )


def canonical_value(field, value):
    """``value`` as it will read back from either database, as a JSON-ready value."""
    if value is None:
        return None
    if field.is_relation:
        return field.target_field.to_python(value)
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        value = field.to_python(value)
        if timezone.is_naive(value):
            # What Django does when it stores a naive datetime with USE_TZ.
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if kind == "DateField":
        return field.to_python(value).isoformat()
    value = field.to_python(value)
    if isinstance(value, str):
        return str.__str__(value)  # a TextChoices member as its plain value
    if isinstance(value, bool | int):
        return value
    raise TypeError(f"{field.model.__name__}.{field.name}: no canonical form for {value!r}")


def canonical_form(instance, prev_hash: str) -> bytes:
    fields = {}
    for field in canonical_fields(type(instance)):
        value = canonical_value(field, getattr(instance, field.attname))
        if value is not None and value != "":
            fields[field.attname] = value
    payload = {"table": instance._meta.db_table, "prev_hash": prev_hash, "fields": fields}
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def compute_row_hash(instance, prev_hash: str) -> str:
    """The SHA-256 (64 hex characters) that chains ``instance`` after a row hashed ``prev_hash``."""
    return hashlib.sha256(canonical_form(instance, prev_hash)).hexdigest()


def last_link(model, *, using: str) -> tuple[int | None, str]:
    """The id and row_hash of the table's last row ((None, "") when empty), read under the chain
    lock. Call it inside the transaction that appends: on PostgreSQL the lock is held until that
    transaction ends, so the next append reads this one's hash. (SQLite's writers already run one
    at a time; on any database the unique prev_hash refuses a fork.)"""
    connection = connections[using]
    if connection.vendor == "postgresql":
        # A statement of its own: under READ COMMITTED the read below then takes a snapshot
        # after the lock was granted, so it sees the previous holder's committed row.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    last = model._base_manager.db_manager(using).order_by("-pk").values_list("pk", "row_hash")
    return last.first() or (None, "")


def chain_rows(model, *, using: str, chunk_size: int = 1000) -> Iterator[int]:
    """Set prev_hash and row_hash on every row of ``model``, in id order (migrations: existing
    rows). Pages by id rather than holding a cursor open on the table it writes. Yields the
    number of rows chained after each page."""
    manager = model._base_manager.db_manager(using)
    prev_hash, after, done = "", 0, 0
    while page := list(manager.filter(pk__gt=after).order_by("pk")[:chunk_size]):
        for row in page:
            row.prev_hash = prev_hash
            row.row_hash = prev_hash = compute_row_hash(row, prev_hash)
        manager.bulk_update(page, ["prev_hash", "row_hash"])
        after, done = page[-1].pk, done + len(page)
        yield done


def link_problem(row, previous: tuple[int, str] | None, label: str) -> str | None:
    """Why ``row`` does not follow ``previous`` (the id and row_hash before it), if it does not."""
    if previous is None and row.prev_hash:
        return (
            f"{label} {row.pk}: prev_hash is set but no row comes before it: "
            "the first rows were removed"
        )
    if previous is not None and row.prev_hash != previous[1]:
        return (
            f"{label} {row.pk}: prev_hash does not match the row before it "
            f"({label} {previous[0]}): a row was removed or changed"
        )
    if compute_row_hash(row, row.prev_hash) != row.row_hash:
        return f"{label} {row.pk}: the row no longer matches its row_hash: it was changed"
    return None


Progress = Callable[[str, int, int], None]


@dataclass
class ChainCheck:
    label: str
    rows: int = 0
    head: str = ""


@dataclass
class Verification:
    """What ``verify_records`` found: the rows checked per chain and the first problem, if any."""

    chains: list[ChainCheck]
    problem: str | None = None

    def summary(self) -> str:
        counts = ", ".join(f"{chain.rows} {chain.label}s" for chain in self.chains)
        heads = ", ".join(f"{chain.label}s {chain.head[:16] or '(empty)'}" for chain in self.chains)
        return (
            f"Records intact: {counts}; both chains unbroken and every signature matches its "
            f"revision. Chain heads: {heads}."
        )


def verify_records(*, chunk_size: int = 2000, progress: Progress | None = None) -> Verification:
    """Walk the sign-off chain (checking each signature against its revision on the way), then
    the audit trail's chain, and stop at the first problem. Reads in chunks of ``chunk_size``
    rows, so memory stays flat whatever the tables' size; calls ``progress(label, done, total)``
    every ``PROGRESS_EVERY`` rows."""
    from cms.models import HistoricalArticle
    from reviews.models import AuditEvent, SignOff
    from reviews.services.signoff import revision_hash

    signoffs, events = ChainCheck("sign-off"), ChainCheck("audit event")
    result = Verification(chains=[signoffs, events])

    def signature_problem(signoff, revisions) -> str | None:
        revision = revisions.get(signoff.revision_id)
        if revision is None:
            return f"sign-off {signoff.pk}: revision {signoff.revision_id} is missing"
        if revision_hash(revision) != signoff.content_sha256:
            return (
                f"sign-off {signoff.pk}: revision {signoff.revision_id} no longer matches "
                "the signed content hash"
            )
        return None

    def walk(model, check: ChainCheck, *, signatures: bool) -> str | None:
        total = model.objects.count()
        previous = None
        for batch in _batches(model.objects.order_by("pk"), chunk_size):
            revisions = (
                HistoricalArticle.objects.in_bulk({row.revision_id for row in batch})
                if signatures
                else {}
            )
            for row in batch:
                problem = link_problem(row, previous, check.label)
                if problem is None and signatures:
                    problem = signature_problem(row, revisions)
                if problem:
                    return problem
                previous = (row.pk, row.row_hash)
                check.rows += 1
                if progress and check.rows % PROGRESS_EVERY == 0:
                    progress(check.label, check.rows, total)
        check.head = previous[1] if previous else ""
        return None

    result.problem = walk(SignOff, signoffs, signatures=True) or walk(
        AuditEvent, events, signatures=False
    )
    return result


def _batches(queryset, size: int) -> Iterator[list]:
    """The queryset's rows in lists of ``size``, read through one chunked cursor."""
    batch = []
    for row in queryset.iterator(chunk_size=size):
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
