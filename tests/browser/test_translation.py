"""A translation kept in step with its source, in a real browser: the English source goes live
with a substantive change; the scan flags its Spanish translation as outdated; a translator
opens the translation's edit screen, sees the source's changes beside the editor (the new
English sentence marked as added), translates it, says the translation is now up to date with
that source revision and saves it as substantive; the next scan resolves the flag."""

from datetime import datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.models import ChangeKind
from cms.services.editing import edit_article, latest_revision
from cms.services.revisions import publish_revision
from reviews.choices import FlagKind
from tests.browser.conftest import shot
from tests.factories import PASSWORD, ArticleFactory, editor_account, translation

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
SLUG = "asthma-inhalers"
SPANISH_SLUG = "asma-inhaladores"
NEW_SENTENCE = "Rinse your mouth after each dose."
NUEVA_FRASE = "Enjuáguese la boca después de cada dosis."


def outdated(article) -> bool:
    return article.flags.filter(kind=FlagKind.TRANSLATION_OUTDATED, resolved_on=None).exists()


@pytest.fixture
def source_and_translation():
    source = ArticleFactory(
        title="Asthma: Inhalers",
        slug=SLUG,
        body=[{"type": "paragraph", "text": "Use your inhaler as your doctor told you."}],
    )
    spanish = translation(
        source,
        "es",
        title="Asma: inhaladores",
        slug=SPANISH_SLUG,
        body=[{"type": "paragraph", "text": "Use el inhalador como le indicó su médico."}],
    )
    # The source goes live with a substantive change (as a completed review makes it live).
    now = timezone.make_aware(datetime.combine(timezone.localdate(), time(9, 0)))
    changed = edit_article(
        article_id=source.pk,
        editor=editor_account("sam"),
        changes={"body": [*source.body, {"type": "paragraph", "text": NEW_SENTENCE}]},
        kind=ChangeKind.SUBSTANTIVE,
        reason="Rinsing after inhaled steroids",
        base_revision_id=latest_revision(source).history_id,
        at=now,
    )
    source.refresh_from_db()
    publish_revision(article=source, revision=changed, at=now)
    return source, spanish, changed


def test_a_translator_brings_an_outdated_translation_up_to_date(
    source_and_translation, page_for, live_server
):
    source, spanish, changed = source_and_translation
    pinned = spanish.source_revision_id
    call_command("scan_reviews", stdout=StringIO())
    assert outdated(spanish)

    translator = editor_account("tomas")
    page = page_for(translator.username, PASSWORD)
    page.goto(f"{live_server.url}/articles/{SPANISH_SLUG}/history/")
    assert "outdated" in page.locator(".translation-of").inner_text()
    shot(page, "translation-01-history-outdated")

    page.goto(f"{live_server.url}/workspace/articles/{SPANISH_SLUG}/edit/")
    changes = page.locator("aside.source-changes")
    added = changes.locator("ins", has_text=NEW_SENTENCE)
    assert added.is_visible()
    assert added.evaluate("node => getComputedStyle(node).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert f"#{pinned}" in changes.inner_text() and f"#{changed.history_id}" in changes.inner_text()
    full_diff = changes.get_by_role("link", name="Full diff")
    assert full_diff.get_attribute("href") == f"/articles/{SPANISH_SLUG}/source-changes/"
    # Side by side on a wide screen: the source's changes beside the editor.
    editor = page.locator(".translation-editor .EasyMDEContainer")
    assert editor.is_visible()
    beside, form = changes.bounding_box(), page.locator(".translation-editor").bounding_box()
    assert beside["x"] + beside["width"] <= form["x"] and beside["y"] < form["y"] + form["height"]
    shot(page, "translation-02-edit-beside")
    page.set_viewport_size({"width": 390, "height": 844})
    beside, form = changes.bounding_box(), page.locator(".translation-editor").bounding_box()
    assert beside["y"] + beside["height"] <= form["y"]  # stacked on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "translation-02-edit-stacked-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.evaluate("text => recheckEditor.value(recheckEditor.value() + text)", f"\n\n{NUEVA_FRASE}")
    choice = page.locator("#id_source_revision")
    assert choice.input_value() == str(pinned)  # it starts at the current pin
    page.select_option("#id_source_revision", str(changed.history_id))
    assert (
        choice.locator("option:checked")
        .inner_text()
        .startswith(f"Revision {changed.history_id} · ")
    )
    page.check("input[name=change_kind][value=substantive]")
    page.fill("#id_reason", "Traducida la nueva frase de la fuente")
    shot(page, "translation-03-edit-filled")
    page.click("form.article-form button[type=submit]")
    page.wait_for_url(f"**/articles/{SPANISH_SLUG}/history/")
    assert "awaits sign-off" in page.content()

    spanish.refresh_from_db()
    assert spanish.source_revision_id == changed.history_id
    assert spanish.body[-1] == {"type": "paragraph", "text": NUEVA_FRASE}
    call_command("scan_reviews", stdout=StringIO())
    assert not outdated(spanish)
    page.goto(f"{live_server.url}/workspace/articles/{SPANISH_SLUG}/edit/")
    assert "Up to date with its source" in page.content()
    assert page.locator("aside.source-changes").count() == 0
    shot(page, "translation-04-up-to-date")


def test_an_editor_starts_a_translation_from_the_source_history(page_for, live_server):
    source = ArticleFactory(
        title="Asthma: Inhalers",
        slug=SLUG,
        body=[{"type": "paragraph", "text": "Use your inhaler as your doctor told you."}],
    )
    editor = editor_account()
    page = page_for(editor.username, PASSWORD)
    page.goto(f"{live_server.url}/articles/{SLUG}/history/")
    page.get_by_role("link", name="Translate").click()
    page.wait_for_url(f"**/workspace/articles/{SLUG}/translate/")
    assert page.locator("#id_title").input_value() == "Asthma: Inhalers"  # from the source
    assert "Use your inhaler" in page.evaluate("recheckEditor.value()")
    assert page.locator("#id_language option").all_inner_texts() == ["Español (es)"]
    page.fill("#id_title", "Asma: inhaladores")
    page.evaluate("text => recheckEditor.value(text)", "Use el inhalador como le indicó su médico.")
    page.fill("#id_reason", "Versión en español")
    shot(page, "translation-00-translate-form")
    page.get_by_role("button", name="Create the translation and send it to review").click()
    page.wait_for_url(f"**/{SPANISH_SLUG}/**")
    spanish = source.translations.get()
    assert (spanish.slug, spanish.language) == (SPANISH_SLUG, "es")
    assert spanish.source_revision_id == source.live_revision_id
