import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_three_role_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors",
        "Medical reviewers",
        "Content admins",
    }


@pytest.mark.parametrize(
    ("role", "allowed", "denied"),
    [
        (
            "Editors",
            ["cms.add_article", "cms.change_article", "reviews.add_articlereviewer"],
            [
                "reviews.add_signoff",
                "reviews.change_reviewpolicy",
                "reviews.change_signoff",
                "reviews.invite_reviewer",
            ],
        ),
        (
            "Medical reviewers",
            ["reviews.add_signoff", "cms.view_article"],
            [
                "cms.change_article",
                "reviews.change_signoff",
                "reviews.delete_signoff",
                "reviews.invite_reviewer",
            ],
        ),
        (
            "Content admins",
            [
                "reviews.change_reviewpolicy",
                "reviews.change_reviewflag",
                "reviews.add_reviewer",
                "reviews.change_articlereview",
                "reviews.invite_reviewer",
                "reviews.view_reviewerinvitation",
            ],
            [
                "cms.change_article",
                "reviews.add_signoff",
                "reviews.delete_signoff",
                "reviews.view_published",
            ],
        ),
    ],
)
def test_each_role_has_its_model_permissions(role, allowed, denied):
    user = UserFactory(role=role)
    assert all(user.has_perm(perm) for perm in allowed), allowed
    assert not any(user.has_perm(perm) for perm in denied), denied
