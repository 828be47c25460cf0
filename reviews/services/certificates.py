"""Review certificates: one revision's text, its signatures, its content hash, the changes since
the previous review and the article's audit events for that cycle, assembled once
(``certificate_for``) for the printable page, the PDF, the zip of a report's articles and
``manage.py verify_records --certificate``.

A PDF carries its certificate's record (``Certificate.record``: the article's slug, the revision
id, the content SHA-256 and each signature's id and row hash) as an attached JSON file;
``check_certificate_file`` re-derives that record from the database and names each field that
differs. A zip's ``manifest.txt`` holds the SHA-256 of each PDF in ``sha256sum`` form.
"""

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path

from django.db.models import Max, Q, QuerySet

from cms.diff import diff_revisions
from cms.models import Article, HistoricalArticle
from cms.references import reference_label
from reviews.choices import AuditAction
from reviews.models import AuditEvent, SignOff
from reviews.selectors.approvals import last_approved_revision_id
from reviews.services.signoff import revision_hash

RECORD_FORMAT = "recheck-certificate/1"
RECORD_NAME = "recheck-certificate.json"  # the PDF's attached record
MANIFEST_NAME = "manifest.txt"
EVENTS_MAX = 500  # audit events printed on one certificate; the rest are counted
# Certificates in one zip: each PDF takes about half a second, and the zip is made within the
# request, which must end well inside a web worker's timeout (gunicorn's default is 30 s).
ZIP_MAX_ARTICLES = 40
SIGNATURE_ACTIONS = (AuditAction.SIGNED, AuditAction.SIGNATURE_IMPORTED)


class CertificateUnreadable(Exception):
    """The file is not a certificate (or a zip of them) this site wrote; the message names it."""


class TooManyCertificates(Exception):
    """More articles than one zip may hold."""


@dataclass(frozen=True)
class Certificate:
    """What a review certificate shows. ``changes`` are the revisions after the previous
    review (``previous_review``, None if there was none) up to this one, oldest first."""

    article: Article
    revision: HistoricalArticle
    content_sha256: str
    signoffs: list[SignOff]
    previous_review: HistoricalArticle | None
    changes: list[HistoricalArticle]
    words_added: int
    words_removed: int
    events: list[AuditEvent]
    more_events: int
    references: list = field(default_factory=list)

    @property
    def reference_lines(self) -> list[str]:
        return [reference_text(reference) for reference in self.references]

    @property
    def filename(self) -> str:
        return f"{self.article.slug}-revision-{self.revision.history_id}.pdf"

    @property
    def record(self) -> dict:
        """The machine-readable part, which ``check_certificate_file`` compares with the
        database: the same dict from the same records, whenever it is built."""
        return {
            "format": RECORD_FORMAT,
            "article": self.article.slug,
            "revision": self.revision.history_id,
            "content_sha256": self.content_sha256,
            "signatures": [
                {
                    "id": signoff.pk,
                    "row_hash": signoff.row_hash,
                    "content_sha256": signoff.content_sha256,
                    "name": signoff.reviewer_name,
                    "meaning": signoff.meaning,
                }
                for signoff in self.signoffs
            ],
        }


def certificate_for(article: Article, revision: HistoricalArticle) -> Certificate:
    """The certificate of ``revision`` (a revision of ``article``).

    The cycle runs from the previous review (the newest older revision the policy counts as
    approved) to this revision's last signature: its audit events are those about the
    revisions in between (and this one), and those about no revision recorded after the
    previous review's last signature and, once this revision is signed, up to its last one.
    Seven queries; ten when there was a previous review.
    """
    if revision.id != article.pk:
        raise ValueError(f"revision {revision.history_id} is not a revision of {article.slug}")
    signoffs = list(
        SignOff.objects.filter(revision=revision)
        .select_related("reviewer")
        .order_by("signed_at", "id")
    )
    previous_id = last_approved_revision_id(article, before=revision.history_id)
    previous = article.history.filter(history_id=previous_id).first() if previous_id else None
    changes = article.history.filter(history_id__lte=revision.history_id)
    if previous_id:
        changes = changes.filter(history_id__gt=previous_id)
    diff = diff_revisions(
        old_title=previous.title if previous else "",
        old_body=previous.body if previous else [],
        new_title=revision.title,
        new_body=revision.body,
    )
    events = _cycle_events(article, previous_id=previous_id, revision=revision)
    event_count = events.count()
    return Certificate(
        article=article,
        revision=revision,
        content_sha256=revision_hash(revision),
        signoffs=signoffs,
        previous_review=previous,
        changes=list(changes.select_related("history_user").order_by("history_id")),
        words_added=diff.words_inserted,
        words_removed=diff.words_deleted,
        events=list(events[:EVENTS_MAX]),
        more_events=max(event_count - EVENTS_MAX, 0),
        references=list(getattr(revision, "references", None) or []),
    )


