"""Review certificates (reviews/services/certificates.py): what one holds for the imported sample
and for a revision reviewed after edits, the zip of several with its manifest, and how a
certificate's record is checked against the database."""

import hashlib
import io
import zipfile
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.models import Article, ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.choices import AuditAction, SignOffMeaning
from reviews.models import AuditEvent
from reviews.services import certificates
from reviews.services.certificates import (
    MANIFEST_NAME,
    TooManyCertificates,
    certificate_for,
    record_problems,
    write_certificates_zip,
)
from reviews.services.signoff import record_sign_off, revision_hash
from tests.factories import ArticleFactory, ReviewerFactory, at_nine, editor_account, sign
from tests.samples import SAMPLE

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.combine(date(2026, 11, 23), time(15, 4)))


@pytest.fixture
def sample():
    call_command("import_sheets", str(SAMPLE), "--as-of", "2026-11-23", stdout=StringIO())
    return Article.objects.get(slug="acute-lymphocytic-leukemia-targeted-therapy")


def edit(article, editor, text, *, at=NOW, kind=ChangeKind.SUBSTANTIVE, reason="Dosing"):
    return edit_article(
        article_id=article.pk,
        editor=editor,
        changes={"body": [*latest_revision(article).body, {"type": "paragraph", "text": text}]},
        kind=kind,
        reason=reason,
        base_revision_id=latest_revision(article).history_id,
        at=at,
    )


def approve(revision, reviewer, *, on: date):
    return record_sign_off(
        revision=revision,
        reviewer=reviewer,
        meaning=SignOffMeaning.APPROVED,
        signed_at=at_nine(on),
        source="tests",
        recorded_at=at_nine(on),
    )


def test_the_samples_certificate_names_both_reviewers_the_meaning_and_the_hash(sample):
    certificate = certificate_for(sample, sample.live_revision)

    assert [(s.reviewer_name, s.reviewer_credentials) for s in certificate.signoffs] == [
        ("Jessica Gotwals", "RN BSN MPH"),
        ("Susan K. Dempsey-Walls", "RN"),
    ]
    assert {s.get_meaning_display() for s in certificate.signoffs} == {
        "Imported from an existing sheet"
    }
    assert certificate.content_sha256 == revision_hash(sample.live_revision)
    assert certificate.previous_review is None
    assert [c.history_id for c in certificate.changes] == [sample.live_revision.history_id]
    assert {event.action for event in certificate.events} >= {
        AuditAction.REVISION_SAVED,
        AuditAction.SIGNATURE_IMPORTED,
    }
    assert certificate.references == []
    assert certificate.record == {
        "format": "recheck-certificate/1",
        "article": sample.slug,
        "revision": sample.live_revision.history_id,
        "content_sha256": certificate.content_sha256,
        "signatures": [
            {
                "id": s.pk,
                "row_hash": s.row_hash,
                "content_sha256": certificate.content_sha256,
                "name": s.reviewer_name,
                "meaning": "imported",
            }
            for s in certificate.signoffs
        ],
    }


def test_changes_and_events_run_from_the_previous_review_to_this_one():
    article = ArticleFactory(originated_on=date(2024, 1, 1))
    first = article.live_revision
    approve(first, ReviewerFactory(full_name="Ann Early"), on=date(2024, 2, 1))
    editor = editor_account()
    one = edit(article, editor, "New dosing guidance.", at=at_nine(date(2025, 3, 1)))
    two = edit(article, editor, "A typo fixed.", at=at_nine(date(2025, 3, 2)),
               kind=ChangeKind.EDITORIAL, reason="Typo")  # fmt: skip
    approve(two, ReviewerFactory(full_name="Zoë O’Brien"), on=date(2025, 4, 1))
    later = edit(article, editor, "Not yet reviewed.", at=at_nine(date(2025, 5, 1)))

    certificate = certificate_for(article, two)

    assert certificate.previous_review == first
    assert [
        (c.history_id, c.change_kind, c.history_change_reason) for c in certificate.changes
    ] == [
        (one.history_id, "substantive", "Dosing"),
        (two.history_id, "editorial", "Typo"),
    ]
    assert all(c.history_user == editor for c in certificate.changes)
    assert certificate.words_added == 6 and certificate.words_removed == 0
    assert [s.reviewer_name for s in certificate.signoffs] == ["Zoë O’Brien"]
    revisions = {event.revision_id for event in certificate.events}
    assert first.history_id not in revisions and later.history_id not in revisions
    assert {one.history_id, two.history_id} <= revisions
    assert all(event.at > at_nine(date(2024, 2, 1)) for event in certificate.events)
    # The first review's certificate stops at its own signature.
    earlier = certificate_for(article, first)
    assert earlier.previous_review is None
    assert all(event.at <= at_nine(date(2024, 2, 1)) for event in earlier.events)
    assert [s.reviewer_name for s in earlier.signoffs] == ["Ann Early"]


