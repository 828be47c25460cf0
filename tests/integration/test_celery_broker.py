"""A real Celery worker, started by the test, consuming from the real Redis broker."""

import threading

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app

pytestmark = pytest.mark.redis

received = threading.Event()
payloads: list[dict] = []


@app.task(name="tests.integration.record_delivery")
def record_delivery(payload: dict) -> None:
    payloads.append(payload)
    received.set()


def test_a_task_sent_through_redis_runs_on_a_real_worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        record_delivery.delay({"article": "acute-lymphocytic-leukemia", "as_of": "2026-11-23"})
        assert received.wait(timeout=20), "the worker never ran the task"
    assert payloads == [{"article": "acute-lymphocytic-leukemia", "as_of": "2026-11-23"}]
    assert app.conf.broker_url.startswith("redis://")
    assert not app.conf.task_always_eager
