"""cms.render.render_body: every block kind, and nothing active survives, even from blocks that
never passed validation."""

import pytest
from bs4 import BeautifulSoup

from cms.render import render_body

pytestmark = pytest.mark.django_db

RICH = [
    {"type": "heading", "text": "How to use it"},
    {"type": "heading", "text": "Steps", "level": 3},
    {
        "type": "list",
        "ordered": True,
        "items": ["Shake.", {"text": "Breathe out.", "items": ["Fully."]}],
    },
    {
        "type": "paragraph",
        "spans": [
            {"text": "Read "},
            {"text": "this", "bold": True},
            {"text": " and "},
            {"text": "that", "link": "article:spacers"},
            {"text": " or "},
            {"text": "source", "link": "https://e.org/x"},
        ],
    },
    {
        "type": "table",
        "header": ["Dose", "When"],
        "rows": [["2 puffs", {"spans": [{"text": "Morning", "italic": True}]}]],
    },
    {"type": "callout", "kind": "emergency", "text": "Call 911."},
    {
        "type": "image",
        "src": "images/" + "a" * 64 + ".png",
        "sha256": "a" * 64,
        "alt": "A spacer",
        "caption": "Use it.",
    },
]


def test_every_block_kind_renders():
    soup = BeautifulSoup(render_body(RICH), "html.parser")
    assert [h.name for h in soup.find_all(["h2", "h3"])] == ["h2", "h3"]
    assert [li.get_text() for li in soup.ol.find_all("li", recursive=False)] == [
        "Shake.",
        "Breathe out.Fully.",
    ]
    links = {a.get_text(): a for a in soup.find_all("a")}
    assert links["that"]["href"] == "/articles/spacers/"
    assert links["source"]["href"] == "https://e.org/x"
    assert "noopener" in links["source"]["rel"]
    assert [th.get_text() for th in soup.find_all("th")] == ["Dose", "When"]
    assert soup.td.find_next("td").em.get_text() == "Morning"
    callout = soup.find("aside")
    assert "callout-emergency" in callout["class"] and "Call 911." in callout.get_text()
    image = soup.find("img")
    assert image["alt"] == "A spacer" and image["src"].startswith("/media/images/")
    assert soup.figcaption.get_text() == "Use it."


HOSTILE_SPANS = [
    {"text": "x", "link": "javascript:alert(1)"},
    {"text": "x", "link": "JaVaScRiPt:alert(1)"},
    {"text": "x", "link": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="},
    {"text": "<script>alert(1)</script><img src=x onerror=alert(1)>"},
    {"text": '" onmouseover="alert(1)', "link": 'https://e.org/" onmouseover="alert(1)'},
]


@pytest.mark.parametrize("span", HOSTILE_SPANS)
def test_hostile_spans_render_inert_even_unvalidated(span):
    html = render_body([{"type": "paragraph", "spans": [span]}])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(["script", "img", "iframe"]) == []
    for tag in soup.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), html
        assert not tag.get("href", "").lower().startswith(("javascript", "data")), html


def test_a_hostile_image_renders_inert():
    block = {"type": "image", "src": "javascript:alert(1)", "sha256": "a" * 64,
             "alt": '"><script>alert(1)</script>', "caption": "<b onclick=x>c</b>"}  # fmt: skip
    soup = BeautifulSoup(render_body([block]), "html.parser")
    assert soup.find_all("script") == [] and soup.find_all("b") == []
    assert not soup.img.get("src", "").startswith("javascript")