def reference_text(reference) -> str:
    """A reference as one printed line, with its note."""
    if not isinstance(reference, dict):
        return str(reference)
    note = reference.get("note")
    return reference_label(reference) + (f" — {note}" if note else "")


def _cycle_events(article, *, previous_id, revision) -> QuerySet[AuditEvent]:
    in_cycle = Q(revision_id__lte=revision.history_id)
    if previous_id:
        in_cycle &= Q(revision_id__gt=previous_id)
    unattached = Q(revision__isnull=True)
    if previous_id and (start := _last_signature_at(previous_id)):
        unattached &= Q(at__gt=start)
    if end := _last_signature_at(revision.history_id):
        unattached &= Q(at__lte=end)
    events = article.audit_events.filter(in_cycle | unattached).select_related("actor")
    return events.order_by("at", "id")


def _last_signature_at(revision_id: int) -> datetime | None:
    """When the revision's last signature was made or recorded (an imported one is recorded
    after it was made)."""
    signed = SignOff.objects.filter(revision_id=revision_id).aggregate(at=Max("signed_at"))["at"]
    recorded = AuditEvent.objects.filter(
        revision_id=revision_id, action__in=SIGNATURE_ACTIONS
    ).aggregate(at=Max("at"))["at"]
    return max((moment for moment in (signed, recorded) if moment), default=None)


# -- The zip of a report's articles ------------------------------------------------------------


def write_certificates_zip(*, articles, file, printed_at: datetime) -> int:
    """Write to ``file`` (a binary file object) a zip of one PDF per article in ``articles``
    that has a live revision (that revision's certificate), and ``manifest.txt`` with each PDF's
    SHA-256 (``sha256sum -c manifest.txt`` checks them). Returns the number of PDFs. Raises
    TooManyCertificates, before writing anything, above ``ZIP_MAX_ARTICLES``."""
    from reviews.reports.certificate_pdf import certificate_pdf

    chosen = list(
        articles.filter(live_revision__isnull=False)
        .select_related("live_revision", "review__policy")
        .order_by("slug")[: ZIP_MAX_ARTICLES + 1]
    )
    if len(chosen) > ZIP_MAX_ARTICLES:
        raise TooManyCertificates(
            f"More than {ZIP_MAX_ARTICLES} articles match these filters; narrow them to "
            f"{ZIP_MAX_ARTICLES} or fewer to download their certificates."
        )
    manifest = []
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for article in chosen:
            certificate = certificate_for(article, article.live_revision)
            pdf = certificate_pdf(certificate, printed_at=printed_at)
            archive.writestr(certificate.filename, pdf)
            manifest.append(f"{hashlib.sha256(pdf).hexdigest()}  {certificate.filename}\n")
        archive.writestr(MANIFEST_NAME, "".join(manifest))
    return len(chosen)


# -- Checking a certificate against the records ------------------------------------------------


