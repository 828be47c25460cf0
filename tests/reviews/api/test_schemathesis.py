"""Schemathesis against the OpenAPI schema, in-process through WSGI: no 5xx, and every response
matches the schema. Calls are made as a superuser (every endpoint reachable) on a small library."""

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory, UserFactory, sign

pytestmark = pytest.mark.django_db
# No 5xx, a documented status code, and a body that matches the schema.
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def keep_connection():
    """Like Django's test client: requests must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token():
    article = ArticleFactory(slug="overdue")
    sign(article, on=date(2023, 10, 1))
    ArticleFactory(slug="never")
    scan_reviews(as_of=date.today())
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    return Token.objects.create(user=user).key


def test_every_operation_honours_the_schema(token, keep_connection):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    headers = {"Authorization": f"Token {token}"}
    for operation in operations:

        @EXAMPLES
        @given(case=operation.as_strategy())
        def check(case):
            with transaction.atomic():  # each example starts from the same library
                case.call_and_validate(headers=headers, checks=CHECKS)
                transaction.set_rollback(True)

        check()
