"""A policy saved in the admin, through the real Redis broker and a real worker: the request
returns with the dates untouched, the worker recomputes them, and the policy's page then says
they are up to date."""

import time
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.test import Client

from cms.celery import app
from tests.factories import ArticleFactory, UserFactory, policy, sign
from tests.reviews.services.test_policies_refresh import (
    DUE_UNDER_12_MONTHS,
    DUE_UNDER_24_MONTHS,
    due,
    save_in_admin,
    status,
)

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def test_a_policy_saved_in_the_admin_has_its_dates_recomputed_by_a_worker():
    article = ArticleFactory(review_policy=policy("Standard"))
    sign(article, on=date(2024, 2, 29))
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    standard = policy("Standard")
    app.control.purge()

    assert save_in_admin(client, standard, interval_months=12).status_code == 302
    assert due(article) == DUE_UNDER_24_MONTHS
    assert "Queued at" in status(client, standard)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        deadline = time.monotonic() + 30
        while "Up to date" not in status(client, standard):
            assert time.monotonic() < deadline, "the worker never recomputed the dates"
            time.sleep(0.2)
    assert due(article) == DUE_UNDER_12_MONTHS
    assert "the last run changed 1" in status(client, standard)
