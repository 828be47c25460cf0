from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviews.models import AuditEvent, Reviewer
from reviews.services.reviewers import (
    ReviewerRefused,
    get_or_create_reviewer,
    reviewer_slug,
    save_reviewer,
)
from tests.factories import ReviewerFactory, UserFactory, at_nine, reviewer_account

pytestmark = pytest.mark.django_db
AT = at_nine(date(2026, 3, 2))


@pytest.fixture
def ada():
    return UserFactory(username="ada", role="Content admins")


def _reviewer_events():
    return list(
        AuditEvent.objects.filter(action__startswith="reviewer_")
        .order_by("id")
        .values_list("action", "actor__username", "subject", "detail")
    )


def test_a_new_profile_is_audited_with_what_it_was_given(ada):
    reviewer = Reviewer(
        full_name="Maya Patel",
        credentials="MD",
        credentials_expire_on=date(2027, 1, 31),
    )
    assert save_reviewer(reviewer=reviewer, actor=ada, at=AT) == [
        "full_name: — → Maya Patel",
        "credentials: — → MD",
        "credentials_expire_on: — → 2027-01-31",
        "languages: — → en",
        "active: — → True",
        "public_page: — → True",
    ]
    assert _reviewer_events() == [
        (
            "reviewer_added",
            "ada",
            f"reviewer {reviewer.pk}",
            "Maya Patel MD: full_name: — → Maya Patel; credentials: — → MD; "
            "credentials_expire_on: — → 2027-01-31; languages: — → en; active: — → True; "
            "public_page: — → True",
        )
    ]
    assert reviewer.history.get().history_user == ada


def test_each_changed_field_is_named_with_its_old_and_new_value(ada):
    maya = UserFactory(username="maya")
    reviewer = ReviewerFactory(full_name="Maya Patel", credentials_expire_on=date(2026, 1, 31))
    reviewer.credentials_expire_on = date(2028, 1, 31)
    reviewer.credentials_verified_on = date(2026, 3, 1)
    reviewer.user = maya
    reviewer.active = False
    save_reviewer(reviewer=reviewer, actor=ada, at=AT)

    (event,) = _reviewer_events()
    assert event[:3] == ("reviewer_changed", "ada", f"reviewer {reviewer.pk}")
    assert event[3] == (
        "Maya Patel MD: credentials_verified_on: — → 2026-03-01; "
        "credentials_expire_on: 2026-01-31 → 2028-01-31; active: True → False; user: — → maya"
    )
    assert reviewer.history.order_by("-history_id").first().history_user == ada


def test_saving_an_unchanged_profile_saves_and_records_nothing(ada):
    reviewer = ReviewerFactory()
    history = reviewer.history.count()
    assert save_reviewer(reviewer=Reviewer.objects.get(pk=reviewer.pk), actor=ada, at=AT) == []
    assert reviewer.history.count() == history
    assert _reviewer_events() == []


def test_only_content_admins_add_or_change_profiles():
    editor = UserFactory(username="ellen", role="Editors")
    reviewer = ReviewerFactory(credentials="MD")
    reviewer.credentials = "MD PhD"
    with pytest.raises(ReviewerRefused):
        save_reviewer(reviewer=reviewer, actor=editor, at=AT)
    with pytest.raises(ReviewerRefused):
        save_reviewer(reviewer=Reviewer(full_name="New One"), actor=editor, at=AT)
    assert Reviewer.objects.get(pk=reviewer.pk).credentials == "MD"
    assert not Reviewer.objects.filter(full_name="New One").exists()
    assert _reviewer_events() == []


def test_the_importer_helper_creates_once_and_names_its_source():
    reviewer, created = get_or_create_reviewer(
        full_name=" Jessica Gotwals ", credentials="RN BSN MPH", source="sheet-17.txt", at=AT
    )
    again, created_again = get_or_create_reviewer(
        full_name="Jessica Gotwals", credentials="RN BSN MPH", source="sheet-18.txt", at=AT
    )
    assert created and not created_again and again == reviewer
    assert reviewer.full_name == "Jessica Gotwals"
    assert _reviewer_events() == [
        (
            "reviewer_added",
            None,
            f"reviewer {reviewer.pk}",
            "Jessica Gotwals RN BSN MPH: full_name: — → Jessica Gotwals; "
            "credentials: — → RN BSN MPH; languages: — → en; active: — → True; "
            "public_page: — → True "
            "(from sheet-17.txt)",
        )
    ]


