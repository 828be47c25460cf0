"""The words the article editor's script shows (``cms/static/cms/editor.js``), in the active
language. The edit page hands them to the script as JSON (``{% editor_words %}``), so that the
one catalogue (``locale/``) holds every word of the interface; the script falls back to the
English it is given. A test holds this list to the words the script asks for."""

from django.utils.translation import gettext, gettext_noop

WORDS = (
    # The toolbar: each button's label, and the toolbar's and the text box's names.
    gettext_noop("Bold"),
    gettext_noop("Italic"),
    gettext_noop("Heading"),
    gettext_noop("Sub-heading"),
    gettext_noop("Bullet list"),
    gettext_noop("Numbered list"),
    gettext_noop("Table"),
    gettext_noop("Note"),
    gettext_noop("Warning"),
    gettext_noop("Emergency"),
    gettext_noop("Link"),
    gettext_noop("Image"),
    gettext_noop("Formatting"),
    gettext_noop("Body"),
    # What a button puts in the text for the editor to type over.
    gettext_noop("What the reader must know."),
    gettext_noop("Cell"),
    # The link and image dialogs.
    gettext_noop("Links to “%(title)s”."),
    gettext_noop("No article found."),
    gettext_noop("1 article found."),
    gettext_noop("%(count)s articles found."),
    gettext_noop("The search failed (%(status)s)."),
    gettext_noop("Choose an article from the search, or give an address starting with https://."),
    gettext_noop("Give the words the link is on."),
    gettext_noop("The upload failed."),
    gettext_noop("The upload failed (%(status)s)."),
    gettext_noop("Choose an image file."),
    gettext_noop("Say what the image shows: alt text is required."),
    gettext_noop("Uploading…"),
)


def editor_words() -> dict[str, str]:
    """{English: the active language's words} for each of ``WORDS``."""
    return {word: gettext(word) for word in WORDS}