def test_a_revision_of_another_article_is_refused():
    article, other = ArticleFactory(), ArticleFactory()
    with pytest.raises(ValueError):
        certificate_for(article, other.live_revision)


def test_references_are_listed_when_the_revision_has_them():
    article = ArticleFactory()
    revision = article.live_revision
    revision.references = [
        {"type": "doi", "value": "10.1056/NEJMoa2034577", "note": "the trial"},
        {"type": "guideline", "name": "GINA asthma strategy", "version": "2024"},
    ]
    certificate = certificate_for(article, revision)
    assert certificate.reference_lines == [
        "DOI 10.1056/NEJMoa2034577 — the trial",
        "GINA asthma strategy, version 2024",
    ]


def test_the_audit_events_are_capped_and_counted(monkeypatch):
    article = ArticleFactory()
    monkeypatch.setattr(certificates, "EVENTS_MAX", 1)
    certificate = certificate_for(article, article.live_revision)
    total = AuditEvent.objects.filter(article=article).count()
    assert total >= 2
    assert len(certificate.events) == 1 and certificate.more_events == total - 1


def test_the_zip_holds_one_pdf_per_live_article_and_a_manifest_of_their_sums():
    live = [ArticleFactory(slug=f"live-{n}") for n in range(2)]
    for article in live:
        sign(article, on=date(2025, 6, 1))
    ArticleFactory(slug="draft", published=False)
    file = io.BytesIO()

    count = write_certificates_zip(articles=Article.objects.all(), file=file, printed_at=NOW)

    assert count == 2
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
        manifest = archive.read(MANIFEST_NAME).decode()
        pdfs = {name: archive.read(name) for name in names if name.endswith(".pdf")}
    assert sorted(pdfs) == [f"{a.slug}-revision-{a.live_revision.history_id}.pdf" for a in live]
    assert manifest.splitlines() == [
        f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(pdfs.items())
    ]


def test_the_zip_refuses_too_many_articles(monkeypatch):
    monkeypatch.setattr(certificates, "ZIP_MAX_ARTICLES", 1)
    ArticleFactory(), ArticleFactory()
    file = io.BytesIO()
    with pytest.raises(TooManyCertificates, match="More than 1 articles"):
        write_certificates_zip(articles=Article.objects.all(), file=file, printed_at=NOW)
    assert file.getvalue() == b""


def test_a_matching_record_has_no_problems_and_each_changed_field_is_named(sample):
    record = certificate_for(sample, sample.live_revision).record
    assert record_problems(record) == []

    changed = {**record, "content_sha256": "0" * 64}
    (problem,) = record_problems(changed)
    assert problem.startswith("content_sha256: the certificate says '0000")

    first = {**record["signatures"][0], "name": "Someone Else"}
    changed = {**record, "signatures": [first, *record["signatures"][1:]]}
    (problem,) = record_problems(changed)
    assert problem.startswith(f"signature {first['id']} name: the certificate says 'Someone Else'")

    changed = {**record, "signatures": record["signatures"][:1]}
    (problem,) = record_problems(changed)
    assert problem.startswith("signatures: ")

    assert record_problems({**record, "article": "no-such"}) == [
        "article: no article 'no-such' in the records"
    ]
    other = ArticleFactory()
    assert record_problems({**record, "revision": other.live_revision.history_id}) == [
        f"revision: {sample.slug!r} has no revision {other.live_revision.history_id} in the records"
    ]


def test_a_certificate_takes_a_fixed_number_of_queries(django_assert_num_queries):
    article = ArticleFactory()
    for day in (1, 2, 3):
        sign(article, on=date(2025, 6, day))
    article = Article.objects.select_related("review__policy", "live_revision").get(pk=article.pk)
    with django_assert_num_queries(7):
        certificate = certificate_for(article, article.live_revision)
    assert len(certificate.signoffs) == 3

    edit(article, editor_account(), "New dosing guidance.", at=at_nine(date(2025, 7, 1)))
    revision = latest_revision(article)
    approve(revision, ReviewerFactory(), on=date(2025, 8, 1))
    with django_assert_num_queries(10):  # and three about the previous review
        certificate = certificate_for(article, revision)
    assert certificate.previous_review == article.live_revision
