from datetime import date, timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.test import override_settings

from reviews.choices import NotificationKind
from reviews.models import Notification
from reviews.services.audit import record_event
from reviews.services.digests import CATCH_UP_DAYS, build_digests, send_notification_emails
from reviews.services.scan import scan_reviews
from tests.factories import (
    ArticleFactory,
    ReviewFlagFactory,
    UserFactory,
    assign,
    at_nine,
    editor_account,
    reviewer_account,
    sign,
)
from tests.integration.faults import FrozenServer, SmtpSink

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
NOW = at_nine(TODAY)


def reviewed(on, **kwargs):
    article = ArticleFactory(**kwargs)
    if on:
        sign(article, on=on)
    return article


@pytest.fixture
def library():
    ellen = editor_account()
    ellen.email = "ellen@example.org"
    ellen.save()
    maya = reviewer_account("Maya Patel", "MD")
    omar = reviewer_account("Omar Haddad", "PharmD", active=False)
    overdue = reviewed(date(2023, 10, 1), title="Overdue sheet", owner=ellen)  # 418 days
    soon = reviewed(date(2024, 12, 10), title="Due soon sheet")  # due in 17 days
    fine = reviewed(date(2026, 6, 1), title="Fine sheet", owner=ellen)
    never = reviewed(None, title="Never reviewed sheet", owner=ellen)
    for article in (overdue, soon, fine, never):
        assign(article, maya, omar)
    scan_reviews(as_of=TODAY)
    admin = UserFactory(username="ada", email="ada@example.org", role="Content admins")
    return {"ellen": ellen, "maya": maya, "omar": omar, "admin": admin}


def items_of(user, kind=NotificationKind.DIGEST):
    notification = Notification.objects.get(recipient=user, kind=kind, day=TODAY)
    return [(i["title"], i["days_overdue"], i["flags"]) for i in notification.items]


def test_each_recipient_gets_one_digest_with_their_articles(library):
    created = build_digests(as_of=TODAY, at=NOW)

    assert items_of(library["maya"].user) == [
        ("Overdue sheet", 418, ["overdue"]),
        ("Due soon sheet", -17, ["due_soon"]),
    ]
    assert items_of(library["ellen"]) == [
        ("Never reviewed sheet", None, ["never_reviewed"]),
        ("Overdue sheet", 418, ["overdue"]),
    ]
    assert not Notification.objects.filter(recipient=library["omar"].user).exists()  # inactive
    assert items_of(library["admin"], NotificationKind.ESCALATION) == [
        ("Overdue sheet", 418, ["overdue"])
    ]
    assert created == Notification.objects.count() == 3


def test_a_second_build_on_the_same_day_creates_nothing(library):
    build_digests(as_of=TODAY, at=NOW)
    assert build_digests(as_of=TODAY, at=NOW) == 0
    assert Notification.objects.count() == 3
    assert build_digests(as_of=TODAY + timedelta(days=1), at=NOW) == 3


def test_digests_are_emailed_once_with_text_and_html(library):
    build_digests(as_of=TODAY, at=NOW)
    assert send_notification_emails(day=TODAY, at=NOW) == 3
    assert send_notification_emails(day=TODAY, at=NOW) == 0
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada@example.org",
        "ellen@example.org",
        "maya.patel@example.org",
    ]
    maya = next(m for m in mail.outbox if m.to == ["maya.patel@example.org"])
    assert maya.subject == "Recheck: 2 articles need attention"
    assert "Overdue sheet: 418 days overdue [Overdue] (To review)" in maya.body
    assert "http://127.0.0.1:8000/review/article-" in maya.body
    html, mimetype = maya.alternatives[0]
    assert mimetype == "text/html" and "<td>418 days overdue</td>" in html
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused the connection")


def test_a_failed_email_is_recorded_and_sent_on_the_next_run(library):
    build_digests(as_of=TODAY, at=NOW)
    backend = f"{__name__}.FailingBackend"
    with override_settings(EMAIL_BACKEND=backend):
        assert send_notification_emails(day=TODAY, at=NOW) == 0
    failed = Notification.objects.get(recipient=library["maya"].user)
    assert failed.email_claimed_at is None
    assert "refused the connection" in failed.email_error
    assert send_notification_emails(day=TODAY, at=NOW) == 3
    assert len(mail.outbox) == 3


