"""Language versions in the API: read-only fields on both article representations, the
reviewers' languages, the language filter, and no route that writes an article."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cms.models import Article
from tests.factories import ArticleFactory, ReviewerFactory, UserFactory, assign, translation

pytestmark = pytest.mark.django_db


def api_as(role: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory(username=role.lower().replace(" ", "-"), role=role))
    return client


@pytest.fixture
def asthma():
    source = ArticleFactory(slug="asthma", title="Asthma")
    translation(source, "fr")
    translation(source, "es")
    assign(source, ReviewerFactory(full_name="Ana Ruiz", languages="en es"))
    return Article.objects.get(pk=source.pk)


def test_articles_carry_their_language_source_pin_and_translations(asthma):
    api = api_as("Content admins")
    source = api.get("/api/articles/asthma/").json()
    assert source["language"] == "en"
    assert source["translation_of"] is None and source["source_revision"] is None
    assert source["translations"] == [
        {"language": "es", "slug": "asthma-es"},
        {"language": "fr", "slug": "asthma-fr"},
    ]
    assert source["assigned_reviewers"][0]["languages"] == ["en", "es"]
    spanish = api.get("/api/articles/asthma-es/").json()
    assert spanish["language"] == "es" and spanish["translation_of"] == "asthma"
    assert spanish["source_revision"] == asthma.live_revision_id
    assert spanish["translations"] == []


def test_the_list_filters_by_language_and_refuses_a_bad_tag(asthma):
    api = api_as("Content admins")
    slugs = {a["slug"] for a in api.get("/api/articles/", {"language": "ES"}).json()["results"]}
    assert slugs == {"asthma-es"}
    answer = api.get("/api/articles/", {"language": "not a tag!"})
    assert answer.status_code == 400 and "language" in answer.json()


def test_the_list_takes_the_same_queries_however_many_translations(
    asthma, django_assert_max_num_queries
):
    api = api_as("Content admins")
    with django_assert_max_num_queries(20) as few:
        api.get("/api/articles/")
    for n in range(5):
        source = ArticleFactory(slug=f"more-{n}")
        translation(source, "es")
        translation(source, "de")
    with django_assert_max_num_queries(len(few)):
        assert len(api.get("/api/articles/").json()["results"]) == 3 + 15


def test_no_api_route_writes_an_article_or_its_link_to_a_source(asthma):
    """The article API is read-only: the translation rules (translation_errors, repin_refusal)
    are reached only through the editing service, never here."""
    api = api_as("Content admins")
    superuser = APIClient()
    superuser.force_authenticate(UserFactory(username="root", is_superuser=True))
    other = ArticleFactory(slug="other")
    change = {"language": "de", "translation_of": "other", "source_revision": 1}
    for client in (api, superuser):
        assert client.patch("/api/articles/asthma-es/", change, format="json").status_code == 405
        assert client.put("/api/articles/asthma-es/", change, format="json").status_code == 405
        assert (
            client.post("/api/articles/", {"slug": "new", **change}, format="json").status_code
            == 405
        )
        assert client.delete("/api/articles/asthma-es/").status_code == 405
    spanish = Article.objects.get(slug="asthma-es")
    assert (spanish.language, spanish.translation_of_id) == ("es", asthma.pk)
    assert spanish.source_revision_id == asthma.live_revision_id
    assert not other.translations.exists()


def test_the_publishing_api_shows_only_versions_the_public_can_read(asthma):
    Article.objects.filter(slug="asthma-fr").update(status=Article.Status.ARCHIVED)
    translation(asthma, "de", published=False)
    api = api_as("Publishing sites")
    source = api.get("/api/published/asthma/").json()
    assert source["language"] == "en" and source["translation_of"] is None
    assert source["translations"] == [{"language": "es", "slug": "asthma-es"}]
    spanish = api.get("/api/published/asthma-es/").json()
    assert (spanish["language"], spanish["translation_of"]) == ("es", "asthma")
    assert "source_revision" not in spanish  # the publishing API shows no revisions but live


def test_the_schema_documents_the_fields_read_only():
    api = api_as("Content admins")
    schema = api.get(reverse("api:schema"), {"format": "json"}).json()["components"]["schemas"]
    article = schema["Article"]["properties"]
    for field in ("language", "translation_of", "source_revision", "translations"):
        assert article[field].get("readOnly"), field
    assert article["translation_of"]["nullable"] and article["source_revision"]["nullable"]
    assert schema["LanguageVersion"]["required"] == ["language", "slug"]
    assert {"language", "translation_of", "translations"} <= set(
        schema["PublishedArticle"]["properties"]
    )
    assert "languages" in schema["Reviewer"]["properties"]
