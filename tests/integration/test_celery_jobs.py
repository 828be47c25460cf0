"""The daily jobs through the real Redis broker, run by real workers started here (no eager
mode): the scan, digests delivered twice to two workers, an interrupted scan, Redis down."""

import threading
import time
from contextlib import contextmanager
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from cms.celery import app
from cms.markup import body_to_markup
from reviews.models import Notification, ReviewFlag
from reviews.services.scan import scan_reviews
from reviews.tasks import scan_reviews_task, send_digests_task
from tests.factories import ArticleFactory, assign, editor_account, reviewer_account, sign
from tests.integration.faults import use_broker

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
AS_OF = "2026-11-23"


@contextmanager
def workers(count=1):
    """A real Celery worker in a thread, running up to ``count`` tasks at once (threads pool),
    each with its own database connection. Messages left by earlier tests (an edit's rescan)
    are purged first, so that the tasks counted are this test's."""
    app.control.purge()
    with start_worker(
        app,
        pool="threads" if count > 1 else "solo",
        concurrency=count,
        perform_ping_check=False,
        shutdown_timeout=30,
    ):
        yield


@contextmanager
def finished_tasks(expected: int, timeout: float = 60):
    """Wait, on leaving the block, until ``expected`` tasks have finished on the workers."""
    done, lock, count = threading.Event(), threading.Lock(), [0]

    def on_postrun(**kwargs):
        with lock:
            count[0] += 1
            if count[0] >= expected:
                done.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        yield
        assert done.wait(timeout), f"only {count[0]} of {expected} tasks finished"
    finally:
        task_postrun.disconnect(on_postrun)


def open_flags():
    return set(
        ReviewFlag.objects.filter(resolved_on__isnull=True).values_list("article__slug", "kind")
    )


def library():
    overdue = ArticleFactory(slug="overdue")
    sign(overdue, on=date(2023, 10, 1))
    ArticleFactory(slug="never")
    fine = ArticleFactory(slug="fine")
    sign(fine, on=date(2026, 6, 1))
    return overdue


def test_the_scan_task_raises_the_right_flags_through_the_broker():
    library()
    with workers(), finished_tasks(1):
        scan_reviews_task.delay(as_of=AS_OF)
    assert open_flags() == {("overdue", "overdue"), ("never", "never_reviewed")}


def test_digests_go_out_once_when_delivered_three_times_and_run_concurrently():
    overdue = library()
    maya = reviewer_account()
    assign(overdue, maya)
    editor = editor_account()
    overdue.owner = editor
    overdue.save(update_fields=["owner"])
    scan_reviews(as_of=date(2026, 11, 23))

    with workers(2), finished_tasks(3):
        for _ in range(3):  # a retry, a second beat, and a second worker's copy
            send_digests_task.delay(as_of=AS_OF)

    assert Notification.objects.count() == 2
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["ellen@example.org", "maya.patel@example.org"]


def test_a_scan_interrupted_midway_and_rerun_leaves_the_state_of_one_clean_run():
    library()
    # A fault half-way: the third flag kind the scan writes makes the database refuse.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION fail_midway() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'worker lost half-way'; END; $$ LANGUAGE plpgsql;
            CREATE TRIGGER fail_midway BEFORE INSERT ON reviews_reviewflag
                FOR EACH ROW WHEN (NEW.kind = 'overdue') EXECUTE FUNCTION fail_midway();
            """
        )
    try:
        with pytest.raises(Exception, match="worker lost half-way"):
            scan_reviews_task.apply(kwargs={"as_of": AS_OF}, throw=True)
        assert ReviewFlag.objects.count() == 0  # never_reviewed was written, then rolled back
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER fail_midway ON reviews_reviewflag")
            cursor.execute("DROP FUNCTION fail_midway()")

    with workers(), finished_tasks(1):
        scan_reviews_task.delay(as_of=AS_OF)
    after_rerun = open_flags()
    ReviewFlag.objects.all().delete()
    scan_reviews(as_of=date(2026, 11, 23))
    assert after_rerun == open_flags() == {("overdue", "overdue"), ("never", "never_reviewed")}


def test_with_redis_down_the_web_still_saves_and_the_next_scan_catches_up(caplog):
    article = ArticleFactory(slug="edited-while-down")
    editor = editor_account()
    client = Client()
    client.force_login(editor)
    good_url = app.conf.broker_write_url
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there: the broker is down
    try:
        form = client.get(reverse("cms:article-edit", args=[article.slug])).context["form"]
        started = time.monotonic()
        response = client.post(
            reverse("cms:article-edit", args=[article.slug]),
            {
                "title": article.title,
                "summary": "",
                "topic": article.topic_id,
                "body": body_to_markup(article.body) + "\n\nNew advice.",
                "change_kind": "substantive",
                "reason": "Saved while the broker is down",
                "base_revision": form.initial["base_revision"],
            },
        )
        elapsed = time.monotonic() - started
    finally:
        use_broker(good_url)

    assert response.status_code == 302  # saved, no error shown
    assert article.history.count() == 2
    assert "Could not queue reviews.tasks.scan_reviews_task" in caplog.text
    assert elapsed < 20
    assert not ReviewFlag.objects.exists()  # the rescan of the edit never ran

    with workers(), finished_tasks(1):
        scan_reviews_task.delay(as_of=AS_OF)
    assert ("edited-while-down", "never_reviewed") in open_flags()
