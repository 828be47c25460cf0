"""Reviewer accounts in a real browser: a content admin invites an imported reviewer of the
sample sheet, who sets a password from the emailed link, logs in and signs the sheet."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command

from cms.models import Article
from reviews.models import Reviewer
from tests.browser.conftest import shot
from tests.factories import PASSWORD, UserFactory
from tests.samples import SAMPLE

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
SLUG = "acute-lymphocytic-leukemia-targeted-therapy"
NEW_PASSWORD = "Gotwals-signs-in-2026!"


@pytest.fixture
def sample():
    call_command("import_sheets", str(SAMPLE), "--as-of", "2026-11-23", stdout=StringIO())
    call_command("scan_reviews", stdout=StringIO())
    return Article.objects.get(slug=SLUG)


def test_an_invited_imported_reviewer_sets_a_password_and_signs_the_sample_sheet(
    sample, page_for, live_server
):
    jess = Reviewer.objects.get(full_name="Jessica Gotwals")
    assert jess.user is None  # imported with the sheet, no account
    UserFactory(username="ada", role="Content admins", password=PASSWORD)
    admin = page_for("ada", PASSWORD)

    # The assignment screen says why she cannot be chosen yet.
    admin.goto(f"{live_server.url}/workspace/articles/{SLUG}/reviewers/")
    option = admin.locator("#id_reviewer_0 option", has_text="Jessica Gotwals")
    assert option.is_disabled()
    assert "they have no account yet" in option.inner_text()

    admin.click("nav >> text=Reviewers")
    admin.wait_for_url(f"{live_server.url}/workspace/reviewers/")
    row = admin.locator("tr", has_text="Jessica Gotwals")
    assert "They have no account yet" in row.inner_text()
    shot(admin, "invite-01-reviewers")
    row.locator("a", has_text="Invite").click()
    admin.fill("#id_email", "jess@example.org")
    admin.click("main form.narrow button[type=submit]")
    admin.wait_for_url(f"{live_server.url}/workspace/reviewers/")
    assert "Invitation sent to Jessica Gotwals RN BSN MPH at jess@example.org" in admin.content()

    [message] = mail.outbox
    link = next(word for word in message.body.split() if "/invitations/" in word)
    invited = page_for()
    invited.goto(live_server.url + urlsplit(link).path)
    assert invited.input_value("#id_username") == "jessica.gotwals"
    invited.fill("#id_password", NEW_PASSWORD)
    invited.fill("#id_password_again", NEW_PASSWORD)
    shot(invited, "invite-02-set-password")
    invited.click("main form.narrow button[type=submit]")
    invited.wait_for_url(f"{live_server.url}/accounts/login/")
    assert "Your account is ready. Log in as jessica.gotwals" in invited.content()

    # The link worked once.
    invited.goto(live_server.url + urlsplit(link).path)
    assert "This invitation cannot be used" in invited.content()

    # Now she can sign, so the admin can assign her to the sheet she was printed on.
    admin.goto(f"{live_server.url}/workspace/articles/{SLUG}/reviewers/")
    admin.select_option("#id_reviewer_0", label="Jessica Gotwals RN BSN MPH")
    admin.click("main form.narrow button[type=submit]")
    admin.wait_for_url(f"**/articles/{SLUG}/history/")

    reviewer = page_for("jessica.gotwals", NEW_PASSWORD)
    reviewer.goto(f"{live_server.url}/review/{SLUG}/")
    reviewer.check("input[name=meaning][value=reviewed_no_change]")
    reviewer.check("#id_sources_checked")
    reviewer.fill("#id_password", NEW_PASSWORD)
    shot(reviewer, "invite-03-sign")
    reviewer.click("form.signoff button[type=submit]")
    reviewer.wait_for_url(f"{live_server.url}/review/queue/")
    assert "The review cycle of “Acute Lymphocytic Leukemia: Targeted Therapy” restarts" in (
        reviewer.content()
    )

    jess.refresh_from_db()
    assert jess.user.get_username() == "jessica.gotwals"
    assert [s.meaning for s in jess.signoffs.order_by("signed_at")] == [
        "imported",
        "reviewed_no_change",
    ]
