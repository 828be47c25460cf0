"""Article content never reaches a page as active markup: HTML sheets are parsed into blocks on
import, editors write Markdown that becomes blocks, and the one renderer escapes every word and
passes the result through nh3. Links are http(s), mailto or article:<slug> only; images are
uploaded files only."""

import json
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client

from cms.markup import body_from_markup
from cms.models import Article
from cms.references import references_from_text
from reviews.services.importer import import_sheets
from tests.factories import ArticleFactory, at_nine

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    '"><script>alert(document.cookie)</script>',
    "<iframe src=\"javascript:alert('x')\"></iframe>",
    '<body onload="alert(1)">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


# Payloads in the constructs of the rich body (Markdown links, images, tables, callouts).
MARKUP_PAYLOADS = [
    "[click](javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '[click](https://e.org/" onmouseover="alert(1))',
    "| <script>alert(1)</script> | x |\n| --- | --- |\n| <img src=x onerror=alert(1)> | y |",
    "::: warning\n<script>alert(1)</script> <style>body{display:none}</style>\n:::",
    "**<svg onload=alert(1)>** *<iframe src=javascript:alert(1)>*",
    "`<script>alert(1)</script>`",
]


def assert_inert(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    assert main.find_all(["script", "iframe", "svg", "math", "style", "object", "embed"]) == []
    for image in main.find_all("img"):
        assert image["src"].startswith("/media/images/"), image  # uploaded files only
    for tag in main.find_all(True):
        assert "style" not in tag.attrs, tag
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), (tag, attribute)
            values = value if isinstance(value, list) else [value]
            for v in values:
                assert not str(v).lower().startswith(("javascript:", "data:", "vbscript:")), tag


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_typed_by_an_editor_are_shown_as_text(payload):
    article = ArticleFactory(
        title=f"Title {payload}", body=body_from_markup(f"## {payload}\n\n{payload}\n\n- {payload}")
    )
    assert_inert(Client().get(article.get_absolute_url()).content.decode())


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_markup_payloads_are_refused_or_shown_as_text(payload):
    try:
        body = body_from_markup(f"Before.\n\n{payload}\n\nAfter.")
    except ValidationError:
        return  # refused with a reason is safe
    article = ArticleFactory(title="Payload", body=body)
    assert_inert(Client().get(article.get_absolute_url()).content.decode())


# Hostile references: scripts as addresses, markup in notes, names and DOIs.
REFERENCE_PAYLOADS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1) — note",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    'https://e.org/" onmouseover="alert(1)',
    'doi:10.1000/"><script>alert(1)</script>',
    *(f"pmid:12345678 — {payload}" for payload in PAYLOADS),
    *(f"guideline: {payload} | 1" for payload in PAYLOADS),
]


@pytest.mark.parametrize("payload", REFERENCE_PAYLOADS)
def test_hostile_references_are_refused_or_shown_as_text(payload):
    try:
        references = references_from_text(payload)
    except ValidationError:
        return  # refused with a reason is safe
    article = ArticleFactory(title="Payload", references=references)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert_inert(html)
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.select("section.references a"):
        assert link["href"].startswith(("https://doi.org/", "https://pubmed.ncbi.nlm.nih.gov/"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_imported_html_are_dropped_or_shown_as_text(tmp_path, payload):
    sheet = tmp_path / "sheet.html"
    sheet.write_text(
        f"<html><body><h1>Gout: Diet</h1><p>Eat well. {payload}</p>"
        f"<ul><li>{payload} item</li></ul></body></html>",
        encoding="utf-8",
    )
    summary = import_sheets(paths=[sheet], as_of=date(2026, 11, 23), at=at_nine(date(2026, 1, 1)))
    if summary.failed:
        return  # rejected whole is also safe
    article = Article.objects.get()
    assert_inert(Client().get(article.get_absolute_url()).content.decode())


@pytest.mark.parametrize("payload", ["</script><script>alert(1)</script>", *PAYLOADS])
def test_a_title_cannot_leave_the_structured_data(payload):
    """The JSON-LD in the head holds the title as data: escaped so no title closes the
    script element (``<``, ``>`` and ``&`` as JSON escapes, as json_script writes them)."""
    article = ArticleFactory(title=f"Title {payload}")
    html = Client().get(article.get_absolute_url()).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    (script,) = soup.find_all("script")
    assert script["type"] == "application/ld+json" and script.find_parent("head")
    assert json.loads(script.string)["name"] == f"Title {payload}"
    assert "<" not in script.string and ">" not in script.string
    assert_inert(html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_review_status_rows_show_payloads_as_text(payload):
    """The report's rows are built in Python (``Cells`` and the view's ``<tr>``), not by the
    template's autoescaping: a title, topic, reviewer name and credentials typed with markup
    reach the page as text, in the cells and in the tick box's label."""
    from django.utils import timezone

    from reviews.services.scan import scan_reviews
    from tests.factories import ReviewerFactory, TopicFactory, UserFactory, assign

    article = ArticleFactory(title=f"T {payload}", topic=TopicFactory(name=f"Topic {payload}"))
    assign(article, ReviewerFactory(full_name=f"N {payload}", credentials="MD"))
    scan_reviews(as_of=timezone.localdate())  # never reviewed: listed
    client = Client()
    client.force_login(UserFactory(username="ada", role="Content admins"))
    page = client.get("/reports/review-status/").content.decode()
    table = BeautifulSoup(page, "html.parser").find("table", class_="data")
    assert f"T {payload}" in table.get_text() and f"N {payload}" in table.get_text()
    assert table.find_all(["script", "iframe", "svg", "math", "style", "img", "body"]) == []
    for tag in table.find_all(True):
        assert not any(attribute.lower().startswith("on") for attribute in tag.attrs), tag
