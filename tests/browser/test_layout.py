"""Every main page at a phone's width (390 px), and at 1280 px: nothing scrolls sideways but
inside its own box (a data table, a code block). Each page is loaded with the demo's data, so its
tables are full, as a user allowed to see it; screenshots at 1280 and 390 px go to
test-artifacts/ (layout-<page>-1280.png and layout-<page>-390.png)."""

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.models import Article
from reviews.demo import DEMO_PASSWORD, load_demo_data
from reviews.models import ReaderReport, Reviewer
from reviews.services.digests import build_digests
from reviews.services.reader_reports import report_problem
from tests.browser.conftest import shot

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
AS_OF = date(2026, 11, 23)
SAMPLE = "acute-lymphocytic-leukemia-targeted-therapy"
AWAITING = "breast-cancer-radiation-therapy"  # the demo's clinical edit awaiting Maya's sign-off
# Words that do not fit 390 px unless the page lets them break.
LONG_URL = "https://www.example.org/guidelines/" + "acute-lymphocytic-leukemia-" * 6 + "v2.pdf"
LONG_MESSAGE = (
    f"The dosing table disagrees with {LONG_URL} and with the label "
    "Pneumonoultramicroscopicsilicovolcanoconiosis-Revumenib-Menin-Inhibitor-Tablets."
)

# Lists the outermost elements that reach past the right edge of the viewport, unless they sit
# in a box that scrolls or clips sideways (a table's .table-box, a pre): those scroll there.
OFFENDERS_JS = """
() => {
  const edge = document.documentElement.clientWidth;
  const contained = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim()
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const over = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.right > edge + 0.5 && !contained(el)) over.add(el);
  }
  // Text that does not wrap sticks out of an element that itself fits: name that element.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (!text.data.trim()) continue;
    range.selectNodeContents(text);
    const box = range.getBoundingClientRect();
    if (box.width > 0 && box.right > edge + 0.5 && !contained(text)) over.add(text.parentElement);
  }
  // The outermost offenders only: a wide table, not each of its cells.
  const outermost = [...over].filter((el) => {
    for (let up = el.parentElement; up; up = up.parentElement) if (over.has(up)) return false;
    return true;
  });
  const right = (el) => Math.round(el.getBoundingClientRect().right);
  const words = (el) => (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
  return outermost.map((el) => `${name(el)} reaches ${right(el)}px: ${words(el)}`);
}
"""


def sideways_overflow(page) -> list[str]:
    """What sticks out past the right edge at the page's width (empty: nothing)."""
    offenders = page.evaluate(OFFENDERS_JS)
    wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if wide[0] > wide[1]:
        offenders.insert(0, f"the document scrolls: {wide[0]}px wide in {wide[1]}px")
    return offenders


@pytest.fixture
def demo():
    """The demo library (users for each role, reviewers, articles across every review state, the
    sample sheet), scanned, with reader reports and the digests' notifications."""
    load_demo_data(as_of=AS_OF)
    call_command("scan_reviews", "--as-of", AS_OF.isoformat(), stdout=StringIO())
    at = timezone.make_aware(datetime.combine(AS_OF, time(10, 0)))
    awaiting = Article.objects.get(slug=AWAITING)
    for n, message in enumerate([LONG_MESSAGE, "The second list is missing a medicine."]):
        report_problem(article=awaiting, message=message, address=f"10.0.0.{n}", at=at)
    report_problem(
        article=Article.objects.get(slug=SAMPLE), message=LONG_MESSAGE, address="10.0.1.1", at=at
    )
    build_digests(as_of=AS_OF, at=at)


# (page name, user, path, status): each main page, as someone allowed to see it. The names in
# braces are filled in once the demo data exists.
PAGES = [
    ("workspace", "admin", "/workspace/", 200),
    ("articles", "admin", "/workspace/articles/", 200),
    ("article-new", "editor", "/workspace/articles/new/", 200),
    ("article-edit", "editor", f"/workspace/articles/{SAMPLE}/edit/", 200),
    ("history", "editor", f"/articles/{AWAITING}/history/", 200),
    ("revision", "editor", f"/articles/{AWAITING}/revisions/{{revision}}/", 200),
    ("diff", "editor", f"/articles/{AWAITING}/diff/", 200),
    ("review-queue", "reviewer", "/review/queue/", 200),
    ("review", "reviewer", f"/review/{AWAITING}/", 200),
    ("assign", "editor", f"/workspace/articles/{AWAITING}/reviewers/", 200),
    ("withdrawal", "admin", f"/workspace/articles/{SAMPLE}/withdrawal/", 200),
    (
        "certificate",
        "admin",
        f"/workspace/articles/{SAMPLE}/revisions/{{signed}}/certificate/",
        200,
    ),
    ("reviewers", "admin", "/workspace/reviewers/", 200),
    ("invite", "admin", "/workspace/reviewers/{reviewer}/invite/", 200),
    ("reviewer-page-settings", "admin", "/workspace/reviewers/{reviewer}/public-page/", 200),
    ("my-reviewer-page", "reviewer", "/workspace/profile/public-page/", 200),
    ("reader-reports", "admin", "/workspace/reader-reports/?status=all", 200),
    ("reader-report", "admin", "/workspace/reader-reports/{report}/", 200),
    ("reports", "admin", "/reports/", 200),
    ("report-review-status", "admin", "/reports/review-status/", 200),
    ("report-workload", "admin", "/reports/workload/", 200),
    ("report-unreviewed-edits", "admin", "/reports/unreviewed-edits/", 200),
    ("notifications", "editor", "/notifications/", 200),
    ("audit", "admin", "/audit/", 200),
    ("library", None, "/articles/", 200),
    ("article", None, f"/articles/{SAMPLE}/", 200),
    ("article-table", None, "/articles/diabetes-type-2-insulin-basics/", 200),  # a dosing table
    ("reviewer-page", None, "/reviewers/{maya}/", 200),
    ("not-found", None, "/articles/no-such-sheet/", 404),
    ("login", None, "/accounts/login/", 200),
]


def test_main_pages_fit_a_phone(demo, page_for, live_server):
    ids = {
        "report": ReaderReport.objects.filter(message=LONG_MESSAGE).order_by("pk").first().pk,
        "revision": Article.objects.get(slug=AWAITING).history.latest("history_id").history_id,
        "reviewer": Reviewer.objects.get(full_name="Jessica Gotwals").pk,
        "signed": Article.objects.get(slug=SAMPLE).live_revision_id,
        "maya": Reviewer.objects.get(full_name="Maya Patel").slug,
    }
    pages = {user: page_for(user, DEMO_PASSWORD) for user in ("admin", "editor", "reviewer")}
    pages[None] = page_for()
    failures = {}
    for name, user, path, status in PAGES:
        page = pages[user]
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(live_server.url + path.format(**ids))
        assert response.status == status, f"{name}: {path} answered {response.status}"
        shot(page, f"layout-{name}-1280")
        if offenders := sideways_overflow(page):
            failures[f"{name} at 1280 px"] = offenders
        page.set_viewport_size({"width": 390, "height": 844})
        shot(page, f"layout-{name}-390")
        if offenders := sideways_overflow(page):
            failures[f"{name} at 390 px"] = offenders
    assert not failures, "wider than the window:\n" + "\n".join(
        f"{name}: {offender}" for name, offenders in failures.items() for offender in offenders
    )
