"""Bulk actions in a browser: a content admin withdraws withdrawal candidates from the
review-status report (each public page then answers 410 Gone, and the audit trail records each
withdrawal); an editor assigns a reviewer to articles ticked on the editors' list."""

from datetime import date

import pytest

from cms.models import Article
from reviews.choices import AuditAction, FlagKind
from reviews.models import ArticleReviewer, AuditEvent
from tests.browser.conftest import shot
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ReviewFlagFactory,
    UserFactory,
    editor_account,
    reviewer_account,
)

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_bulk_withdrawal_from_the_report(page_for, live_server):
    candidates = [ArticleFactory(title=f"Old sheet {n}") for n in range(3)]
    kept = ArticleFactory(title="Current sheet")
    for article in candidates:
        ReviewFlagFactory(article=article, kind=FlagKind.WITHDRAWAL_CANDIDATE)
    ReviewFlagFactory(article=kept, kind=FlagKind.OVERDUE, raised_on=date(2026, 1, 2))
    admin = UserFactory(username="ada", role="Content admins")
    reviewer_account("Rita Ames")

    page = page_for(admin.username, PASSWORD)
    page.goto(f"{live_server.url}/reports/review-status/")
    # The reviewer names arrive when the field is first focused (reviews/names.js).
    assert page.locator("#reviewer-names option").count() == 0
    page.focus("form[role=search] input[name=reviewer]")
    page.wait_for_function("document.querySelectorAll('#reviewer-names option').length > 0")
    assert page.locator("#reviewer-names option").get_attribute("value") == "Rita Ames"
    page.check(f"input[name=flag][value={FlagKind.WITHDRAWAL_CANDIDATE}]")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**flag=withdrawal_candidate**")
    filtered = page.url
    assert page.locator("input[name=articles]").count() == 3
    page.check("input[data-select-all=article-bulk]")  # select all on this page
    assert page.locator("input[name=articles]:checked").count() == 3
    page.select_option("#article-bulk select[name=action]", "withdraw")
    page.fill("#article-bulk input[name=reason]", "Superseded by the 2026 sheets")
    shot(page, "withdraw-01-report-ticked")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "withdraw-01-report-ticked-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("#article-bulk button[type=submit]")
    page.wait_for_load_state()
    assert page.url == filtered  # back on the same filtered page
    assert "3 done, 0 refused" in page.content()
    assert page.locator("input[name=articles]").count() == 0  # their flags were resolved
    shot(page, "withdraw-02-report-after")

    public = page_for()
    for article in candidates:
        response = public.goto(f"{live_server.url}/articles/{article.slug}/")
        assert response.status == 410
        assert article.title in public.content() and "withdrawn" in public.content()
    shot(public, "withdraw-03-public-410")
    assert public.goto(f"{live_server.url}/articles/{kept.slug}/").status == 200

    events = AuditEvent.objects.filter(action=AuditAction.ARTICLE_WITHDRAWN)
    assert sorted(e.article_id for e in events) == sorted(a.pk for a in candidates)
    assert {(e.actor_id, e.detail) for e in events} == {(admin.pk, "Superseded by the 2026 sheets")}
    assert Article.objects.filter(withdrawn_at__isnull=False).count() == 3
    page.goto(f"{live_server.url}/audit/?action={AuditAction.ARTICLE_WITHDRAWN}")
    assert page.locator("text=Superseded by the 2026 sheets").count() == 3
    shot(page, "withdraw-04-audit-trail")


def test_bulk_assignment_from_the_editors_list(page_for, live_server):
    first, second = (
        ArticleFactory(title="Asthma: Inhalers"),
        ArticleFactory(title="Asthma: Triggers"),
    )
    ArticleFactory(title="Stroke: Signs")
    maya = reviewer_account("Maya Patel", "MD")
    editor = editor_account()

    page = page_for(editor.username, PASSWORD)
    page.goto(f"{live_server.url}/workspace/articles/?q=asthma")
    page.check(f"input[name=articles][value={first.slug}]")
    page.check(f"input[name=articles][value={second.slug}]")
    assert page.locator("input[data-select-all]").evaluate("box => box.checked")
    page.select_option("#article-bulk select[name=action]", "assign")
    page.fill("#article-bulk input[name=reviewer]", "Maya Patel")
    shot(page, "bulk-01-editor-list-ticked")
    page.click("#article-bulk button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/workspace/articles/?q=asthma")
    assert "2 done, 0 refused" in page.content()
    shot(page, "bulk-02-editor-list-assigned")
    assert set(ArticleReviewer.objects.values_list("article_id", "reviewer_id")) == {
        (first.pk, maya.pk),
        (second.pk, maya.pk),
    }
