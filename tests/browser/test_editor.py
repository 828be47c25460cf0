"""The article editor in a real browser: an editor adds a numbered list, a table, a warning, a
link to another article and an image with the toolbar and the keyboard, previews, saves a
substantive change; a medical reviewer sees it in the diff and signs; the public page shows it.
Also: the editor at 390 px by keyboard alone, the unsaved-changes warning, and the form with
JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.cms.views.test_media import png
from tests.factories import PASSWORD, ArticleFactory, assign, editor_account, reviewer_account

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
SLUG = "asthma-action-plan"
IMAGE_ALT = "A blue rectangle"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def articles():
    ArticleFactory(title="Inhalers and spacers", slug="inhalers")
    return ArticleFactory(title="Asthma action plan", slug=SLUG)


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/workspace/")


def body_markup(page) -> str:
    return page.locator("#id_body").input_value()  # the hidden textarea, kept in sync


def end_of_body(page) -> None:
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+End")


def add_rich_content(page, tmp_path) -> None:
    """Numbered list (toolbar), table (keyboard), warning (toolbar), link (keyboard and the
    dialog's search), image (toolbar, alt text required)."""
    end_of_body(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Numbered list").click()
    page.keyboard.type("Shake the inhaler.")
    page.keyboard.press("Enter")
    page.keyboard.type("Breathe out fully.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list

    page.keyboard.press("Control+Alt+t")  # a table; its first heading is selected
    page.keyboard.type("Dose")

    page.keyboard.press("Control+End")
    page.get_by_role("button", name="Warning").click()
    page.keyboard.type("Do not use it after the expiry date.")

    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Read more: ")
    page.keyboard.press("Control+k")
    dialog = page.locator("#link-dialog")
    assert dialog.is_visible()
    page.keyboard.type("inhal")  # the focus is in the search field
    page.keyboard.press("Enter")
    result = dialog.get_by_role("button", name="Inhalers and spacers")
    result.wait_for()
    result.focus()
    page.keyboard.press("Enter")
    assert dialog.locator("[name=address]").input_value() == "article:inhalers"
    page.keyboard.press("Enter")  # the focus moved to "Insert link"
    assert not dialog.is_visible()

    page.get_by_role("button", name="Image").click()
    image = page.locator("#image-dialog")
    path = tmp_path / "square.png"
    path.write_bytes(png(48, 32, rgb=b"\x0b\x5c\xad"))  # blue, to see it
    image.locator("[name=file]").set_input_files(str(path))
    image.get_by_role("button", name="Upload and insert").click()
    assert "alt text is required" in image.locator("[data-message]").inner_text()
    assert "![" not in body_markup(page)  # refused without alt text
    image.locator("[name=alt]").fill(IMAGE_ALT)
    image.get_by_role("button", name="Upload and insert").click()
    image.wait_for(state="hidden")


def test_editor_adds_rich_content_previews_saves_and_a_reviewer_signs_it(
    articles, page_for, live_server, tmp_path
):
    maya = reviewer_account("Maya Patel", "MD")
    assign(articles, maya)
    editor = editor_account()
    page = page_for(editor.username, PASSWORD)
    page.goto(f"{live_server.url}/workspace/articles/{SLUG}/edit/")
    assert page.locator(".EasyMDEContainer").is_visible()
    assert not page.locator("#id_body").is_visible()

    add_rich_content(page, tmp_path)
    markup = body_markup(page)
    image_url = re.search(r"!\[A blue rectangle\]\((/media/images/[0-9a-f]{64}\.png)\)", markup)
    assert image_url, markup
    assert "1. Shake the inhaler.\n2. Breathe out fully." in markup
    assert "| Dose | Heading |\n| --- | --- |\n| Cell | Cell |\n| Cell | Cell |" in markup
    assert "::: warning\nDo not use it after the expiry date.\n:::" in markup
    assert "Read more: [Inhalers and spacers](article:inhalers)" in markup
    shot(page, "editor-01-rich-content")

    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Preview").click()
    preview = new_tab.value
    preview.wait_for_load_state()
    assert "Preview" in preview.content()
    check_rendered(preview, image_url.group(1))
    shot(preview, "editor-02-preview")
    preview.close()

    page.check("input[name=change_kind][value=substantive]")
    page.fill("#id_reason", "Add the inhaler steps, doses, a warning and a picture")
    page.get_by_role("button", name="Save revision").click()  # no unsaved-changes prompt
    page.wait_for_url(f"**/articles/{SLUG}/history/")
    assert "awaits sign-off" in page.content()

    public = page_for()
    public.goto(f"{live_server.url}/articles/{SLUG}/")
    assert "Shake the inhaler." not in public.content()  # waits for sign-off

    reviewer = page_for(maya.user.username, PASSWORD)
    reviewer.goto(f"{live_server.url}/review/{SLUG}/")
    diff = reviewer.locator(".diff")
    # Known gap (cms.diff.html.layout): a numbered list right after a bulleted one is shown in
    # the diff as more bullets of the first list; its items are there, marked added.
    assert diff.locator("ins", has_text="Shake the inhaler.").count() >= 1
    assert diff.locator("ins", has_text="Do not use it after the expiry date.").count() >= 1
    assert diff.locator("aside.callout-warning").count() == 1
    assert diff.locator("table").count() == 1 and "Dose" in diff.locator("table").inner_text()
    assert diff.locator("ins", has_text="Inhalers and spacers").count() >= 1
    assert diff.locator(f"img[alt='{IMAGE_ALT}']").count() == 1
    shot(reviewer, "editor-03-review-diff")
    reviewer.check("input[name=meaning][value=approved]")
    reviewer.check("#id_sources_checked")
    reviewer.fill("#id_password", PASSWORD)
    reviewer.click("form.signoff button[type=submit]")
    reviewer.wait_for_url(f"{live_server.url}/review/queue/")
    assert "is live with this revision" in reviewer.content()

    public.goto(f"{live_server.url}/articles/{SLUG}/")
    check_rendered(public, image_url.group(1))
    assert "Online Medical Reviewer: Maya Patel MD" in public.inner_text("footer.review-footer")
    shot(public, "editor-04-public-page")


def check_rendered(page, image_src: str) -> None:
    """The list, table, warning, link and image as the public renderer draws them."""
    sheet = page.locator("main")
    assert sheet.locator("ol > li").all_inner_texts()[-2:] == [
        "Shake the inhaler.",
        "Breathe out fully.",
    ]
    assert sheet.locator("table th").all_inner_texts() == ["Dose", "Heading"]
    assert sheet.locator("table td").all_inner_texts() == ["Cell"] * 4
    warning = sheet.locator("aside.callout-warning")
    assert "Do not use it after the expiry date." in warning.inner_text()
    link = sheet.get_by_role("link", name="Inhalers and spacers")
    assert link.get_attribute("href") == "/articles/inhalers/"
    image = sheet.locator(f"img[alt='{IMAGE_ALT}']")
    assert image.get_attribute("src") == image_src
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth === 48", arg=image.element_handle()
    )


@pytest.fixture
def narrow_page(browser, live_server):
    """A signed-in editor's page 390 px wide, as on a phone."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_at_390_px_the_toolbar_wraps_and_everything_works_by_keyboard(
    articles, narrow_page, live_server, tmp_path
):
    page = narrow_page
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, live_server, editor_account().username)
    page.goto(f"{live_server.url}/workspace/articles/{SLUG}/edit/")
    page.wait_for_load_state("networkidle")
    elsewhere = [url for url in requests if not url.startswith(live_server.url)]
    assert elsewhere == []  # no CDN: no Font Awesome, no dictionaries
    assert any(url.endswith("easymde.min.js") for url in requests)
    toolbar = page.get_by_role("toolbar", name="Formatting")
    buttons = toolbar.get_by_role("button")
    names = [button.get_attribute("aria-label") for button in buttons.all()]
    assert names == [
        "Bold", "Italic", "Heading", "Sub-heading", "Bullet list", "Numbered list", "Table",
        "Note", "Warning", "Emergency", "Link", "Image",
    ]  # fmt: skip
    for button in buttons.all():  # every button on screen, none cut off: the toolbar wraps
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, button.get_attribute("aria-label")
    # The editor and the form's buttons fit (the site header's nav is wider: not the editor's).
    for part in (
        ".EasyMDEContainer",
        ".CodeMirror",
        "form.article-form",
        "form.article-form .form-actions",
    ):
        box = page.locator(part).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, part
    shot(page, "editor-05-narrow")

    # Tab from the topic reaches the toolbar, then the text; Tab leaves the text again.
    page.focus("#id_topic")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Bold"
    for _ in names:
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Body"
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+Alt+e")  # emergency callout, its text selected
    page.keyboard.type("Call 911 if you cannot breathe.")
    page.keyboard.press("Control+End")
    page.keyboard.press("Control+Alt+n")
    page.keyboard.type("Keep your plan with you.")
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Important")
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Control+b")
    page.keyboard.press("End")
    page.keyboard.type(" and ")
    page.keyboard.press("Control+i")
    page.keyboard.type("calm")
    page.keyboard.press("End")  # past the closing mark
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+Alt+2")
    page.keyboard.type("Triggers")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+Alt+3")
    page.keyboard.type("At home")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+l")
    page.keyboard.type("Dust")

    # An external link from the dialog, by keyboard only; Escape closes a dialog.
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Pollen counts")
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Control+k")
    dialog = page.locator("#link-dialog")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    page.keyboard.press("Control+k")
    assert dialog.locator("[name=text]").input_value() == "Pollen counts"
    page.focus("#link-address")
    page.keyboard.type("javascript:alert(1)")
    page.keyboard.press("Enter")
    assert "https://" in dialog.locator("[data-message]").inner_text()
    page.fill("#link-address", "https://www.pollen.com/")
    page.keyboard.press("Enter")
    assert not dialog.is_visible()

    # Image: the server's refusal is shown in the dialog; Escape leaves the text as it was.
    page.keyboard.press("Control+Alt+i")
    image = page.locator("#image-dialog")
    assert image.is_visible()
    svg = tmp_path / "drawing.png"
    svg.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    image.locator("[name=file]").set_input_files(str(svg))
    page.fill("#image-alt", "A drawing")
    page.keyboard.press("Enter")
    message = image.locator("[data-message]")
    expect(message).to_have_text("Only PNG, JPEG, GIF and WebP images can be uploaded.")
    page.keyboard.press("Escape")
    assert not image.is_visible()

    # Tab from the text goes on to the next field: the sources, then the kind of change.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "references"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "change_kind"
    markup = body_markup(page)
    assert "::: emergency\nCall 911 if you cannot breathe.\n:::" in markup
    assert "::: note\nKeep your plan with you.\n:::" in markup
    assert "**Important** and *calm*" in markup
    assert "## Triggers\n### At home\n- Dust" in markup
    assert "[Pollen counts](https://www.pollen.com/)" in markup
    shot(page, "editor-06-narrow-keyboard")

    page.keyboard.press("Space")  # the first kind of change: editorial
    page.fill("#id_reason", "Emergency advice")
    page.get_by_role("button", name="Save revision").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/articles/{SLUG}/history/")


def test_leaving_with_unsaved_changes_asks_first(articles, page_for, live_server):
    page = page_for(editor_account().username, PASSWORD)
    edit = f"{live_server.url}/workspace/articles/{SLUG}/edit/"
    page.goto(edit)
    prompts = []

    def answer(dialog):
        prompts.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.goto(f"{live_server.url}/workspace/")  # nothing changed: no question
    assert prompts == []
    page.goto(edit)
    end_of_body(page)
    page.keyboard.type(" More.")
    with page.expect_event("dialog"):
        page.get_by_role("link", name="History").click()
    assert prompts == ["beforeunload"]
    assert page.url == edit  # stayed


def test_without_javascript_the_textarea_and_preview_work(articles, browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        sign_in(page, live_server, editor_account().username)
        page.goto(f"{live_server.url}/workspace/articles/{SLUG}/edit/")
        body = page.locator("#id_body")
        assert body.is_visible() and page.locator(".EasyMDEContainer").count() == 0
        assert not page.locator(".editor-help").is_visible()
        body.fill(body.input_value() + "\n\n::: warning\nNo JavaScript needed.\n:::")
        with context.expect_page() as new_tab:
            page.get_by_role("button", name="Preview").click()
        preview = new_tab.value
        preview.wait_for_load_state()
        assert "No JavaScript needed." in preview.locator("aside.callout-warning").inner_text()
        page.check("input[name=change_kind][value=editorial]")
        page.fill("#id_reason", "A warning")
        page.get_by_role("button", name="Save revision").click()
        page.wait_for_url(f"**/articles/{SLUG}/history/")
    finally:
        context.close()


def test_in_spanish_the_toolbar_and_the_dialogs_speak_spanish(articles, browser, live_server):
    """The script's words come from the page (cms.editor_words), in the interface's language."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        sign_in(page, live_server, editor_account().username)
        page.goto(f"{live_server.url}/workspace/articles/{SLUG}/edit/")
        toolbar = page.get_by_role("toolbar", name="Formato")
        labels = [b.get_attribute("aria-label") for b in toolbar.get_by_role("button").all()]
        assert labels[:3] == ["Negrita", "Cursiva", "Encabezado"] and "Enlace" in labels
        toolbar.get_by_role("button", name="Tabla").click()
        expect(page.locator(".CodeMirror")).to_contain_text("| Encabezado | Encabezado |")
    finally:
        context.close()
