"""The certificate pages (reviews/views/certificates.py): one revision's certificate as a page
and a PDF, who may see them, the answers to wrong addresses, and the review-status report's
zip of certificates."""

import hashlib
import io
import zipfile
from datetime import date
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from cms.models import Article
from cms.services.editing import edit_article
from reviews.services import certificates
from reviews.services.certificates import MANIFEST_NAME
from tests.factories import (
    ArticleFactory,
    ReviewFlagFactory,
    TopicFactory,
    UserFactory,
    editor_account,
    reviewer_account,
    sign,
)
from tests.samples import SAMPLE

pytestmark = pytest.mark.django_db


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client():
    return client_as(UserFactory(username="ada", role="Content admins"))


@pytest.fixture
def sample():
    call_command("import_sheets", str(SAMPLE), "--as-of", "2026-11-23", stdout=StringIO())
    return Article.objects.get()


def urls(article, revision_id=None):
    args = [article.slug, revision_id or article.live_revision.history_id]
    return reverse("reviews:certificate", args=args), reverse("reviews:certificate-pdf", args=args)


def test_the_page_shows_the_samples_signatures_hash_and_text(admin_client, sample):
    page, pdf = urls(sample)
    response = admin_client.get(page)

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Jessica Gotwals", "RN BSN MPH", "Susan K. Dempsey-Walls",
                 "Imported from an existing sheet", "10/1/2023 12:00 PM EDT",
                 response.context["certificate"].content_sha256, "Imatinib mesylate",
                 f'href="{pdf}"'):  # fmt: skip
        assert text in html


def test_the_pdf_is_a_download_with_the_same_fields(admin_client, sample):
    response = admin_client.get(urls(sample)[1])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    revision = sample.live_revision.history_id
    assert response["Content-Disposition"] == (
        f'attachment; filename="{sample.slug}-revision-{revision}.pdf"'
    )
    text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        ).split()
    )
    assert "Jessica Gotwals" in text and "Susan K. Dempsey-Walls" in text


@pytest.mark.parametrize("role", ["Editors", "Medical reviewers", "Content admins"])
def test_every_staff_role_may_see_a_certificate(role):
    article = ArticleFactory()
    client = client_as(UserFactory(role=role))
    for url in urls(article):
        assert client.get(url).status_code == 200


def test_a_signed_in_user_without_a_role_may_not_and_visitors_log_in_first():
    article = ArticleFactory()
    client = client_as(UserFactory())
    for url in urls(article):
        assert client.get(url).status_code == 403
        assert Client().get(url).status_code == 302


def test_unknown_revisions_and_other_articles_revisions_are_not_found(admin_client):
    article, other = ArticleFactory(), ArticleFactory()
    for url in (
        *urls(article, 999_999),
        *urls(article, 10**20),  # past any database's integer
        *urls(article, other.live_revision.history_id),
        reverse("reviews:certificate", args=["no-such-article", 1]),
    ):
        assert admin_client.get(url).status_code == 404


def test_an_older_revision_has_its_own_certificate(admin_client):
    article = ArticleFactory()
    first = article.live_revision.history_id
    editor = editor_account()
    edit_article(
        article_id=article.pk, editor=editor, kind="substantive", reason="Dosing",
        changes={"title": "A new title"}, base_revision_id=first,
        at=article.live_revision.history_date,
    )  # fmt: skip
    response = admin_client.get(urls(article, first)[0])
    assert response.status_code == 200
    assert response.context["certificate"].revision.history_id == first
    assert "the live revision" in response.content.decode()


def report_url(**query):
    return reverse("reviews:report-certificates") + (f"?{urlencode(query)}" if query else "")


def test_the_zip_holds_the_filtered_articles_live_certificates(admin_client):
    asthma = TopicFactory(name="Asthma")
    chosen = [ArticleFactory(slug=f"asthma-{n}", topic=asthma) for n in range(2)]
    left_out = ArticleFactory(slug="gout")
    for article in (*chosen, left_out):
        sign(article, on=date(2025, 6, 1))
        ReviewFlagFactory(article=article)

    response = admin_client.get(report_url(topic="asthma"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        names = sorted(archive.namelist())
        files = {name: archive.read(name) for name in names}
    assert names == sorted(
        [MANIFEST_NAME, *(f"{a.slug}-revision-{a.live_revision.history_id}.pdf" for a in chosen)]
    )
    for line in files[MANIFEST_NAME].decode().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256(files[name]).hexdigest() == digest


def test_the_report_links_to_the_zip_with_its_filters(admin_client):
    ReviewFlagFactory(article=ArticleFactory(topic=TopicFactory(name="Asthma")))
    response = admin_client.get(reverse("reviews:report-review-status") + "?topic=Asthma")
    assert f'href="{reverse("reviews:report-certificates")}?topic=Asthma"' in (
        response.content.decode()
    )


def test_too_many_articles_send_the_admin_back_with_why(admin_client, monkeypatch):
    monkeypatch.setattr(certificates, "ZIP_MAX_ARTICLES", 1)
    for _ in range(2):
        ReviewFlagFactory(article=ArticleFactory())

    response = admin_client.get(report_url(sort="title"))

    assert response.status_code == 302
    assert response.url == reverse("reviews:report-review-status") + "?sort=title"
    (message,) = get_messages(response.wsgi_request)
    assert "More than 1 articles match these filters" in str(message)


def test_invalid_filters_send_the_admin_back(admin_client):
    response = admin_client.get(report_url(min_days="many"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("reviews:report-review-status"))


def test_editors_may_not_download_the_zip():
    assert client_as(editor_account()).get(report_url()).status_code == 403


def test_a_reviewer_may_see_a_certificate():
    article = ArticleFactory()
    client = client_as(reviewer_account().user)
    assert client.get(urls(article)[0]).status_code == 200


def test_a_signed_revision_links_to_its_certificate_on_the_history_and_revision_pages(
    admin_client,
):
    article = ArticleFactory()
    sign(article, on=date(2025, 6, 1))
    page = urls(article)[0]
    for url in (
        reverse("cms:article-history", args=[article.slug]),
        reverse("cms:revision-detail", args=[article.slug, article.live_revision.history_id]),
    ):
        assert f'href="{page}"' in admin_client.get(url).content.decode()
