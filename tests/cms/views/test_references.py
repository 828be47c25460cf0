"""References in the workspace (a plain textarea, no JavaScript needed), the preview, and the
public page's "Sources"."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from cms.markup import body_to_markup
from cms.services.editing import latest_revision
from tests.factories import ArticleFactory, editor_account

pytestmark = pytest.mark.django_db

SOURCES = [
    {"type": "doi", "value": "10.1056/NEJMoa2034577", "note": "the trial"},
    {"type": "pmid", "value": "12345678"},
    {"type": "url", "value": "https://www.nice.org.uk/guidance/ng80"},
    {"type": "guideline", "name": "GINA asthma strategy", "version": "2024", "date": "2024-05-01"},
]


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(editor_account())
    return client


def post_edit(client, article, references: str, kind="substantive"):
    url = reverse("cms:article-edit", args=[article.slug])
    form = client.get(url).context["form"]
    return client.post(
        url,
        {
            "title": article.title,
            "summary": "",
            "topic": article.topic_id,
            "body": body_to_markup(article.body),
            "references": references,
            "change_kind": kind,
            "reason": "Cite the sources",
            "base_revision": form.initial["base_revision"],
        },
    )


def test_the_edit_form_shows_the_references_in_their_syntax_and_saves_new_ones(editor_client):
    article = ArticleFactory(references=SOURCES[:1])
    page = editor_client.get(reverse("cms:article-edit", args=[article.slug]))
    textarea = BeautifulSoup(page.content, "html.parser").find("textarea", {"name": "references"})
    assert textarea.text.strip() == "doi:10.1056/NEJMoa2034577 — the trial"

    response = post_edit(editor_client, article, textarea.text + "\npmid:12345678\n")
    assert response.status_code == 302
    assert latest_revision(article).references == SOURCES[:2]


def test_a_bad_line_is_shown_with_its_number_and_nothing_is_saved(editor_client):
    article = ArticleFactory()
    count = article.history.count()
    response = post_edit(editor_client, article, "pmid:1\n\njavascript:alert(1)")
    assert response.status_code == 200
    assert "Line 3: start the line with doi:" in response.content.decode()
    assert article.history.count() == count


def test_an_editorial_save_that_changes_the_references_is_refused(editor_client):
    article = ArticleFactory()
    response = post_edit(editor_client, article, "pmid:12345678", kind="editorial")
    assert "A change to the sources is a clinical change" in response.content.decode()
    assert latest_revision(article).references == []


def test_the_preview_shows_the_sources_being_edited(editor_client):
    article = ArticleFactory(title="Inhalers", slug="inhalers")
    page = editor_client.post(
        reverse("cms:article-preview", args=[article.slug]),
        {"title": "Inhalers", "body": "Shake it.", "references": "pmid:12345678 — cohort"},
    )
    html = page.content.decode()
    assert page.status_code == 200 and "Sources" in html
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/12345678/" rel="noopener noreferrer">' in html
    bad = editor_client.post(
        reverse("cms:article-preview", args=[article.slug]),
        {"title": "Inhalers", "body": "Shake it.", "references": "pmid:x"},
    )
    assert bad.status_code == 400 and "Line 1" in bad.content.decode()


def test_the_public_page_lists_the_live_revisions_sources_with_safe_links():
    article = ArticleFactory(references=SOURCES)
    soup = BeautifulSoup(Client().get(article.get_absolute_url()).content, "html.parser")
    section = soup.find("section", class_="references")
    assert section.find("h2").text == "Sources"
    items = section.find_all("li")
    assert [item.get_text(" ", strip=True) for item in items] == [
        "DOI 10.1056/NEJMoa2034577 — the trial",
        "PMID 12345678",
        "https://www.nice.org.uk/guidance/ng80",
        "GINA asthma strategy, version 2024, 5/1/2024",
    ]
    links = [(a["href"], a["rel"]) for a in section.find_all("a")]
    assert links == [
        ("https://doi.org/10.1056/NEJMoa2034577", ["noopener", "noreferrer"]),
        ("https://pubmed.ncbi.nlm.nih.gov/12345678/", ["noopener", "noreferrer"]),
        ("https://www.nice.org.uk/guidance/ng80", ["noopener", "noreferrer"]),
    ]


def test_pending_references_stay_off_the_public_page_until_approved(editor_client):
    article = ArticleFactory()
    post_edit(editor_client, article, "pmid:12345678")
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "12345678" not in html and 'class="references"' not in html
