"""A broker that accepts connections and never answers (a frozen Redis) must not hold a web
request: the article saves, the queueing failure is logged, and the request returns within the
broker socket timeout. No real broker is needed: the frozen one is a socket in the test."""

import threading
import time

import pytest
from django.test import Client
from django.urls import reverse

from cms.celery import app
from cms.markup import body_to_markup
from tests.factories import ArticleFactory, editor_account
from tests.integration.faults import FrozenServer, use_broker

pytestmark = pytest.mark.django_db


def edit(client, article):
    url = reverse("cms:article-edit", args=[article.slug])
    form = client.get(url).context["form"]
    return client.post(
        url,
        {
            "title": article.title,
            "summary": "",
            "topic": article.topic_id,
            "body": body_to_markup(article.body) + "\n\nNew advice.",
            "change_kind": "substantive",
            "reason": "Saved while the broker hangs",
            "base_revision": form.initial["base_revision"],
        },
    )


def test_an_article_saves_within_seconds_while_the_broker_hangs(
    caplog, django_capture_on_commit_callbacks
):
    article = ArticleFactory(slug="edited-while-frozen")
    client = Client()
    client.force_login(editor_account())
    good_url = app.conf.broker_write_url
    with FrozenServer() as broker:
        # Today's code would wait far longer: end the hang after 30 s, whatever happens.
        threading.Timer(30, broker.close).start()
        use_broker(f"redis://127.0.0.1:{broker.port}/0")
        try:
            started = time.monotonic()
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                response = edit(client, article)
            elapsed = time.monotonic() - started
        finally:
            use_broker(good_url)

    assert response.status_code == 302  # saved, no error shown
    assert callbacks, "the edit queued its rescan on commit"
    assert article.history.count() == 2
    assert "Could not queue reviews.tasks.scan_reviews_task" in caplog.text
    assert elapsed < 3.5, f"the save waited {elapsed:.1f} s on the frozen broker"