def test_the_importer_helper_refuses_a_blank_name():
    with pytest.raises(ValidationError):
        get_or_create_reviewer(full_name=" ", credentials="MD", source="bad.txt", at=AT)
    assert not Reviewer.objects.exists()


# The public page's slug, bio and switch (issue 17) -------------------------------------------


def test_a_new_profile_gets_a_unique_slug_from_its_name_kept_when_the_name_changes(ada):
    first = Reviewer(full_name="José Núñez", credentials="MD")
    second = Reviewer(full_name="Jose Nunez", credentials="RN")
    save_reviewer(reviewer=first, actor=ada, at=AT)
    save_reviewer(reviewer=second, actor=None, at=AT, reason="tests")
    assert (first.slug, second.slug) == ("jose-nunez", "jose-nunez-2")

    first.full_name = "José Núñez-Ortiz"
    first.slug = "something-else"  # not editable: the stored one stays
    save_reviewer(reviewer=first, actor=ada, at=AT)
    first.refresh_from_db()
    assert (first.full_name, first.slug) == ("José Núñez-Ortiz", "jose-nunez")


def test_a_name_with_no_latin_letters_still_gets_a_slug():
    assert reviewer_slug("李明", taken=set()) == "reviewer"
    assert reviewer_slug("李明", taken={"reviewer", "reviewer-2"}) == "reviewer-3"


def test_a_reviewer_changes_their_own_bio_and_page_and_it_is_audited():
    maya = reviewer_account()
    maya.bio = "Oncology nurse.\n\nTwenty years on the ward."
    maya.public_page = False
    changes = save_reviewer(reviewer=maya, actor=maya.user, at=AT)
    assert changes == [
        "bio: — → Oncology nurse.\n\nTwenty years on the ward.",
        "public_page: True → False",
    ]
    (event,) = _reviewer_events()
    assert event[:3] == ("reviewer_changed", "maya.patel", f"reviewer {maya.pk}")
    assert Reviewer.objects.get(pk=maya.pk).public_page is False


def test_a_reviewer_cannot_change_anything_else_nor_anyone_else():
    maya, omar = reviewer_account(), reviewer_account("Omar Haddad", "PharmD")
    maya.credentials = "MD PhD"
    with pytest.raises(ReviewerRefused):
        save_reviewer(reviewer=maya, actor=maya.user, at=AT)
    omar.public_page = False
    with pytest.raises(ReviewerRefused):
        save_reviewer(reviewer=omar, actor=maya.user, at=AT)
    # Linking the account to another profile in the same save does not make it one's own.
    omar.refresh_from_db()
    omar.user, omar.bio = maya.user, "Mine now."
    with pytest.raises(ReviewerRefused):
        save_reviewer(reviewer=omar, actor=maya.user, at=AT)
    assert _reviewer_events() == []
    assert Reviewer.objects.get(pk=omar.pk).public_page is True


def test_a_long_bio_is_shortened_in_the_audit_detail(ada):
    reviewer = ReviewerFactory(full_name="Ann Lee")
    reviewer.bio = "x" * 500
    (change,) = save_reviewer(reviewer=reviewer, actor=ada, at=AT)
    assert change == "bio: — → " + "x" * 79 + "…"
    assert Reviewer.objects.get(pk=reviewer.pk).bio == "x" * 500


def test_a_slug_taken_meanwhile_by_another_transaction_gives_the_next_free_one(ada, monkeypatch):
    from reviews.services import reviewers

    ReviewerFactory(full_name="Ann Lee", credentials="RN")
    real = reviewers.unique_reviewer_slug
    stale = iter(["ann-lee"])  # as computed before the namesake committed
    monkeypatch.setattr(
        reviewers, "unique_reviewer_slug", lambda name: next(stale, None) or real(name)
    )
    reviewer = Reviewer(full_name="Ann Lee", credentials="MD")
    save_reviewer(reviewer=reviewer, actor=ada, at=AT)
    assert Reviewer.objects.get(pk=reviewer.pk).slug == "ann-lee-2"
    assert reviewer.history.count() == 1
