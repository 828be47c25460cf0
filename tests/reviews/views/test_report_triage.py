"""The triage list and a report's page: who sees what, forms, refusals, replays."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from cms.models import ChangeKind
from cms.services.revisions import save_revision
from reviews.choices import AuditAction, CloseReason, ReportStatus
from reviews.models import AuditEvent, ReaderReport, ReviewFlag
from reviews.services.reader_reports import close_report, report_problem
from reviews.views.reader_reports import PAGE_SIZE
from tests.factories import ArticleFactory, UserFactory, at_nine, editor_account

pytestmark = pytest.mark.django_db
NOW = at_nine(date(2026, 11, 23))
LIST = reverse("reviews:reader-reports")


def page(report):
    return reverse("reviews:reader-report", args=[report.pk])


def report(article, message="The dose in the list is wrong.", minutes=0):
    return report_problem(
        article=article,
        message=message,
        address=f"192.0.2.{minutes % 250}",
        at=NOW + timedelta(minutes=minutes),
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ellen():
    return editor_account("ellen")


@pytest.fixture
def ada():
    return UserFactory(username="ada", role="Content admins")


@pytest.fixture
def article(ellen):
    return ArticleFactory(title="Gout: Diet", owner=ellen)


def test_the_owner_sees_every_message_on_the_list_and_the_page(article, ellen):
    first = report(article, "The dose in the list is wrong.")
    second = report(article, "The link at the end is broken.", minutes=5)
    client = signed_in(ellen)
    listing = client.get(LIST).content.decode()
    assert first.message in listing and second.message in listing

    detail = client.get(page(first)).content.decode()
    assert first.message in detail and second.message in detail
    assert "Every report on this article (2)" in detail
    assert 'name="action" value="close"' in detail


def test_editors_see_only_theirs_and_content_admins_see_all(article, ellen, ada):
    mine = report(article, "On my article, wrong dose.")
    stranger = report(ArticleFactory(title="Asthma"), "On an article of another editor.", minutes=1)
    editor_page = signed_in(ellen).get(LIST).content.decode()
    assert mine.message in editor_page and stranger.message not in editor_page

    admin = signed_in(ada)
    assert stranger.message in admin.get(LIST).content.decode()
    only_mine = admin.get(LIST, {"mine": "on"}).content.decode()
    assert stranger.message not in only_mine and "No open reader reports" in only_mine

    hidden = signed_in(editor_account("eric")).get(page(mine))
    assert hidden.status_code == 200
    text = hidden.content.decode()
    assert mine.message not in text and "Only the article" in text


def test_filters_pagination_and_the_empty_state(article, ellen):
    reports = [report(article, f"Problem number {n} on this page.", minutes=n) for n in range(25)]
    close_report(report=reports[0], reason=CloseReason.SPAM, actor=ellen, at=NOW)
    client = signed_in(ellen)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert first.context["page"].paginator.count == 24
    second = client.get(LIST, {"page": 2}).context["page"]
    assert len(second.object_list) == 4
    closed = client.get(LIST, {"status": "closed"}).context["page"]
    assert [r.pk for r in closed.object_list] == [reports[0].pk]
    assert client.get(LIST, {"status": "all"}).context["page"].paginator.count == 25
    by_article = client.get(LIST, {"article": article.slug, "status": "all"})
    assert by_article.context["page"].paginator.count == 25
    empty = client.get(LIST, {"article": ArticleFactory().slug}).content.decode()
    assert "No open reader reports on this article" in empty


@pytest.mark.parametrize(
    "query",
    [{"status": "nonsense"}, {"page": "-3"}, {"page": "x"}, {"article": "../etc"}, {"mine": "😀"}],
)
def test_odd_filters_never_fail(article, ellen, query):
    report(article)
    assert signed_in(ellen).get(LIST, query).status_code == 200


def test_the_owner_assigns_notes_and_closes_as_fixed_each_audited(article, ellen, ada):
    one = report(article)
    client = signed_in(ellen)
    response = client.post(page(one), {"action": "assign", "assignee": ada.pk})
    assert response.status_code == 302
    client.post(page(one), {"action": "note", "text": "Asked the pharmacist."})
    article.summary = "Fixed dose."
    revision = save_revision(article=article, kind=ChangeKind.EDITORIAL, reason="Dose", at=NOW)
    response = client.post(
        page(one), {"action": "close", "reason": "fixed", "revision": revision.history_id}
    )
    assert response.status_code == 302
    assert "Report closed: Fixed." in client.get(response.url).content.decode()
    one.refresh_from_db()
    assert one.assigned_to == ada and one.fixed_revision == revision
    actions = list(
        AuditEvent.objects.filter(article=article)
        .exclude(action__in=[AuditAction.REVISION_SAVED, AuditAction.WENT_LIVE])
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == [
        AuditAction.READER_REPORT_ASSIGNED,
        AuditAction.READER_REPORT_NOTED,
        AuditAction.READER_REPORT_CLOSED,
        AuditAction.FLAG_RESOLVED,
    ]
    history = client.get(page(one)).content.decode()
    assert "Reader report closed: Fixed in revision" in history
    assert "Flag resolved: Reader report: resolved" in history


def test_forms_show_their_errors_again(article, ellen):
    one = report(article)
    client = signed_in(ellen)
    other_revision = ArticleFactory(owner=ellen).live_revision
    cases = [
        ({"action": "close", "reason": "fixed"}, "Choose the revision that fixed it."),
        (
            {"action": "close", "reason": "fixed", "revision": other_revision.history_id},
            "Select a valid choice",
        ),
        ({"action": "close", "reason": "because"}, "Select a valid choice"),
        ({"action": "close", "reason": "fixed", "revision": "1 OR 1=1"}, "Select a valid choice"),
        ({"action": "note", "text": ""}, "This field is required."),
        ({"action": "note", "text": "x" * 3000}, "at most 2000 characters"),
        ({"action": "assign", "assignee": "999999"}, "Select a valid choice"),
        ({"action": "assign", "assignee": UserFactory(username="rita").pk}, "Select a valid"),
    ]
    for data, error in cases:
        response = client.post(page(one), data)
        assert response.status_code == 200, data
        assert error in response.content.decode(), data
    assert client.post(page(one), {"action": "delete"}).status_code == 400
    one.refresh_from_db()
    assert one.status == ReportStatus.OPEN and one.assigned_to is None
    assert not AuditEvent.objects.filter(subject=f"Reader report #{one.pk}").exists()


def test_a_replayed_close_is_refused_without_a_second_event(article, ellen):
    one = report(article)
    client = signed_in(ellen)
    data = {"action": "close", "reason": "no_change"}
    assert client.post(page(one), data).status_code == 302
    replay = client.post(page(one), data)  # the same form again, or a second tab
    assert replay.status_code == 200
    assert "already closed (No change needed)" in replay.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.READER_REPORT_CLOSED).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.FLAG_RESOLVED).count() == 1


def test_another_editor_and_readers_cannot_close(article):
    one = report(article)
    eric = signed_in(editor_account("eric"))
    refused = eric.post(page(one), {"action": "close", "reason": "spam"})
    assert refused.status_code == 200
    assert "Only the article" in refused.content.decode()
    reviewer = signed_in(UserFactory(username="rita", role="Medical reviewers"))
    assert reviewer.post(page(one), {"action": "close", "reason": "spam"}).status_code == 403
    assert reviewer.get(LIST).status_code == 403
    anonymous = Client().post(page(one), {"action": "close", "reason": "spam"})
    assert anonymous.status_code == 302 and "/login/" in anonymous.url
    one.refresh_from_db()
    assert one.status == ReportStatus.OPEN
    assert ReviewFlag.objects.get(article=article).resolved_on is None


def test_changes_need_a_csrf_token(article, ellen):
    one = report(article)
    client = Client(enforce_csrf_checks=True)
    client.force_login(ellen)
    assert client.post(page(one), {"action": "close", "reason": "spam"}).status_code == 403
    assert ReaderReport.objects.get().status == ReportStatus.OPEN


def test_content_admins_close_and_reopen(article, ada):
    one = report(article)
    client = signed_in(ada)
    client.post(page(one), {"action": "close", "reason": "spam"})
    one.refresh_from_db()
    assert one.status == ReportStatus.CLOSED and one.closed_by == ada
    assert client.post(page(one), {"action": "reopen"}).status_code == 302
    one.refresh_from_db()
    assert one.status == ReportStatus.OPEN
    assert ReviewFlag.objects.filter(article=article, resolved_on__isnull=True).count() == 1


def test_the_workspace_home_links_to_the_triage(article, ellen):
    one = report(article)
    home = signed_in(ellen).get(reverse("reviews:home")).content.decode()
    assert "Reader reports (1)" in home and page(one) in home


def test_an_unknown_report_is_not_found(ellen):
    client = signed_in(ellen)
    for report_id in (404, 99999999999999999999999):
        url = reverse("reviews:reader-report", args=[report_id])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "close", "reason": "spam"}).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_the_pages_query_count_does_not_grow_with_the_reports(
    article, ellen, count, django_assert_max_num_queries
):
    reports = [report(article, f"Problem {n} on this page.", minutes=n) for n in range(count)]
    client = signed_in(ellen)
    with django_assert_max_num_queries(8):
        client.get(LIST)
    with django_assert_max_num_queries(12):
        client.get(page(reports[0]))
