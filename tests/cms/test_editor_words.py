"""The editor script's words come from the catalogue: the edit page hands them over in the
interface's language, and the script asks for exactly the words ``cms.editor_words`` lists."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

from cms.editor_words import WORDS
from tests.factories import editor_account

SCRIPT = Path(settings.BASE_DIR, "cms", "static", "cms", "editor.js").read_text(encoding="utf-8")


def test_the_script_asks_for_exactly_the_listed_words():
    asked = set(re.findall(r'\bt\("((?:[^"\\]|\\.)*)"', SCRIPT))
    asked |= set(re.findall(r'\bbutton\("\w+", "([^"]+)"', SCRIPT))  # toolbar labels
    assert asked == set(WORDS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "bold", "found"),
    [("es", "Negrita", "%(count)s artículos encontrados."), ("en", "Bold", None)],
)
def test_the_edit_page_hands_the_script_its_words_in_the_interface_language(language, bold, found):
    client = Client(headers={"accept-language": language})
    client.force_login(editor_account())
    page = client.get("/workspace/articles/new/")
    words = json.loads(BeautifulSoup(page.content, "html.parser").find(id="editor-words").string)
    assert set(words) == set(WORDS)
    assert words["Bold"] == bold
    assert words["%(count)s articles found."] == (found or "%(count)s articles found.")
