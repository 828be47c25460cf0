"""Readers' reports from arrival to closing: reaching the owner, triage rules, the flag."""

from datetime import date, timedelta

import pytest
from django.core import mail

from cms.models import ChangeKind
from cms.services.revisions import save_revision
from reviews.choices import AuditAction, CloseReason, NotificationKind, ReportStatus
from reviews.models import AuditEvent, Notification, ReaderReport, ReviewFlag
from reviews.services.digests import build_digests, send_notification_emails
from reviews.services.reader_reports import (
    ReportRefused,
    add_note,
    assign_report,
    close_report,
    fixing_revisions,
    reopen_report,
    report_problem,
    reports_for,
)
from tests.factories import ArticleFactory, UserFactory, at_nine, editor_account

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
NOW = at_nine(TODAY)


def report(article, message="The dose in the list is wrong.", *, at=NOW, address="192.0.2.1"):
    return report_problem(article=article, message=message, address=address, at=at)


def open_flag(article):
    return ReviewFlag.objects.filter(
        article=article, kind="reader_report", resolved_on__isnull=True
    ).first()


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.fixture
def ellen():
    return editor_account("ellen")


@pytest.fixture
def article(ellen):
    return ArticleFactory(title="Gout: Diet", owner=ellen)


def edit(article, *, at=NOW):
    """An editorial save by the owner: the revision that fixes the report."""
    article.summary = "Corrected."
    return save_revision(article=article, kind=ChangeKind.EDITORIAL, reason="Typo fixed", at=at)


# Reaching the owner


def test_a_report_reaches_the_owner_in_the_app_at_once(article, ellen):
    first = report(article)
    notification = Notification.objects.get(recipient=ellen, kind=NotificationKind.READER_REPORT)
    assert notification.subject == "A reader reported a problem with “Gout: Diet”"
    assert [r["message"] for r in notification.reader_reports] == [first.message]
    assert notification.reader_reports[0]["url"].endswith(f"/workspace/reader-reports/{first.pk}/")
    assert notification.read_at is None

    notification.read_at = NOW
    notification.save()
    report(article, "Also the link at the end is broken.", at=NOW + timedelta(hours=1))
    notification.refresh_from_db()
    assert notification.subject == "Readers reported 2 problems with your articles"
    assert len(notification.reader_reports) == 2 and notification.read_at is None  # unread again
    assert Notification.objects.filter(kind=NotificationKind.READER_REPORT).count() == 1


def test_a_report_on_an_article_without_an_owner_notifies_nobody():
    report(ArticleFactory(owner=None))
    assert not Notification.objects.exists()
    assert ReaderReport.objects.get().status == ReportStatus.OPEN


def test_the_digest_has_a_section_of_open_reports_and_stays_the_one_email(article, ellen):
    kept = report(article)
    closed = report(article, "Spam spam spam spam.", address="192.0.2.9")
    close_report(report=closed, reason=CloseReason.SPAM, actor=ellen, at=NOW)
    UserFactory(username="ada", role="Content admins")

    build_digests(as_of=TODAY, at=NOW)
    digest = Notification.objects.get(recipient=ellen, kind=NotificationKind.DIGEST)
    assert [r["id"] for r in digest.reader_reports] == [kept.pk]

    sent = send_notification_emails(day=TODAY, at=NOW)
    assert sent == Notification.objects.filter(kind=NotificationKind.DIGEST).count()
    assert Notification.objects.get(kind=NotificationKind.READER_REPORT).emailed_at is None
    email = next(m for m in mail.outbox if m.to == [ellen.email])
    assert "Reader reports" in email.body and kept.message in email.body
    assert "Spam spam" not in email.body
    assert kept.message in email.alternatives[0][0]
    assert send_notification_emails(day=TODAY, at=NOW) == 0