def test_a_digest_that_failed_all_day_goes_out_with_the_next_days_run_once(library):
    build_digests(as_of=TODAY, at=NOW)
    with override_settings(EMAIL_BACKEND=f"{__name__}.FailingBackend"):
        assert send_notification_emails(day=TODAY, at=NOW) == 0
    tomorrow = TODAY + timedelta(days=1)
    assert send_notification_emails(day=tomorrow, at=NOW + timedelta(days=1)) == 3
    assert send_notification_emails(day=tomorrow, at=NOW + timedelta(days=1)) == 0
    assert len(mail.outbox) == 3
    later = TODAY + timedelta(days=CATCH_UP_DAYS + 1)  # too old by then: left alone
    Notification.objects.update(emailed_at=None)
    assert send_notification_emails(day=later, at=NOW + timedelta(days=5)) == 0


class SoftLimitBackend(FailingBackend):
    def send_messages(self, messages):
        raise SoftTimeLimitExceeded()


def test_a_send_cut_by_the_soft_time_limit_releases_its_claim_and_stops(library):
    build_digests(as_of=TODAY, at=NOW)
    backend = f"{__name__}.SoftLimitBackend"
    with override_settings(EMAIL_BACKEND=backend), pytest.raises(SoftTimeLimitExceeded):
        send_notification_emails(day=TODAY, at=NOW)
    assert Notification.objects.filter(email_claimed_at__isnull=False).count() == 0
    assert Notification.objects.filter(email_error="SoftTimeLimitExceeded()").count() == 1
    assert send_notification_emails(day=TODAY, at=NOW) == 3


def test_a_claim_left_by_a_killed_worker_is_taken_again_once_its_lease_expires(library):
    build_digests(as_of=TODAY, at=NOW)
    maya = Notification.objects.filter(recipient=library["maya"].user)
    maya.update(email_claimed_at=NOW)  # claimed, then the worker was killed mid-send
    lease = timedelta(seconds=600)
    with override_settings(EMAIL_CLAIM_LEASE=600):
        assert send_notification_emails(day=TODAY, at=NOW + lease) == 2  # maya's is still held
        assert send_notification_emails(day=TODAY, at=NOW + lease + timedelta(seconds=1)) == 1
        assert send_notification_emails(day=TODAY, at=NOW + 2 * lease) == 0
    assert [m.to for m in mail.outbox].count(["maya.patel@example.org"]) == 1
    assert maya.get().emailed_at == NOW + lease + timedelta(seconds=1)


def test_a_hanging_smtp_server_fails_the_send_in_bounded_time_and_the_next_run_sends_it(library):
    build_digests(as_of=TODAY, at=NOW)
    smtp = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_TIMEOUT": 1}
    with FrozenServer() as frozen, override_settings(**smtp, EMAIL_PORT=frozen.port):
        assert send_notification_emails(day=TODAY, at=NOW) == 0
    assert Notification.objects.filter(email_error__endswith="timed out").count() == 3
    assert not Notification.objects.filter(email_claimed_at__isnull=False).exists()
    with SmtpSink() as sink, override_settings(**smtp, EMAIL_PORT=sink.port):
        assert send_notification_emails(day=TODAY, at=NOW) == 3
    assert len(sink.delivered) == 3


def test_flags_nobody_acted_on_are_escalated():
    UserFactory(username="ada", role="Content admins")
    quiet = ReviewFlagFactory(kind="trigger", raised_on=TODAY - timedelta(days=8))
    handled = ReviewFlagFactory(kind="trigger", raised_on=TODAY - timedelta(days=8))
    record_event(action="revision_saved", at=NOW, article=handled.article, detail="Edited")
    recent = ReviewFlagFactory(kind="trigger", raised_on=TODAY - timedelta(days=2))
    build_digests(as_of=TODAY, at=NOW)
    notification = Notification.objects.get(kind=NotificationKind.ESCALATION)
    assert [i["slug"] for i in notification.items] == [quiet.article.slug]
    assert recent.article.slug not in str(notification.items)


def test_nothing_to_say_sends_nothing():
    UserFactory(username="ada", role="Content admins")
    reviewed(date(2026, 6, 1))
    scan_reviews(as_of=TODAY)
    assert build_digests(as_of=TODAY, at=NOW) == 0
