"""Every wait has a bound: SMTP replies, broker replies and every task's run time, in an order
that keeps a killed worker's email from being sent twice (see the README)."""

import os
import subprocess
import sys

from django.conf import settings

from cms.celery import app

ORDERED = (
    "EMAIL_TIMEOUT",
    "CELERY_TASK_SOFT_TIME_LIMIT",
    "CELERY_TASK_TIME_LIMIT",
    "EMAIL_CLAIM_LEASE",
    "CELERY_VISIBILITY_TIMEOUT",
)


def settings_with(**env) -> subprocess.CompletedProcess:
    """Import cms.settings in a fresh interpreter with ``env`` and print the bounds in order."""
    code = f"import cms.settings as s; print(*(getattr(s, n) for n in {ORDERED!r}))"
    environ = {**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "1", **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60
    )


def test_every_task_and_send_is_bounded_by_default():
    assert settings.EMAIL_TIMEOUT == 30
    assert (app.conf.task_soft_time_limit, app.conf.task_time_limit) == (240, 300)
    assert settings.EMAIL_CLAIM_LEASE == 600
    options = app.conf.broker_transport_options
    assert options["visibility_timeout"] == 900
    assert options["socket_timeout"] == options["socket_connect_timeout"] == 2
    assert app.conf.broker_connection_timeout == 2


def test_the_bounds_come_from_the_environment():
    run = settings_with(
        EMAIL_TIMEOUT="5",
        CELERY_TASK_SOFT_TIME_LIMIT="50",
        CELERY_TASK_TIME_LIMIT="60",
        EMAIL_CLAIM_LEASE="70",
        CELERY_VISIBILITY_TIMEOUT="80",
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["5", "50", "60", "70", "80"]


def test_a_visibility_timeout_shorter_than_the_lease_is_refused():
    run = settings_with(CELERY_VISIBILITY_TIMEOUT="300")
    assert run.returncode != 0
    assert "EMAIL_CLAIM_LEASE < CELERY_VISIBILITY_TIMEOUT" in run.stderr
