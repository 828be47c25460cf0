import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.selectors import article_owner_ids
from tests.factories import ArticleFactory, UserFactory, editor_account

pytestmark = pytest.mark.django_db


def test_article_owner_ids_are_each_owner_once_in_order_in_one_query():
    assert article_owner_ids() == []
    ellen, eric = editor_account("ellen"), editor_account("eric")
    UserFactory(username="nobody")  # owns nothing
    for owner in (eric, ellen, eric, None, ellen):
        ArticleFactory(owner=owner)
    with CaptureQueriesContext(connection) as queries:
        owners = article_owner_ids()
    assert owners == sorted([ellen.pk, eric.pk]) and len(queries) == 1