def test_a_report_assigned_to_someone_reaches_their_digest(article, ellen):
    one = report(article)
    ada = UserFactory(username="ada", role="Content admins")
    assign_report(report=one, assignee=ada, actor=ellen, at=NOW)
    build_digests(as_of=TODAY, at=NOW)
    digest = Notification.objects.get(recipient=ada, kind=NotificationKind.DIGEST)
    assert [r["id"] for r in digest.reader_reports] == [one.pk]
    assert digest.reader_reports[0]["assigned_to"] == "ada"
    assert digest.subject == "Recheck: 1 open reader report" and digest.items == []


def test_an_assignee_hears_of_the_report_at_once_but_not_of_their_own_assignment(article, ellen):
    one = report(article)
    ada = UserFactory(username="ada", role="Content admins")
    assign_report(report=one, assignee=ada, actor=ellen, at=NOW)
    (notice,) = Notification.objects.filter(recipient=ada, kind=NotificationKind.READER_REPORT)
    assert [r["id"] for r in notice.reader_reports] == [one.pk] and notice.read_at is None
    assign_report(report=one, assignee=ellen, actor=ellen, at=NOW)  # herself: nothing new
    owner_notice = Notification.objects.get(recipient=ellen, kind=NotificationKind.READER_REPORT)
    assert [r["id"] for r in owner_notice.reader_reports] == [one.pk]  # from the report only


# Triage, each step audited


def test_assign_note_and_close_are_each_audited(article, ellen):
    one = report(article)
    ada = UserFactory(username="ada", role="Content admins")

    assign_report(report=one, assignee=ada, actor=ellen, at=NOW)
    assign_report(report=one, assignee=ada, actor=ellen, at=NOW)  # no change, no event
    (assigned,) = events(AuditAction.READER_REPORT_ASSIGNED)
    assert assigned.detail == "Assigned to ada (was nobody)" and assigned.actor == ellen
    assert assigned.subject == f"Reader report #{one.pk}" and assigned.article == article

    note = add_note(report=one, text="  Checked the label.  ", actor=ada, at=NOW)
    assert note.text == "Checked the label."
    assert events(AuditAction.READER_REPORT_NOTED)[0].detail == "Checked the label."

    revision = edit(article)
    close_report(report=one, reason=CloseReason.FIXED, revision=revision, actor=ada, at=NOW)
    one.refresh_from_db()
    assert (one.status, one.close_reason, one.fixed_revision) == ("closed", "fixed", revision)
    assert one.closed_by == ada and one.closed_at == NOW
    (closed,) = events(AuditAction.READER_REPORT_CLOSED)
    assert closed.detail.startswith(f"Fixed in revision {revision.history_id} (")


def test_fixed_needs_a_revision_of_the_same_article(article, ellen):
    one = report(article)
    other = ArticleFactory(owner=ellen)
    with pytest.raises(ReportRefused, match="Choose the revision"):
        close_report(report=one, reason=CloseReason.FIXED, actor=ellen, at=NOW)
    foreign = fixing_revisions(other).first()
    with pytest.raises(ReportRefused, match="one of this article's revisions"):
        close_report(report=one, reason=CloseReason.FIXED, revision=foreign, actor=ellen, at=NOW)
    with pytest.raises(ReportRefused, match="Choose why"):
        close_report(report=one, reason="bored", actor=ellen, at=NOW)
    one.refresh_from_db()
    assert one.status == ReportStatus.OPEN and not events(AuditAction.READER_REPORT_CLOSED)


def test_a_revision_is_kept_only_when_fixed(article, ellen):
    one = report(article)
    revision = fixing_revisions(article).first()
    close_report(report=one, reason=CloseReason.NO_CHANGE, revision=revision, actor=ellen, at=NOW)
    one.refresh_from_db()
    assert one.close_reason == "no_change" and one.fixed_revision is None


