"""The main journeys in a real browser: editor → reviewer → public page, an admin's overdue
report and CSV, and a reader's report."""

import csv
import io
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from reviews.models import ClinicalEvent, ReaderReport
from tests.browser.conftest import shot
from tests.factories import PASSWORD, UserFactory, assign, editor_account, reviewer_account

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
SLUG = "acute-lymphocytic-leukemia-targeted-therapy"
NEW_TEXT = "Revumenib is taken by mouth twice a day."


@pytest.fixture
def sample(settings):
    from pathlib import Path

    from cms.models import Article

    path = Path(settings.BASE_DIR) / "samples" / "000_a4a6a23edc28d406.txt"
    call_command("import_sheets", str(path), "--as-of", "2026-11-23", stdout=StringIO())
    ClinicalEvent.objects.create(term="Revumenib", event_date=date(2024, 11, 15), kind="other")
    call_command("scan_reviews", stdout=StringIO())
    return Article.objects.get(slug=SLUG)


def test_editor_to_reviewer_to_public_page(sample, page_for, live_server):
    editor = editor_account()
    maya = reviewer_account("Maya Patel", "MD")
    assign(sample, maya)

    page = page_for(editor.username, PASSWORD)
    shot(page, "01-editor-workspace")
    page.goto(f"{live_server.url}/workspace/articles/{SLUG}/edit/")
    # The body is edited in EasyMDE (cms/static/cms/editor.js); its text area is hidden.
    page.evaluate("text => recheckEditor.value(recheckEditor.value() + text)", f"\n\n{NEW_TEXT}")
    page.check("input[name=change_kind][value=substantive]")
    page.fill("#id_reason", "Add how revumenib is taken")
    shot(page, "02-editor-edit-form")
    page.click("form.article-form button[type=submit]")
    page.wait_for_url(f"**/articles/{SLUG}/history/")
    assert "awaits sign-off" in page.content()
    shot(page, "03-history")

    public = page_for()
    public.goto(f"{live_server.url}/articles/{SLUG}/")
    assert NEW_TEXT not in public.content()

    reviewer = page_for(maya.user.username, PASSWORD)
    reviewer.goto(f"{live_server.url}/review/queue/")
    shot(reviewer, "04-review-queue")
    reviewer.click(f"a[href='/review/{SLUG}/']")
    assert reviewer.locator("ins", has_text=NEW_TEXT).count() == 1
    reviewer.check("input[name=meaning][value=approved]")
    reviewer.check("#id_sources_checked")
    reviewer.fill("#id_password", "not-my-password")
    reviewer.click("form.signoff button[type=submit]")
    assert "That password is not correct" in reviewer.content()
    reviewer.check("input[name=meaning][value=approved]")
    reviewer.check("#id_sources_checked")
    reviewer.fill("#id_password", PASSWORD)
    shot(reviewer, "05-review-page")
    reviewer.click("form.signoff button[type=submit]")
    reviewer.wait_for_url(f"{live_server.url}/review/queue/")
    assert "is live with this revision" in reviewer.content()

    public.goto(f"{live_server.url}/articles/{SLUG}/")
    content = public.content()
    assert NEW_TEXT in content
    assert "Online Medical Reviewer: Maya Patel MD" in public.inner_text("footer.review-footer")
    assert "Date Last Reviewed: 10/1/2023" not in content
    shot(public, "06-public-article")


def test_admin_filters_the_overdue_report_and_downloads_csv(sample, page_for, live_server):
    UserFactory(username="ada", role="Content admins", password=PASSWORD)
    page = page_for("ada", PASSWORD)
    page.goto(f"{live_server.url}/reports/")
    shot(page, "07-reports-dashboard")
    page.goto(f"{live_server.url}/reports/overdue/")
    page.check("input[name=flag][value=trigger]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**flag=trigger**")
    assert "Acute Lymphocytic Leukemia: Targeted Therapy" in page.content()
    shot(page, "08-overdue-report")
    with page.expect_download() as download_info:
        page.click("text=CSV")
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text())))
    assert [r["slug"] for r in rows] == [SLUG]
    assert rows[0]["flags"] == "overdue trigger"


def test_a_reader_reports_a_problem(sample, page_for, live_server):
    page = page_for()
    page.goto(f"{live_server.url}/articles/")
    shot(page, "09-health-library")
    page.click("text=Acute Lymphocytic Leukemia: Targeted Therapy")
    page.fill("#id_message", "The second list is missing a medicine.")
    page.click(".report-problem button[type=submit]")
    page.wait_for_url(f"**/articles/{SLUG}/")
    assert "Thank you" in page.content()
    shot(page, "10-reader-report-sent")
    assert ReaderReport.objects.get().message == "The second list is missing a medicine."
