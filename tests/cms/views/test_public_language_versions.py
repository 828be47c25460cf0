"""Language versions on the public page (issue 19): each version at its own address, linked to
the others with hreflang (the source as x-default), a switcher when there is more than one,
and the page, its review footer and its JSON-LD in the article's language."""

import json
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cms.models import Article
from cms.templatetags.cms_tags import short_date
from reviews.models import ArticleReviewer
from reviews.services.reader_reports import REPORTS_PER_HOUR
from tests.cms.views.test_public import footer_text
from tests.factories import (
    ArticleFactory,
    ReviewerFactory,
    at_nine,
    editor_account,
    sign,
)
from tests.factories import (
    translation as make_translation,
)

pytestmark = pytest.mark.django_db
SITE = "http://testserver"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def versions():
    """An English article and its Spanish translation, each signed on 1 October 2023."""
    english = ArticleFactory(slug="gout-diet", title="Gout: Diet")
    spanish = make_translation(english, "es", slug="gota-dieta", title="Gota: dieta")
    sign(english, on=date(2023, 10, 1))
    sign(spanish, on=date(2023, 10, 1))
    return english, spanish


def page(article: Article, client: Client | None = None) -> tuple[str, BeautifulSoup]:
    response = (client or Client()).get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    return html, BeautifulSoup(html, "html.parser")


def alternates(soup: BeautifulSoup) -> dict[str, str]:
    """hreflang -> address of each <link rel="alternate"> in the head."""
    links = soup.head.find_all("link", rel="alternate")
    return {link["hreflang"]: link["href"] for link in links}


def switcher(soup: BeautifulSoup) -> list[tuple[str, str, str, bool]]:
    """(name, lang, hreflang, is current) of each link of the language switcher."""
    nav = soup.find("nav", class_="language-versions")
    if nav is None:
        return []
    return [
        (a.get_text(), a["lang"], a["hreflang"], a.get("aria-current") == "page")
        for a in nav.find_all("a")
    ]


def test_the_spanish_page_speaks_spanish_and_links_the_english_one(versions):
    english, spanish = versions
    response = Client().get(spanish.get_absolute_url())
    html, soup = page(spanish)

    assert soup.html["lang"] == "es"
    assert response["Content-Language"] == "es"
    footer = footer_text(html)
    assert "Revisor médico en línea: " in footer
    assert "Fecha de la última revisión: 1/10/2023" in footer
    assert "Próxima revisión prevista: 1/10/2025" in footer
    assert "Date Last Reviewed" not in html and "Online Medical Reviewer" not in html
    assert soup.find("details", class_="signatures").summary.get_text() == (
        "Firmas de esta versión"
    )
    assert alternates(soup) == {
        "en": f"{SITE}/articles/gout-diet/",
        "es": f"{SITE}/articles/gota-dieta/",
        "x-default": f"{SITE}/articles/gout-diet/",
    }
    assert switcher(soup) == [
        ("English", "en", "en", False),
        ("Español", "es", "es", True),
    ]


def test_the_spanish_page_prints_each_signature_in_spanish(versions):
    _, spanish = versions
    html, soup = page(spanish)
    signature = soup.find("details", class_="signatures").find(class_="signature").get_text()
    assert "Aprobado como médicamente exacto" in signature
    assert "1/10/2023 09:00 EDT" in signature


def test_the_english_page_stays_english_and_links_the_spanish_one(versions):
    english, _ = versions
    html, soup = page(english)

    assert soup.html["lang"] == "en"
    footer = footer_text(html)
    assert "Online Medical Reviewer: " in footer
    assert "Date Last Reviewed: 10/1/2023" in footer
    assert alternates(soup) == {
        "en": f"{SITE}/articles/gout-diet/",
        "es": f"{SITE}/articles/gota-dieta/",
        "x-default": f"{SITE}/articles/gout-diet/",
    }
    assert switcher(soup) == [
        ("English", "en", "en", True),
        ("Español", "es", "es", False),
    ]


def test_the_json_ld_of_the_spanish_page_is_in_spanish(versions):
    _, spanish = versions
    _, soup = page(spanish)

    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["inLanguage"] == "es"
    assert data["url"] == f"{SITE}/articles/gota-dieta/"
    assert [person["jobTitle"] for person in data["reviewedBy"]] == ["Revisor médico en línea"]


def test_a_role_other_than_the_default_is_printed_as_stored(versions):
    _, spanish = versions
    reviewer = ReviewerFactory(full_name="Ana Ruiz", credentials="PharmD")
    ArticleReviewer.objects.create(
        article=spanish, reviewer=reviewer, position=1, role="Clinical Pharmacist"
    )
    sign(spanish, on=date(2023, 10, 2), reviewer=reviewer)

    html, soup = page(spanish)

    assert "Clinical Pharmacist: Ana Ruiz PharmD" in footer_text(html)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert "Clinical Pharmacist" in [person["jobTitle"] for person in data["reviewedBy"]]


