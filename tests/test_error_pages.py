"""The styled error pages, the favicon and the admin's branding."""

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.test import Client

from tests.factories import UserFactory, editor_account

pytestmark = pytest.mark.django_db

FAVICON = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def test_a_missing_page_is_the_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Page not found" in page
    assert 'class="site-header"' in page  # it extends base.html
    assert FAVICON in page


def test_a_missing_page_for_a_signed_in_user_offers_the_workspace():
    client = Client()
    client.force_login(editor_account())
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'href="/workspace/"' in response.content.decode()


def test_a_page_an_editor_may_not_open_is_the_styled_403():
    client = Client()
    client.force_login(editor_account())
    response = client.get("/reports/")
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "You can’t open this page" in page
    assert "Your account (ellen)" in page
    assert 'class="site-header"' in page


def test_the_500_page_renders_with_an_empty_context_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = get_template("500.html").render({})
    assert "Something went wrong" in page
    assert "recheck.css" in page
    assert FAVICON in page


def test_the_favicon_is_a_local_svg():
    path = finders.find("favicon.svg")
    assert path is not None
    with open(path) as svg:
        text = svg.read()
    assert text.startswith("<svg")
    assert "http://www.w3.org/2000/svg" in text
    assert "href" not in text  # no external requests


def test_the_admin_is_branded_recheck():
    assert "Recheck" in Client().get("/admin/login/").content.decode()
    client = Client()
    client.force_login(UserFactory(username="ada", role="Content admins", is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Recheck administration" in page
    assert "| Recheck admin</title>" in page
    assert "Django administration" not in page
    assert "Django site admin" not in page
