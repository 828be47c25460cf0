"""The public page's JSON-LD (issue 17 item 1): schema.org MedicalWebPage, agreeing with the
visible footer (the same people, credentials, roles and review date)."""

import json
from datetime import date, datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client

from cms.models import Article, ChangeKind
from cms.services.revisions import publish_revision, save_revision
from reviews.selectors import credited_reviewers
from reviews.selectors.structured_data import article_json_ld, bcp47
from tests.factories import ArticleFactory, ReviewerFactory, assign, at_nine, sign
from tests.samples import SAMPLE

pytestmark = pytest.mark.django_db
# The article; its review state; its language versions (hreflang links); credited reviewers
# twice (JSON-LD in the head, footer); the first "went live" event; the signatures on the live
# revision (footer).
PUBLIC_PAGE_QUERIES = 7


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def page(article: Article) -> BeautifulSoup:
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld(soup: BeautifulSoup) -> dict:
    (script,) = soup.find_all("script", type="application/ld+json")
    assert script.find_parent("head") is not None
    return json.loads(script.string)


def footer_people(soup: BeautifulSoup) -> list[tuple[str, str, str | None]]:
    """(role, printed name, link) of each reviewer line of the visible footer."""
    people = []
    for line in soup.select("footer.review-footer p.reviewer"):
        role, printed = line.get_text().split(": ", 1)
        link = line.find("a")
        people.append((role, printed, link["href"] if link else None))
    return people


def footer_date(soup: BeautifulSoup) -> date | None:
    line = soup.select_one("footer.review-footer p.reviewed").get_text()
    if not line.startswith("Date Last Reviewed: "):
        return None
    return datetime.strptime(line.removeprefix("Date Last Reviewed: "), "%m/%d/%Y").date()


def assert_agrees_with_footer(soup: BeautifulSoup, data: dict) -> None:
    people = data.get("reviewedBy", [])
    assert footer_people(soup) == [
        (
            person["jobTitle"],
            f"{person['name']} {person.get('honorificSuffix', '')}".strip(),
            person["url"].removeprefix("http://testserver") if "url" in person else None,
        )
        for person in people
    ]
    reviewed = footer_date(soup)
    assert data.get("lastReviewed") == (reviewed.isoformat() if reviewed else None)


def test_the_sample_sheet_credits_its_two_reviewers_as_its_footer_does():
    call_command("import_sheets", str(SAMPLE), "--as-of", "2026-11-23", stdout=StringIO())
    article = Article.objects.get()
    soup = page(article)
    data = json_ld(soup)

    assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2023-10-01"
    assert [(p["name"], p["honorificSuffix"], p["jobTitle"]) for p in data["reviewedBy"]] == [
        ("Jessica Gotwals", "RN BSN MPH", "Online Medical Reviewer"),
        ("Susan K. Dempsey-Walls", "RN", "Online Medical Reviewer"),
    ]
    assert [p["@type"] for p in data["reviewedBy"]] == ["Person", "Person"]
    assert [p["url"] for p in data["reviewedBy"]] == [
        "http://testserver/reviewers/jessica-gotwals/",
        "http://testserver/reviewers/susan-k-dempsey-walls/",
    ]
    assert_agrees_with_footer(soup, data)
    assert data["name"] == "Acute Lymphocytic Leukemia: Targeted Therapy"
    assert data["url"] == f"http://testserver/articles/{article.slug}/"
    assert data["inLanguage"] == "en"  # the article's own language (settings' default)
    assert data["publisher"] == {"@type": "Organization", "name": article.source}
    assert data["about"] == {"@type": "MedicalCondition", "name": "Acute Lymphocytic Leukemia"}
    for person_url in [p["url"] for p in data["reviewedBy"]]:
        assert Client().get(person_url.removeprefix("http://testserver")).status_code == 200


def test_no_next_review_date_is_in_the_markup():
    article = ArticleFactory()
    sign(article, on=date(2025, 6, 1))
    data = json_ld(page(article))
    assert Article.objects.get(pk=article.pk).review.next_review_due == date(2027, 6, 1)
    text = json.dumps(data)
    assert "expires" not in data and "2027" not in text and "due" not in text.lower()


def test_dates_first_published_and_live_revision():
    article = ArticleFactory(originated_on=date(2024, 1, 5))
    sign(article, on=date(2024, 2, 1))
    article.body = [*article.body, {"type": "paragraph", "text": "New advice."}]
    revision = save_revision(
        article=article,
        kind=ChangeKind.SUBSTANTIVE,
        reason="New advice",
        at=at_nine(date(2025, 3, 4)),
    )
    publish_revision(article=article, revision=revision, at=at_nine(date(2025, 3, 9)))
    sign(Article.objects.get(pk=article.pk), on=date(2025, 3, 9))

    data = article_json_ld(Article.objects.select_related("live_revision", "topic").get())
    assert data["datePublished"].startswith("2024-01-05T09:00:00")
    assert data["dateModified"].startswith("2025-03-04T09:00:00")
    assert data["lastReviewed"] == "2025-03-09"


