"""A user's permissions in one query: the same set as Django's ModelBackend gives."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from cms.auth_backends import ModelBackendOneQuery
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)  # no cached permissions


@pytest.mark.parametrize("role", ["Content admins", "Editors", "Medical reviewers", None])
def test_the_same_permissions_as_model_backend_in_one_query(role, django_assert_num_queries):
    user = UserFactory(role=role) if role else UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_reports"))
    expected = ModelBackend().get_all_permissions(_fresh(user))
    fresh = _fresh(user)
    with django_assert_num_queries(1):
        assert ModelBackendOneQuery().get_all_permissions(fresh) == expected
        assert ModelBackendOneQuery().has_perm(fresh, "reviews.view_reports")
    assert "reviews.view_reports" in expected


def test_inactive_anonymous_and_object_checks_have_no_permissions():
    from django.contrib.auth.models import AnonymousUser

    admin = UserFactory(role="Content admins")
    backend = ModelBackendOneQuery()
    assert backend.get_all_permissions(admin, obj=object()) == set()
    assert backend.get_all_permissions(AnonymousUser()) == set()
    admin.is_active = False
    assert backend.get_all_permissions(admin) == set()
    assert not backend.has_perm(admin, "reviews.view_reports")


def test_a_superuser_has_every_permission():
    root = UserFactory(is_superuser=True)
    assert ModelBackendOneQuery().get_all_permissions(
        _fresh(root)
    ) == ModelBackend().get_all_permissions(_fresh(root))
