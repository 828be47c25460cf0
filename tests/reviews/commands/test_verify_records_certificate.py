"""manage.py verify_records --certificate FILE: a certificate PDF (or a zip of them) against the
records. A match says so; a mismatch exits non-zero naming the field; a file that is not a
certificate is named."""

import io
import json
import zipfile
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from fpdf import FPDF

from cms.models import Article
from reviews.reports.certificate_pdf import certificate_pdf
from reviews.services.certificates import (
    MANIFEST_NAME,
    RECORD_NAME,
    certificate_for,
    write_certificates_zip,
)
from tests.factories import ArticleFactory, ReviewerFactory, sign
from tests.samples import SAMPLE

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.combine(date(2026, 11, 23), time(15, 4)))


def verify(*paths) -> str:
    out = StringIO()
    args = [arg for path in paths for arg in ("--certificate", str(path))]
    call_command("verify_records", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def mismatch(*paths) -> str:
    with pytest.raises(CommandError) as raised:
        verify(*paths)
    return str(raised.value)


@pytest.fixture
def sample_pdf(tmp_path):
    call_command("import_sheets", str(SAMPLE), "--as-of", "2026-11-23", stdout=StringIO())
    article = Article.objects.get()
    path = tmp_path / "sample.pdf"
    path.write_bytes(certificate_pdf(certificate_for(article, article.live_revision),
                                     printed_at=NOW))  # fmt: skip
    return path


def pdf_with_record(path, record) -> None:
    """A PDF carrying ``record`` as its attached certificate record (a forged certificate)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.embed_file(bytes=json.dumps(record).encode(), basename=RECORD_NAME)
    path.write_bytes(bytes(pdf.output()))


def test_the_samples_certificate_matches_the_records(sample_pdf):
    assert verify(sample_pdf) == f"{sample_pdf}: matches the records.\n"


def test_a_certificate_whose_hash_differs_names_the_field(sample_pdf, tmp_path):
    article = Article.objects.get()
    record = certificate_for(article, article.live_revision).record
    forged = tmp_path / "forged.pdf"
    pdf_with_record(forged, {**record, "content_sha256": "f" * 64})

    message = mismatch(forged)

    assert f"{forged}: content_sha256: the certificate says 'ffff" in message


def test_a_signature_added_after_printing_is_a_mismatch(sample_pdf):
    article = Article.objects.get()
    sign(article, on=date(2026, 11, 24), reviewer=ReviewerFactory(full_name="Late Signer"))

    assert f"{sample_pdf}: signatures: the certificate says" in mismatch(sample_pdf)


def test_a_missing_file_and_a_file_that_is_no_certificate_are_named(tmp_path):
    missing = tmp_path / "missing.pdf"
    assert f"{missing}: cannot be read" in mismatch(missing)

    text = tmp_path / "notes.pdf"
    text.write_text("not a PDF")
    assert f"{text}: not a readable PDF" in mismatch(text)

    plain = tmp_path / "plain.pdf"
    pdf = FPDF()
    pdf.add_page()
    plain.write_bytes(bytes(pdf.output()))
    assert f"{plain}: carries no {RECORD_NAME}" in mismatch(plain)


def test_a_zip_is_checked_against_its_manifest_and_the_records(tmp_path):
    articles = [ArticleFactory(slug=f"a-{n}") for n in range(2)]
    for article in articles:
        sign(article, on=date(2025, 6, 1))
    good = tmp_path / "certificates.zip"
    with good.open("wb") as file:
        write_certificates_zip(articles=Article.objects.all(), file=file, printed_at=NOW)

    assert verify(good) == f"{good}: matches the records.\n"

    # The same zip with one PDF swapped for another: its sum no longer matches the manifest.
    with zipfile.ZipFile(good) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    names = sorted(name for name in files if name != MANIFEST_NAME)
    files[names[0]] = files[names[1]]
    files["extra.txt"] = b"?"
    swapped = tmp_path / "swapped.zip"
    with zipfile.ZipFile(swapped, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)

    message = mismatch(swapped)

    assert f"{swapped}: {names[0]}: sha256 differs from {MANIFEST_NAME}" in message
    assert f"{swapped}: extra.txt: not listed in {MANIFEST_NAME}" in message
    assert f"{swapped}: {names[0]}: article: " not in message  # the record itself still matches


def test_a_zip_without_a_manifest_is_named(tmp_path):
    path = tmp_path / "bare.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("x.pdf", b"")
    assert f"{path}: the zip has no {MANIFEST_NAME}" in mismatch(path)


def test_without_certificate_the_chains_are_checked_as_before():
    ArticleFactory()
    assert verify().startswith("Records intact:")


def test_the_record_is_readable_from_the_pdf_bytes(sample_pdf):
    from pypdf import PdfReader

    (raw,) = PdfReader(io.BytesIO(sample_pdf.read_bytes())).attachments[RECORD_NAME]
    assert json.loads(raw)["article"] == "acute-lymphocytic-leukemia-targeted-therapy"
