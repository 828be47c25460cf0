import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import AuditEvent, ReaderReport, ReviewFlag
from reviews.services.reader_reports import REPORTS_PER_HOUR
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db
MESSAGE = "The dose in the second list looks wrong."


def send(client, article, message=MESSAGE, address="127.0.0.1", **fields):
    return client.post(
        reverse("reviews:report-problem", args=[article.slug]),
        {"message": message, **fields},
        REMOTE_ADDR=address,
    )


def open_report_flag(article):
    return ReviewFlag.objects.filter(
        article=article, kind="reader_report", resolved_on__isnull=True
    ).first()


def test_the_public_page_offers_the_form_and_a_report_raises_a_flag_for_the_editor(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Report a problem with this page" in page and "csrfmiddlewaretoken" in page

    response = send(client, article)
    assert response.status_code == 302
    assert "Thank you" in client.get(response.url).content.decode()
    flag = open_report_flag(article)
    assert flag.detail == f"1 reader report; latest: {MESSAGE}"
    send(client, article, message="Also the link at the end is broken.")
    flag.refresh_from_db()
    assert flag.detail.startswith("2 reader reports; latest: Also the link")
    assert ReaderReport.objects.filter(flag=flag).count() == 2


def test_the_form_is_csrf_protected():
    article = ArticleFactory()
    response = send(Client(enforce_csrf_checks=True), article)
    assert response.status_code == 403
    assert not ReaderReport.objects.exists()


def test_the_honeypot_catches_bots_and_saves_nothing(client):
    article = ArticleFactory()
    response = send(client, article, website="http://spam.example")
    assert response.status_code == 302
    assert not ReaderReport.objects.exists() and open_report_flag(article) is None


def test_reports_are_rate_limited_per_sender(client):
    article = ArticleFactory()
    for _ in range(REPORTS_PER_HOUR):
        assert send(client, article).status_code == 302
    refused = send(client, article)
    assert refused.status_code == 429
    assert "several reports in the last hour" in refused.content.decode()
    assert ReaderReport.objects.count() == REPORTS_PER_HOUR
    other = send(client, article, address="192.0.2.7")
    assert other.status_code == 302  # another sender has their own allowance


def test_a_short_message_is_refused_with_a_reason(client):
    article = ArticleFactory()
    response = send(client, article, message="bad")
    assert response.status_code == 200
    assert "Ensure this value has at least 10 characters" in response.content.decode()


def test_drafts_cannot_be_reported(client):
    article = ArticleFactory(published=False)
    assert send(client, article).status_code == 404


def test_content_admins_dismiss_a_report_with_a_reason(client):
    article = ArticleFactory(title="Gout: Diet")
    send(Client(), article)
    flag = open_report_flag(article)
    admin = UserFactory(username="ada", role="Content admins")
    client.force_login(admin)
    assert "Reader reports (1)" in client.get(reverse("reviews:home")).content.decode()

    url = reverse("reviews:dismiss-flag", args=[flag.pk])
    client.post(url, {"reason": ""})
    flag.refresh_from_db()
    assert flag.resolved_on is None

    client.post(url, {"reason": "The dose matches the label."})
    flag.refresh_from_db()
    assert flag.resolved_on is not None and flag.dismissed_by == admin
    assert flag.dismiss_reason == "The dose matches the label."
    event = AuditEvent.objects.get(action="flag_dismissed")
    assert event.detail == "Reader report: The dose matches the label."

    editor = Client()
    editor.force_login(UserFactory(username="ellen", role="Editors"))
    assert editor.post(url, {"reason": "x"}).status_code == 403
