"""A review certificate as PDF (reviews/reports/certificate_pdf.py): its fields are extractable
text, names and punctuation print as written, and it carries its record."""

import json
from datetime import date, datetime, time
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from fpdf import FPDF
from pypdf import PdfReader

from cms.models import Article
from reviews.reports.certificate_pdf import certificate_pdf
from reviews.services.certificates import RECORD_NAME, certificate_for
from tests.factories import ArticleFactory, ReviewerFactory, sign
from tests.samples import SAMPLE

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.combine(date(2026, 11, 23), time(15, 4)))


def pdf_of(article, revision=None) -> PdfReader:
    certificate = certificate_for(article, revision or article.live_revision)
    return PdfReader(BytesIO(certificate_pdf(certificate, printed_at=NOW)))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_samples_pdf_names_both_reviewers_the_meaning_and_the_hash():
    call_command("import_sheets", str(SAMPLE), "--as-of", "2026-11-23", stdout=StringIO())
    article = Article.objects.get()
    certificate = certificate_for(article, article.live_revision)

    reader = pdf_of(article)
    text = " ".join(text_of(reader).split())  # extraction may double spaces or wrap lines

    assert "Jessica Gotwals RN BSN MPH" in text
    assert "Susan K. Dempsey-Walls RN" in text
    assert text.count("Imported from an existing sheet") >= 2
    assert certificate.content_sha256 in text
    assert "10/1/2023 12:00 PM EDT" in text  # the signing time, with its zone
    assert "Acute Lymphocytic Leukemia: Targeted Therapy" in text
    assert "Imatinib mesylate" in text  # the revision's text
    for signoff in certificate.signoffs:
        assert signoff.row_hash in text
    assert reader.metadata.title.startswith("Review certificate: Acute Lymphocytic Leukemia")


def test_names_quotes_and_dashes_print_as_written():
    article = ArticleFactory(
        title="Asthma – “what to do” when it’s worse",
        body=[{"type": "paragraph", "text": "Use the inhaler — then call 911 if it’s worse."}],
    )
    name = "Susan K. Dempsey\u2011Walls"  # a non-breaking hyphen
    sign(article, on=date(2025, 6, 1), reviewer=ReviewerFactory(full_name=name, credentials="RN"))

    text = text_of(pdf_of(article))

    assert name in text
    assert "Asthma – “what to do” when it’s worse" in text
    assert "Use the inhaler — then call 911 if it’s worse." in " ".join(text.split())


def test_the_pdf_carries_its_record_as_an_attached_json_file():
    article = ArticleFactory()
    sign(article, on=date(2025, 6, 1))
    certificate = certificate_for(article, article.live_revision)

    (attached,) = pdf_of(article).attachments[RECORD_NAME]

    assert json.loads(attached) == certificate.record


def test_images_print_as_their_alt_text():
    image = {"type": "image", "src": f"images/{'a' * 64}.png", "sha256": "a" * 64,
             "alt": "A peak-flow chart", "caption": "Morning & evening"}  # fmt: skip
    article = ArticleFactory(body=[image])
    text = text_of(pdf_of(article))
    assert "[Image: A peak-flow chart]" in text and "Morning & evening" in text


def test_every_kind_of_block_prints():
    spans = [{"text": "Call "}, {"text": "right away", "bold": True}, {"text": " or see "},
             {"text": "inhalers", "link": "article:inhalers", "italic": True}]  # fmt: skip
    body = [
        {"type": "heading", "text": "Side effects", "level": 3},
        {"type": "paragraph", "spans": spans},
        {"type": "list", "ordered": True,
         "items": ["Shake the inhaler.", {"text": "Breathe out", "items": ["slowly"]}]},
        {"type": "table", "header": ["Dose", "When"],
         "rows": [["10 mg", "Morning"], [{"spans": spans}, "Night"]]},
        {"type": "callout", "kind": "emergency", "text": "Call 911 if you have trouble breathing."},
    ]  # fmt: skip
    article = ArticleFactory(body=body)

    text = " ".join(text_of(pdf_of(article)).split())

    for words in ("Side effects", "Call right away or see inhalers", "Shake the inhaler.",
                  "slowly", "10 mg", "Morning", "Night", "Emergency:",
                  "Call 911 if you have trouble breathing."):  # fmt: skip
        assert words in text


def test_a_body_fpdf2_cannot_lay_out_prints_as_plain_words(monkeypatch):
    def refuse(*args, **kwargs):
        raise NotImplementedError("a layout fpdf2 does not support")

    monkeypatch.setattr(FPDF, "write_html", refuse)
    article = ArticleFactory(body=[{"type": "paragraph", "text": "Rest & drink fluids."}])

    text = text_of(pdf_of(article))

    assert "The layout could not be printed; the words follow." in text
    assert "Rest & drink fluids." in text