def test_only_the_signers_of_the_live_text_are_credited_never_the_merely_assigned():
    article = ArticleFactory()
    first, second = ReviewerFactory(full_name="Ann Lee"), ReviewerFactory(full_name="Bo Chen")
    assign(article, first, second)
    sign(article, on=date(2025, 6, 1), reviewer=first)
    soup = page(article)
    data = json_ld(soup)
    assert [p["name"] for p in data["reviewedBy"]] == ["Ann Lee"]
    assert_agrees_with_footer(soup, data)


def test_a_never_reviewed_article_names_no_reviewer_nor_review_date():
    soup = page(ArticleFactory())
    data = json_ld(soup)
    assert "reviewedBy" not in data and "lastReviewed" not in data
    assert_agrees_with_footer(soup, data)


def test_the_role_is_the_assignment_as_printed_and_a_hidden_page_is_not_linked():
    article = ArticleFactory()
    shown = ReviewerFactory(full_name="Ann Lee", credentials="")
    hidden = ReviewerFactory(full_name="Bo Chen", public_page=False)
    assign(article, shown, hidden)
    article.reviewer_links.filter(reviewer=shown).update(role="Pharmacist Reviewer")
    sign(article, on=date(2025, 6, 1), reviewer=shown)
    sign(article, on=date(2025, 6, 1), reviewer=hidden)
    soup = page(article)
    data = json_ld(soup)
    ann, bo = data["reviewedBy"]
    assert ann["jobTitle"] == "Pharmacist Reviewer" and "honorificSuffix" not in ann
    assert ann["url"].endswith("/reviewers/ann-lee/")
    assert bo["jobTitle"] == "Online Medical Reviewer" and "url" not in bo
    assert_agrees_with_footer(soup, data)


def test_credentials_are_as_printed_at_signing_not_as_now():
    article = ArticleFactory()
    reviewer = ReviewerFactory(full_name="Ann Lee", credentials="RN")
    sign(article, on=date(2025, 6, 1), reviewer=reviewer)
    reviewer.credentials = "RN MSN"
    reviewer.save()
    soup = page(article)
    data = json_ld(soup)
    assert data["reviewedBy"][0]["honorificSuffix"] == "RN"
    assert_agrees_with_footer(soup, data)


def test_the_publisher_is_the_source_else_the_setting(settings):
    settings.RECHECK_PUBLISHER_NAME = "Example Health"
    article = ArticleFactory()
    assert json_ld(page(article))["publisher"]["name"] == "Example Health"
    sourced = ArticleFactory(source="The StayWell Company, LLC")
    assert json_ld(page(sourced))["publisher"]["name"] == "The StayWell Company, LLC"


def test_an_article_without_a_topic_is_about_nothing():
    assert "about" not in json_ld(page(ArticleFactory(topic=None)))


def test_the_language_is_the_articles_own_when_it_has_one_else_the_sites(settings):
    settings.LANGUAGE_CODE = "en"
    article = Article.objects.select_related("live_revision", "topic").get(pk=ArticleFactory().pk)
    assert article_json_ld(article)["inLanguage"] == "en"
    article.language = "es-mx"  # issue 19 may add the field
    assert article_json_ld(article)["inLanguage"] == "es-MX"


@pytest.mark.parametrize(
    ("code", "tag"),
    [("en", "en"), ("en-us", "en-US"), ("pt_BR", "pt-BR"), ("zh-hans", "zh-Hans")],
)
def test_bcp47(code, tag):
    assert bcp47(code) == tag


def test_a_title_cannot_close_the_script():
    article = ArticleFactory(title="</script><script>alert(1)</script> & <!--")
    html = Client().get(article.get_absolute_url()).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert json_ld(soup)["name"] == "</script><script>alert(1)</script> & <!--"
    assert len(soup.find_all("script")) == 1
    assert "\\u003C/script\\u003E" in html


@pytest.mark.parametrize("signers", [1, 4])
def test_the_page_takes_the_same_queries_however_many_reviewers(signers, django_assert_num_queries):
    article = ArticleFactory()
    for _ in range(signers):
        sign(article, on=date(2025, 6, 1), reviewer=ReviewerFactory())
    with django_assert_num_queries(PUBLIC_PAGE_QUERIES):
        page(article)


def test_credited_reviewers_match_the_footer_selector():
    article = ArticleFactory()
    sign(article, on=date(2025, 6, 1), reviewer=ReviewerFactory(full_name="Ann Lee"))
    assert [r.printed for r in credited_reviewers(article)] == ["Ann Lee MD"]
