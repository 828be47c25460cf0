"""The dashboard's charts in a browser: labels at least 11 px high on a phone and a desktop, and
each bar opens the list of the articles it counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.jobs import run_review_scan
from tests.browser.conftest import shot
from tests.factories import PASSWORD, ArticleFactory, UserFactory, at_nine, sign

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# The rendered height of each chart text: its font size times the SVG's scale.
TEXT_SIZES = """() => [...document.querySelectorAll('.chart svg')].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(t => [
    t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * scale]);
})"""


def test_chart_labels_are_readable_and_bars_open_their_lists(page_for, live_server):
    today = timezone.localdate()
    for n, days in enumerate([5, 20, 45, 100, 400]):
        sign(ArticleFactory(title=f"Late {n}"), on=today - timedelta(days=730 + days))
    for n, days in enumerate([40, 75, 150]):
        sign(ArticleFactory(title=f"Soon {n}"), on=today - timedelta(days=730 - days))
    run_review_scan(as_of=today, at=at_nine(today))
    admin = UserFactory(username="ada", role="Content admins")
    page = page_for(admin.username, PASSWORD)
    page.goto(f"{live_server.url}/reports/")
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        sizes = page.evaluate(TEXT_SIZES)
        assert sizes, "no chart text"
        small = [(text, round(size, 1)) for text, size in sizes if size < 11]
        assert not small, (width, small)
        shot(page, f"charts-dashboard-{width}")

    bar = page.locator("a.bar-link").first  # 1–30 days overdue: Late 0 and Late 1
    assert bar.locator("text.value").text_content() == "2"
    bar.locator("rect").click(force=True)
    page.wait_for_url("**/reports/review-status/?flag=overdue&min_days=1&max_days=30")
    assert page.locator("table.data tbody tr").count() == 2
