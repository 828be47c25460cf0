import re
from datetime import date

import pytest
from django.urls import reverse

from cms.models import Article, ChangeKind
from cms.services.revisions import save_revision
from tests.factories import ArticleFactory, ReviewerFactory, TopicFactory, assign, at_nine, sign

pytestmark = pytest.mark.django_db


def footer_text(page: str) -> str:
    """The review footer's lines as a reader sees them (names may be links), one per line."""
    footer = page[page.index('<footer class="review-footer"') : page.index("</footer>")]
    lines = re.findall(r"<p[^>]*>(.*?)</p>", footer, flags=re.S)
    return "\n".join(re.sub(r"<[^>]+>", "", line).strip() for line in lines)


def test_the_index_lists_published_articles_a_to_z_by_topic(client):
    ArticleFactory(title="Asthma: Inhalers", topic=TopicFactory(name="Asthma"))
    ArticleFactory(
        title="Acute Lymphocytic Leukemia: Targeted Therapy",
        topic=TopicFactory(name="Acute Lymphocytic Leukemia"),
    )
    ArticleFactory(title="Stroke: Warning Signs", topic=TopicFactory(name="Stroke"))
    ArticleFactory(title="Secret Draft", published=False)

    page = client.get(reverse("cms:article-index")).content.decode()

    assert "Secret Draft" not in page
    positions = [
        page.index(text)
        for text in (
            'id="letter-A"',
            "Acute Lymphocytic Leukemia: Targeted Therapy",
            "Asthma: Inhalers",
            'id="letter-S"',
            "Stroke: Warning Signs",
        )
    ]
    assert positions == sorted(positions)


def test_the_index_filters_by_letter_and_says_when_a_letter_is_empty(client):
    ArticleFactory(title="Stroke: Warning Signs", topic=TopicFactory(name="Stroke"))
    ArticleFactory(title="Asthma: Inhalers", topic=TopicFactory(name="Asthma"))
    page = client.get(reverse("cms:article-index"), {"letter": "s"}).content.decode()
    assert "Stroke: Warning Signs" in page and "Asthma: Inhalers" not in page
    empty = client.get(reverse("cms:article-index"), {"letter": "Q"}).content.decode()
    assert "No conditions under Q yet." in empty


def test_the_article_page_prints_the_review_footer_from_data(client):
    article = ArticleFactory(slug="all-targeted-therapy")
    gotwals = ReviewerFactory(full_name="Jessica Gotwals", credentials="RN BSN MPH")
    walls = ReviewerFactory(full_name="Susan K. Dempsey-Walls", credentials="RN")
    assign(article, gotwals, walls)
    sign(article, on=date(2023, 10, 1), reviewer=gotwals)
    sign(article, on=date(2023, 10, 1), reviewer=walls)

    page = footer_text(client.get(article.get_absolute_url()).content.decode())

    first = page.index("Online Medical Reviewer: Jessica Gotwals RN BSN MPH")
    second = page.index("Online Medical Reviewer: Susan K. Dempsey-Walls RN")
    assert first < second
    assert "Date Last Reviewed: 10/1/2023" in page
    assert "Next review due: 10/1/2025" in page


def test_the_footer_credits_only_people_who_signed_the_live_text(client):
    article = ArticleFactory()
    signer = ReviewerFactory(full_name="Jessica Gotwals", credentials="RN BSN MPH")
    assigned_only = ReviewerFactory(full_name="Never Signed", credentials="MD")
    assign(article, signer, assigned_only)
    sign(article, on=date(2023, 10, 1), reviewer=signer)
    # Credentials changed after signing: the footer prints them as they were at signing.
    signer.credentials = "RN BSN MPH PhD"
    signer.save()

    page = client.get(article.get_absolute_url()).content.decode()

    lines = footer_text(page).splitlines()
    assert lines[0] == "Online Medical Reviewer: Jessica Gotwals RN BSN MPH"
    assert "PhD" not in footer_text(page)
    assert "Never Signed" not in page


def test_an_unreviewed_article_says_so(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Not yet medically reviewed." in page
    assert "Date Last Reviewed" not in page


def test_the_public_sees_the_approved_text_while_an_edit_awaits_review(client):
    article = ArticleFactory()
    article.body = [{"type": "paragraph", "text": "Unapproved dosing advice."}]
    article.status = Article.Status.AWAITING_REVIEW
    save_revision(
        article=article, kind=ChangeKind.SUBSTANTIVE, reason="Dosing", at=at_nine(date(2026, 1, 1))
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Take your medicine as directed." in page
    assert "Unapproved dosing advice." not in page


def test_archived_articles_are_not_public(client):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.ARCHIVED)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get(reverse("cms:article-index")).content.decode()


def test_a_draft_sent_back_to_its_editor_keeps_only_its_approved_text_public(client):
    article = ArticleFactory()
    article.body = [{"type": "paragraph", "text": "Draft text nobody approved."}]
    article.status = Article.Status.DRAFT
    save_revision(
        article=article, kind=ChangeKind.SUBSTANTIVE, reason="Draft", at=at_nine(date(2026, 1, 1))
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Take your medicine as directed." in page
    assert "Draft text nobody approved." not in page


def test_a_never_published_draft_is_not_public(client):
    article = ArticleFactory(published=False)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_text_is_escaped(client):
    article = ArticleFactory(
        body=[{"type": "paragraph", "text": "<script>alert(1)</script> & more"}]
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_staff_see_edit_and_history_links_on_public_pages_and_readers_do_not(client):
    from django.urls import reverse

    from tests.factories import editor_account

    article = ArticleFactory(slug="gout-diet")
    edit = reverse("cms:article-edit", args=[article.slug])
    history = reverse("cms:article-history", args=[article.slug])
    public = client.get(article.get_absolute_url()).content.decode()
    assert edit not in public and history not in public
    client.force_login(editor_account())
    staff = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{edit}"' in staff and f'href="{history}"' in staff


def _sheet(title, text, **fields):
    from cms.markup import body_from_markup

    return ArticleFactory(title=title, body=body_from_markup(text), **fields)


def test_the_library_search_finds_live_text_and_never_a_draft(client):
    _sheet("Asthma: Inhalers", "Shake the inhaler before each puff.")
    _sheet("Gout: Diet", "Eat less red meat.")
    _sheet("Secret: Draft", "The inhaler draft nobody approved.", published=False)
    page = client.get("/articles/", {"q": "inhaler"})
    html = page.content.decode()
    assert page.status_code == 200 and "Asthma: Inhalers" in html
    assert "Gout: Diet" not in html and "Secret: Draft" not in html
    none = client.get("/articles/", {"q": "zzzz qqqq"}).content.decode()
    assert "No article matches" in none


def test_a_hostile_or_empty_search_is_harmless(client):
    _sheet("Asthma: Inhalers", "Shake the inhaler.")
    for query in ["", "   ", "' OR 1=1 --", "!!! & | :*", "x" * 5000, "<script>"]:
        page = client.get("/articles/", {"q": query})
        assert page.status_code == 200, query
        assert "<script>" not in page.content.decode().split("<main", 1)[-1].replace(
            "&lt;script&gt;", ""
        )


@pytest.mark.postgres
def test_postgresql_searches_through_the_full_text_index():
    from django.db import connection

    from cms.selectors import _FTS_MATCH

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT id FROM cms_article WHERE {_FTS_MATCH}", ["inhaler"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cms_article_live_fts" in plan, plan
