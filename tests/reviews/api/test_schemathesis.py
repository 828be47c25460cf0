"""Schemathesis against the OpenAPI schema, in-process through WSGI, as a superuser (every
endpoint reachable) on a small library.

Three checks run on every response: ``not_a_server_error`` (no 5xx),
``status_code_conformance`` (the status code is documented) and
``response_schema_conformance`` (the body matches the schema documented for that code). A tally
wraps each check, so the test asserts what ran: every operation got a request that should
succeed (real objects, valid bodies) plus generated ones, each check ran on every response and
failed none, and every operation answered at least one success whose body the schema check
read. The last test breaks an endpoint on purpose and shows that the same harness fails,
naming the check that caught it.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from cms.services.editing import latest_revision
from reviews.api import views
from reviews.choices import EventKind
from reviews.models import ClinicalEvent, ReviewFlag, SignOff
from reviews.services.scan import scan_reviews
from reviews.services.signoff import revision_hash
from tests.factories import PASSWORD, ArticleFactory, UserFactory, assign, reviewer_account, sign

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
CHECK_NAMES = {check.__name__ for check in CHECKS}
EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# Each operation gets its known-good request and at least this many generated ones (of the
# 12 asked for: hypothesis stops early if it runs out of distinct requests to make).
MIN_GENERATED = 10
JSON = "application/json"


class Tally:
    """Per operation and check: the responses the check ran on and the ones it failed; and the
    status codes each operation answered."""

    def __init__(self):
        self.ran: Counter = Counter()
        self.failed: Counter = Counter()
        self.statuses: defaultdict = defaultdict(Counter)

    def wrap(self, check):
        def counted(ctx, response, case):
            key = (case.operation.label, check.__name__)
            self.ran[key] += 1
            if check is CHECKS[0]:
                self.statuses[case.operation.label][response.status_code] += 1
            try:
                return check(ctx, response, case)
            except (AssertionError, BaseExceptionGroup):
                self.failed[key] += 1
                raise

        counted.__name__ = check.__name__
        return counted

    def failed_checks(self, label: str) -> set[str]:
        return {name for operation, name in self.failed if operation == label}


@dataclass
class Library:
    headers: dict  # the superuser's token
    reviewer_headers: dict  # an assigned reviewer's token: only they may sign
    path_parameters: dict  # by operation label: real objects
    bodies: dict  # by operation label: valid JSON bodies


def exercise(operation, *, library: Library, tally: Tally) -> None:
    """Call one operation with its known-good request, then with generated ones, validating
    every response with the tallied checks; raises what schemathesis raises on a failure."""
    checks = [tally.wrap(check) for check in CHECKS]
    label = operation.label
    body = {"body": library.bodies[label], "media_type": JSON} if label in library.bodies else {}
    known_good = operation.Case(path_parameters=library.path_parameters.get(label), **body)
    headers = library.reviewer_headers if label == "POST /api/signoffs/" else library.headers
    with transaction.atomic():
        known_good.call_and_validate(headers=headers, checks=checks)
        transaction.set_rollback(True)

    @EXAMPLES
    @given(case=operation.as_strategy())
    def generated(case):
        with transaction.atomic():  # each example starts from the same library
            case.call_and_validate(headers=library.headers, checks=checks)
            transaction.set_rollback(True)

    generated()


@pytest.fixture
def keep_connection():
    """Like Django's test client: requests must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def token_headers(user) -> dict:
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


@pytest.fixture
def library() -> Library:
    article = ArticleFactory(slug="overdue")
    sign(article, on=date(2023, 10, 1))
    ArticleFactory(slug="never")
    scan_reviews(as_of=date.today())
    reviewer = reviewer_account()
    assign(article, reviewer)
    event = ClinicalEvent.objects.create(
        term="imatinib", event_date=date(2025, 1, 2), kind=EventKind.FDA_APPROVAL
    )
    revision = latest_revision(article)
    event_body = {"term": "imatinib", "event_date": "2025-01-02", "kind": "fda_approval"}
    return Library(
        headers=token_headers(UserFactory(username="root", is_superuser=True, is_staff=True)),
        reviewer_headers=token_headers(reviewer.user),
        path_parameters={
            "GET /api/articles/{slug}/": {"slug": "overdue"},
            "GET /api/articles/{slug}/diff/": {"slug": "overdue"},
            "GET /api/articles/{slug}/revisions/": {"slug": "overdue"},
            "GET /api/published/{slug}/": {"slug": "overdue"},
            "GET /api/flags/{id}/": {"id": ReviewFlag.objects.first().pk},
            "GET /api/signoffs/{id}/": {"id": SignOff.objects.get().pk},
            **{
                f"{method} /api/events/{{id}}/": {"id": event.pk}
                for method in ("GET", "PUT", "PATCH", "DELETE")
            },
        },
        bodies={
            "POST /api/events/": {**event_body, "term": "revumenib"},
            "PUT /api/events/{id}/": {**event_body, "note": "Approved for adults."},
            "PATCH /api/events/{id}/": {"note": "Approved for adults."},
            "POST /api/signoffs/": {
                "article": "overdue",
                "revision_id": revision.history_id,
                "content_sha256": revision_hash(revision),
                "meaning": "reviewed_no_change",
                "sources_checked": True,
                "password": PASSWORD,
            },
        },
    )


@pytest.fixture
def schema(keep_connection):
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


def test_every_operation_honours_the_schema(schema, library):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    tally = Tally()
    for operation in operations:
        exercise(operation, library=library, tally=tally)

    for operation in operations:
        label = operation.label
        runs = {name: tally.ran[(label, name)] for name in CHECK_NAMES}
        assert min(runs.values()) >= 1 + MIN_GENERATED, (label, runs)
        assert len(set(runs.values())) == 1, (label, runs)  # every check on every response
        assert tally.failed_checks(label) == set(), label
        successes = [status for status in tally.statuses[label] if 200 <= status < 300]
        assert successes, (label, tally.statuses[label])


@pytest.mark.parametrize(
    ("answer", "caught_by"),
    [
        pytest.param(
            lambda: 1 / 0,
            {"not_a_server_error", "status_code_conformance"},  # 500 is not documented either
            id="an unhandled error (500)",
        ),
        pytest.param(
            lambda: Response({"count": "many", "results": [{"id": "one"}]}),
            {"response_schema_conformance"},
            id="a body the schema does not allow",
        ),
        pytest.param(
            lambda: Response({"detail": "I'm a teapot."}, status=418),
            {"status_code_conformance"},
            id="an undocumented status code",
        ),
    ],
)
def test_the_harness_fails_on_a_broken_endpoint(schema, library, monkeypatch, answer, caught_by):
    monkeypatch.setattr(views.FlagViewSet, "list", lambda view, request, *a, **kw: answer())
    operation = schema["/api/flags/"]["GET"]
    tally = Tally()
    with pytest.raises(schemathesis.errors.FailureGroup):
        exercise(operation, library=library, tally=tally)
    assert tally.failed_checks(operation.label) == caught_by