def check_certificate_file(path: Path) -> list[str]:
    """Each way the certificate (a PDF, or a zip of them with its manifest) at ``path``
    disagrees with the records, as "<file>: <field>: ..."; empty when everything matches.
    Raises CertificateUnreadable when the file cannot be read as one."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CertificateUnreadable(f"{path}: cannot be read ({error.strerror})") from None
    if zipfile.is_zipfile(path):
        return _check_zip(path)
    return _check_pdf(str(path), data)


def _check_zip(path: Path) -> list[str]:
    problems = []
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST_NAME not in names:
                raise CertificateUnreadable(f"{path}: the zip has no {MANIFEST_NAME}")
            listed = _manifest(path, archive.read(MANIFEST_NAME))
            for name in sorted(names - set(listed) - {MANIFEST_NAME}):
                problems.append(f"{path}: {name}: not listed in {MANIFEST_NAME}")
            for name, digest in listed.items():
                if name not in names:
                    problems.append(f"{path}: {name}: listed in {MANIFEST_NAME} but missing")
                    continue
                data = archive.read(name)
                if hashlib.sha256(data).hexdigest() != digest:
                    problems.append(f"{path}: {name}: sha256 differs from {MANIFEST_NAME}")
                problems.extend(_check_pdf(f"{path}: {name}", data))
    except (zipfile.BadZipFile, OSError) as error:
        raise CertificateUnreadable(f"{path}: not a readable zip ({error})") from None
    return problems


def _manifest(path, text: bytes) -> dict[str, str]:
    listed = {}
    for line in text.decode("utf-8", "replace").splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise CertificateUnreadable(f"{path}: {MANIFEST_NAME}: cannot read line {line!r}")
        listed[name] = digest
    return listed


def read_record(label: str, data: bytes) -> dict:
    """The record a certificate PDF carries; CertificateUnreadable if it carries none."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        attachments = PdfReader(BytesIO(data)).attachments
        (raw, *_) = attachments.get(RECORD_NAME) or [None]
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise CertificateUnreadable(f"{label}: not a readable PDF ({error})") from None
    if raw is None:
        raise CertificateUnreadable(f"{label}: carries no {RECORD_NAME}: not a Recheck certificate")
    try:
        record = json.loads(raw)
    except ValueError:
        raise CertificateUnreadable(f"{label}: {RECORD_NAME} is not JSON") from None
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
        raise CertificateUnreadable(f"{label}: {RECORD_NAME} is not a {RECORD_FORMAT} record")
    return record


def _check_pdf(label: str, data: bytes) -> list[str]:
    return [f"{label}: {problem}" for problem in record_problems(read_record(label, data))]


def record_problems(record: dict) -> list[str]:
    """Each field of a certificate's ``record`` that the database does not bear out, as
    "<field>: the certificate says X, the records say Y"."""
    slug, revision_id = record.get("article"), record.get("revision")
    article = Article.objects.filter(slug=slug).first() if isinstance(slug, str) else None
    if article is None:
        return [f"article: no article {slug!r} in the records"]
    revision = (
        article.history.filter(history_id=revision_id).first()
        if isinstance(revision_id, int)
        else None
    )
    if revision is None:
        return [f"revision: {slug!r} has no revision {revision_id!r} in the records"]
    expected = certificate_for(article, revision).record
    problems = []
    if (stated_hash := record.get("content_sha256")) != expected["content_sha256"]:
        problems.append(_differs("content_sha256", stated_hash, expected["content_sha256"]))
    signatures = record.get("signatures")
    signatures = signatures if isinstance(signatures, list) else []
    listed = [item.get("id") if isinstance(item, dict) else item for item in signatures]
    stated = {
        item["id"]: item
        for item in signatures
        if isinstance(item, dict) and isinstance(item.get("id"), int)
    }
    recorded = {item["id"]: item for item in expected["signatures"]}
    if listed != list(recorded):
        problems.append(_differs("signatures", listed, list(recorded)))
    for signoff_id in sorted(recorded.keys() & stated.keys()):
        for key in ("row_hash", "content_sha256", "name", "meaning"):
            stated_value, recorded_value = stated[signoff_id].get(key), recorded[signoff_id][key]
            if stated_value != recorded_value:
                problems.append(
                    _differs(f"signature {signoff_id} {key}", stated_value, recorded_value)
                )
    return problems


def _differs(name: str, stated, recorded) -> str:
    return f"{name}: the certificate says {stated!r}, the records say {recorded!r}"
