"""Re-matching drug mentions after an import, through the real Redis broker and a real worker:
the command queues the task when the vocabulary changed, and the worker stores the mentions."""

import time
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command

from cms.celery import app
from reviews.models import DrugMention
from tests.factories import ArticleFactory, sign

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]
DRUGSATFDA = Path(__file__).resolve().parents[1] / "fixtures" / "drugdata" / "drugsatfda"


def test_an_import_queues_the_rematch_and_a_worker_stores_the_mentions():
    article = ArticleFactory(body=[{"type": "paragraph", "text": "Ask about Revuforj."}])
    sign(article, on=date(2023, 10, 1))
    app.control.purge()
    out = StringIO()
    call_command("import_drug_data", str(DRUGSATFDA), "-v", "0", stdout=out, stderr=StringIO())
    assert "the rematch task is queued" in out.getvalue()
    assert not DrugMention.objects.exists()

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        deadline = time.monotonic() + 30
        while not DrugMention.objects.filter(article=article).exists():
            assert time.monotonic() < deadline, "the worker never matched the articles"
            time.sleep(0.2)
    assert DrugMention.objects.get(article=article).concept.name == "Revumenib"
