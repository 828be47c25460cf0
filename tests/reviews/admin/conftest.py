import pytest
from django.test import Client

from tests.factories import UserFactory


def staff_client(username: str, role: str | None = None, **fields) -> Client:
    client = Client()
    client.force_login(UserFactory(username=username, role=role, is_staff=True, **fields))
    return client


@pytest.fixture
def root_client():
    return staff_client("root", is_superuser=True)


@pytest.fixture
def content_admin_client():
    return staff_client("ada", "Content admins")
