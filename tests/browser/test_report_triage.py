"""A reader's report reaches the owning editor, who fixes the article and closes the report."""

import pytest

from reviews.choices import AuditAction
from reviews.models import AuditEvent, ReaderReport, ReviewFlag
from tests.browser.conftest import shot
from tests.factories import PASSWORD, ArticleFactory, editor_account

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
MESSAGE = "The second list says to rest, but not for how long."


def no_page_scroll(page) -> bool:
    """At the page's width nothing scrolls sideways but inside a table's box."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_reader_report_reaches_the_owner_and_is_closed_as_fixed(page_for, live_server):
    ellen = editor_account("ellen")
    article = ArticleFactory(title="Gout: Diet", slug="gout-diet", owner=ellen)

    reader = page_for()
    reader.goto(f"{live_server.url}/articles/gout-diet/")
    reader.fill("#id_message", MESSAGE)
    reader.click(".report-problem button[type=submit]")
    reader.wait_for_url(f"{live_server.url}/articles/gout-diet/")
    assert "Thank you" in reader.content()

    editor = page_for("ellen", PASSWORD)
    assert "1 unread" in editor.locator("header nav").inner_text()
    editor.click("header nav >> text=Notifications")
    assert "A reader reported a problem with “Gout: Diet”" in editor.content()
    assert MESSAGE in editor.content()
    shot(editor, "triage-01-notification")

    editor.click("header nav >> text=Reader reports")
    assert MESSAGE in editor.locator("table.data").inner_text()
    shot(editor, "triage-02-list")

    editor.goto(f"{live_server.url}/workspace/articles/gout-diet/edit/")
    editor.fill("#id_summary", "How long to rest during a gout attack.")
    editor.check("input[name=change_kind][value=editorial]")
    editor.fill("#id_reason", "Say how long to rest")
    editor.click("form.article-form button[type=submit]")
    editor.wait_for_url("**/articles/gout-diet/history/")

    editor.goto(f"{live_server.url}/workspace/reader-reports/")
    editor.click("table.data >> text=Triage")
    editor.wait_for_url("**/workspace/reader-reports/*/")
    assert MESSAGE in editor.content()
    editor.fill("#id_text", "Added the rest period to the summary.")
    editor.click("button:text('Add note')")
    editor.wait_for_load_state()
    assert "Note added." in editor.content()
    editor.check("input[name=reason][value=fixed]")
    newest = editor.locator("#id_revision option").nth(1)  # newest first, after the prompt
    editor.select_option("#id_revision", value=newest.get_attribute("value"))
    editor.click("button:text('Close report')")
    editor.wait_for_load_state()
    assert "Report closed: Fixed." in editor.content()
    history = editor.locator("#report-history").inner_text()
    assert "Note added to a reader report: Added the rest period" in history
    assert "Reader report closed: Fixed in revision" in history
    assert "Flag resolved: Reader report: resolved" in history
    shot(editor, "triage-03-closed-as-fixed")
    editor.set_viewport_size({"width": 390, "height": 844})
    assert no_page_scroll(editor)
    shot(editor, "triage-03-closed-as-fixed-390")
    editor.goto(f"{live_server.url}/workspace/reader-reports/?status=all")
    assert no_page_scroll(editor)
    shot(editor, "triage-02-list-390")

    report = ReaderReport.objects.get()
    latest = article.history.order_by("-history_date", "-history_id").first()
    assert report.close_reason == "fixed" and report.fixed_revision_id == latest.history_id
    assert latest.change_kind == "editorial"
    assert ReviewFlag.objects.get(kind="reader_report").resolved_on is not None
    assert list(
        AuditEvent.objects.filter(subject=f"Reader report #{report.pk}")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [AuditAction.READER_REPORT_NOTED, AuditAction.READER_REPORT_CLOSED]
