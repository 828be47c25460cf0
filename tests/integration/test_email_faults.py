"""Email under faults, end to end: a real Celery worker process (``celery -A cms worker``)
consuming from the real Redis broker, sending through SMTP to a sink in the test. An SMTP server
that never answers fails the send within EMAIL_TIMEOUT and the task sends it on a retry; a
worker killed with SIGKILL mid-send has its task delivered again after the visibility timeout,
and the email arrives exactly once, after the claim's lease expired."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from cms.celery import app
from reviews.choices import NotificationKind
from reviews.models import Notification
from reviews.services.digests import send_notification_emails
from reviews.tasks import send_digests_task
from tests.factories import UserFactory
from tests.integration.faults import SmtpSink

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parents[2]
# Short bounds, in the order the settings require.
BOUNDS = {
    "EMAIL_TIMEOUT": "1",
    "CELERY_TASK_SOFT_TIME_LIMIT": "6",
    "CELERY_TASK_TIME_LIMIT": "7",
    "EMAIL_CLAIM_LEASE": "8",
    "CELERY_VISIBILITY_TIMEOUT": "9",
}


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def worker_process(log: Path, smtp_port: int, **bounds):
    """``celery -A cms worker`` in its own process, on the test database and broker, with
    email going to 127.0.0.1:``smtp_port``; yields the process once it is ready."""
    env = {
        **os.environ,
        **BOUNDS,
        **bounds,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": app.conf.broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
    }
    command = [sys.executable, "-m", "celery", "-A", "cms", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=INFO", f"-n{log.stem}@%h"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        wait_for(lambda: "ready." in log.read_text(), 60, f"worker never ready: {log}")
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(condition, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.2)


def todays_digest() -> Notification:
    return Notification.objects.create(
        recipient=UserFactory(username="maya", email="maya@example.org"),
        kind=NotificationKind.DIGEST,
        day=timezone.localdate(),
        subject="Recheck: 1 article needs attention",
        created_at=timezone.now(),
    )


def emailed(notification) -> bool:
    notification.refresh_from_db()
    return notification.emailed_at is not None


def test_a_frozen_smtp_server_fails_the_send_in_time_and_a_retry_delivers_it(tmp_path):
    notification = todays_digest()
    app.control.purge()
    with SmtpSink(freeze=1) as smtp, worker_process(tmp_path / "worker.log", smtp.port):
        send_digests_task.delay(as_of=str(timezone.localdate()))
        wait_for(lambda: emailed(notification), 60, "the digest never went out")
    log = (tmp_path / "worker.log").read_text()
    assert "Digest email" in log and "timed out" in log  # the first try hit EMAIL_TIMEOUT
    assert (smtp.sessions, len(smtp.delivered)) == (2, 1)
    assert notification.email_error == ""


def test_a_worker_killed_mid_send_has_the_email_delivered_once_after_the_lease(tmp_path):
    notification = todays_digest()
    app.control.purge()
    with SmtpSink(stall_first=True) as smtp:
        # EMAIL_TIMEOUT long enough that the send is still waiting when the worker is killed.
        bounds = {"EMAIL_TIMEOUT": "5"}
        with worker_process(tmp_path / "killed.log", smtp.port, **bounds) as killed:
            send_digests_task.delay(as_of=str(timezone.localdate()))
            assert smtp.stalled.wait(60), "the worker never sent the message"
            os.kill(killed.pid, signal.SIGKILL)
            killed.wait(10)
        notification.refresh_from_db()
        assert notification.email_claimed_at and not notification.emailed_at
        assert smtp.delivered == []

        # A run within the lease leaves the dead worker's claim alone.
        assert send_notification_emails(day=notification.day, at=timezone.now()) == 0

        # The unacknowledged task comes back after the visibility timeout, to a new worker.
        with worker_process(tmp_path / "restarted.log", smtp.port, **bounds):
            wait_for(lambda: emailed(notification), 60, "the email never went out")
        assert len(smtp.delivered) == 1
        assert b"To: maya@example.org" in smtp.delivered[0]
        assert send_notification_emails(day=notification.day, at=timezone.now()) == 0
    assert len(smtp.delivered) == 1
    assert notification.emailed_at > notification.created_at