@pytest.mark.parametrize("role", ["Editors", "Medical reviewers", None])
def test_only_the_owner_the_assignee_or_a_content_admin_may_triage(article, role):
    one = report(article)
    outsider = UserFactory(username="outsider", role=role)
    for act in (
        lambda: close_report(report=one, reason=CloseReason.SPAM, actor=outsider, at=NOW),
        lambda: add_note(report=one, text="Mine now", actor=outsider, at=NOW),
        lambda: assign_report(report=one, assignee=outsider, actor=outsider, at=NOW),
    ):
        with pytest.raises(ReportRefused):
            act()
    one.refresh_from_db()
    assert one.status == ReportStatus.OPEN and one.assigned_to is None
    assert not AuditEvent.objects.filter(subject=f"Reader report #{one.pk}").exists()


def test_the_assignee_may_triage_and_a_reader_cannot_be_assigned(article, ellen):
    one = report(article)
    other_editor = editor_account("eric")
    assign_report(report=one, assignee=other_editor, actor=ellen, at=NOW)
    add_note(report=one, text="On it.", actor=other_editor, at=NOW)
    reviewer = UserFactory(username="rita", role="Medical reviewers")
    with pytest.raises(ReportRefused, match="cannot be assigned"):
        assign_report(report=one, assignee=reviewer, actor=ellen, at=NOW)
    assert reports_for(other_editor, status="open").get() == one
    assert not reports_for(editor_account("zoe")).exists()


def test_closing_resolves_the_flag_only_when_no_open_report_remains(article, ellen):
    first, second = report(article), report(article, "And the heading is wrong too.")
    flag = open_flag(article)
    close_report(report=first, reason=CloseReason.NO_CHANGE, actor=ellen, at=NOW)
    flag.refresh_from_db()
    assert flag.resolved_on is None and not events(AuditAction.FLAG_RESOLVED)
    assert flag.detail == "1 reader report; latest: And the heading is wrong too."

    close_report(report=second, reason=CloseReason.SPAM, actor=ellen, at=NOW)
    flag.refresh_from_db()
    assert flag.resolved_on == TODAY
    (resolved,) = events(AuditAction.FLAG_RESOLVED)
    assert resolved.actor == ellen
    assert resolved.detail == "Reader report: resolved: its last open report was closed (Spam)"


def test_a_replayed_close_changes_nothing_and_audits_once(article, ellen):
    one = report(article)
    close_report(report=one, reason=CloseReason.SPAM, actor=ellen, at=NOW)
    with pytest.raises(ReportRefused, match="already closed"):
        close_report(report=one, reason=CloseReason.NO_CHANGE, actor=ellen, at=NOW)
    one.refresh_from_db()
    assert one.close_reason == "spam"
    assert len(events(AuditAction.READER_REPORT_CLOSED)) == 1
    assert len(events(AuditAction.FLAG_RESOLVED)) == 1


def test_reopening_puts_the_report_back_on_an_open_flag(article, ellen):
    one = report(article)
    close_report(report=one, reason=CloseReason.SPAM, actor=ellen, at=NOW)
    assert open_flag(article) is None
    reopen_report(report=one, actor=ellen, at=NOW)
    one.refresh_from_db()
    assert one.status == ReportStatus.OPEN and one.closed_at is None and one.close_reason == ""
    assert one.flag == open_flag(article)
    assert events(AuditAction.READER_REPORT_REOPENED)[0].detail.startswith("Reopened (was closed")
    with pytest.raises(ReportRefused, match="already open"):
        reopen_report(report=one, actor=ellen, at=NOW)


def test_a_refused_reopen_raises_no_flag(article, ellen):
    one = report(article)
    close_report(report=one, reason=CloseReason.SPAM, actor=ellen, at=NOW)
    with pytest.raises(ReportRefused):
        reopen_report(report=one, actor=editor_account("eric"), at=NOW)
    assert open_flag(article) is None


def test_notes_must_say_something(article, ellen):
    one = report(article)
    with pytest.raises(ReportRefused, match="Write the note"):
        add_note(report=one, text="   ", actor=ellen, at=NOW)
    with pytest.raises(ReportRefused, match="at most"):
        add_note(report=one, text="x" * 2001, actor=ellen, at=NOW)
    assert not one.notes.exists()