def test_only_public_versions_are_linked(versions):
    english, spanish = versions
    make_translation(english, "fr", slug="goutte-regime", published=False)

    _, soup = page(english)

    assert set(alternates(soup)) == {"en", "es", "x-default"}
    assert [name for name, *_ in switcher(soup)] == ["English", "Español"]


def test_a_single_version_has_no_switcher_and_links_only_itself():
    article = ArticleFactory(slug="stroke-signs")

    html, soup = page(article)

    assert switcher(soup) == []
    assert alternates(soup) == {
        "en": f"{SITE}/articles/stroke-signs/",
        "x-default": f"{SITE}/articles/stroke-signs/",
    }
    assert "Not yet medically reviewed." in footer_text(html)


def test_a_translation_whose_source_is_not_public_has_no_x_default():
    source = ArticleFactory(slug="asthma-inhalers", published=False)
    spanish = ArticleFactory(
        slug="asma-inhaladores",
        language="es",
        translation_of=source,
        source_revision=source.history.first(),
    )

    _, soup = page(spanish)

    assert alternates(soup) == {"es": f"{SITE}/articles/asma-inhaladores/"}


def test_the_unreviewed_spanish_page_says_so_in_spanish():
    source = ArticleFactory(slug="gout-diet")
    spanish = make_translation(source, "es", slug="gota-dieta")

    html, _ = page(spanish)

    assert "Todavía sin revisión médica." in footer_text(html)


def test_a_regional_spanish_version_uses_the_spanish_catalogue(versions):
    english, _ = versions
    mexican = make_translation(english, "es-MX", slug="gota-dieta-mx")
    sign(mexican, on=date(2023, 10, 1))

    html, soup = page(mexican)

    assert soup.html["lang"] == "es-MX"
    assert "Fecha de la última revisión: 1/10/2023" in footer_text(html)
    assert alternates(soup)["es-MX"] == f"{SITE}/articles/gota-dieta-mx/"


def test_staff_see_the_interface_in_the_language_their_browser_asks_for(client):
    client.force_login(editor_account())

    spanish = client.get(reverse("reviews:home"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get(reverse("reviews:home")).content.decode()

    assert "Espacio de trabajo" in spanish and "Cerrar la sesión de ellen" in spanish
    assert '<html lang="es">' in spanish
    assert "Workspace" in english and "Log out ellen" in english


def test_the_language_menu_sets_the_interface_language(client):
    client.force_login(editor_account())
    home = reverse("reviews:home")
    menu = BeautifulSoup(client.get(home).content.decode(), "html.parser").find(
        "form", action=reverse("set_language")
    )
    assert menu.find("input", attrs={"name": "next"})["value"] == home
    assert [(b["value"], b["lang"], b.get_text()) for b in menu.find_all("button")] == [
        ("es", "es", "Español")
    ]

    response = client.post(reverse("set_language"), {"language": "es", "next": home})

    assert response.status_code == 302 and response.url == home
    spanish = BeautifulSoup(client.get(home).content.decode(), "html.parser")
    assert "Biblioteca de salud" in spanish.header.get_text()
    menu = spanish.find("form", action=reverse("set_language"))
    assert [(b["value"], b.get_text()) for b in menu.find_all("button")] == [("en", "English")]


def test_the_language_menu_refuses_a_get_and_an_outside_next(client):
    assert client.get(reverse("set_language")).status_code == 405
    response = client.post(
        reverse("set_language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == "/"


def test_short_dates_follow_the_active_language():
    day = date(2023, 10, 1)
    assert short_date(day) == "10/1/2023"
    with translation.override("es"):
        assert short_date(day) == "1/10/2023"
    assert short_date(None) == ""


def test_a_withdrawn_spanish_version_says_so_in_spanish():
    source = ArticleFactory(slug="gout-diet")
    spanish = make_translation(source, "es", slug="gota-dieta")
    Article.objects.filter(pk=spanish.pk).update(withdrawn_at=at_nine(date(2026, 3, 4)))

    response = Client().get(spanish.get_absolute_url())

    assert response.status_code == 410
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.html["lang"] == "es"
    assert "Este artículo se retiró el 4/3/2026" in soup.get_text()


def test_the_report_form_of_a_spanish_page_speaks_spanish(versions):
    _, spanish = versions
    response = Client().get(reverse("reviews:report-problem", args=[spanish.slug]))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "es"
    assert "Report a problem" not in soup.get_text()
    nav = soup.find("nav", attrs={"aria-label": True}).get_text(" ", strip=True)
    assert "Biblioteca de salud" in nav


def test_the_report_form_of_a_spanish_page_refuses_in_spanish(versions):
    """The refusal a reader meets on the form (too many reports in the hour) speaks the page's
    language, as the form does."""
    _, spanish = versions
    url = reverse("reviews:report-problem", args=[spanish.slug])
    reader = Client()
    for n in range(REPORTS_PER_HOUR):
        assert reader.post(url, {"message": f"Hay un error en el párrafo {n}."}).status_code == 302
    response = reader.post(url, {"message": "Otro error en la página."})
    assert response.status_code == 429
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "Ha enviado varios informes en la última hora" in text
    assert "You have sent" not in text
