"""Language versions (cms.translations): what a valid translation link is, when a translation
is behind its source, and re-pinning it through the editing service."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.languages import covers, standard_language
from cms.models import Article, ChangeKind
from cms.services.editing import EditRefused, create_article, edit_article, latest_revision
from cms.services.revisions import publish_revision, save_revision
from cms.translations import (
    is_outdated,
    language_versions,
    outdated_translations,
    source_changes,
)
from tests.factories import ArticleFactory, editor_account, translation

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.combine(date(2026, 11, 23), time(10, 0)))


def change_source(source: Article, kind: str, text: str = "New dosing.", *, live: bool = True):
    """A revision of ``source`` of ``kind``, made live (as an approval would) if ``live``."""
    source.body = [*source.body, {"type": "paragraph", "text": text}]
    revision = save_revision(article=source, kind=kind, reason="Update", at=NOW)
    if live:
        publish_revision(article=source, revision=revision, at=NOW)
    return revision


def test_language_tags_are_bcp_47_in_their_standard_form():
    assert standard_language("ES_mx") == "es-MX"
    assert standard_language(" en ") == "en"
    with pytest.raises(ValidationError, match="BCP 47"):
        standard_language("spanish!")
    article = Article(title="T", slug="t", originated_on=date(2026, 1, 1), language="ES")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "Write the language tag as es" in str(error.value.message_dict["language"])


def test_a_bare_language_covers_its_regions_but_not_the_reverse():
    assert covers("es", "es-MX") and covers("es", "es")
    assert not covers("es-MX", "es-ES") and not covers("en", "es")


def test_new_articles_take_the_default_language_from_settings(settings):
    settings.ARTICLE_DEFAULT_LANGUAGE = "fr"
    assert ArticleFactory().language == "fr"


def test_a_translation_must_name_a_revision_of_its_source_in_another_language():
    source, other = ArticleFactory(), ArticleFactory()
    spanish = translation(source)
    spanish.source_revision = other.live_revision
    with pytest.raises(ValidationError, match="not a revision of"):
        spanish.full_clean()
    spanish.source_revision = source.live_revision
    spanish.language = "en"
    with pytest.raises(ValidationError, match="source is in en too"):
        spanish.full_clean()


def test_a_translation_of_a_translation_is_refused():
    spanish = translation(ArticleFactory())
    with pytest.raises(ValidationError, match="itself a translation"):
        translation(spanish, language="fr")


def test_one_version_per_language_and_no_pin_without_a_source():
    source = ArticleFactory()
    translation(source)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=ArticleFactory(language="es").pk).update(translation_of=source)
    original = ArticleFactory()
    original.source_revision = source.live_revision
    with pytest.raises(ValidationError, match="Only a translation records a source revision"):
        original.full_clean()


def test_a_clinical_change_of_the_source_that_went_live_makes_the_translation_outdated():
    source = ArticleFactory()
    spanish = translation(source)
    assert not is_outdated(spanish)
    change_source(source, ChangeKind.SUBSTANTIVE)
    assert is_outdated(spanish)
    assert list(outdated_translations(Article.objects.all())) == [spanish]


def test_an_editorial_change_or_one_not_yet_live_does_not():
    source = ArticleFactory()
    spanish = translation(source)
    change_source(source, ChangeKind.EDITORIAL, "Wording.")
    change_source(source, ChangeKind.SUBSTANTIVE, "Pending dosing.", live=False)
    assert not is_outdated(spanish)


def test_the_source_changes_run_from_the_pin_to_the_live_revision():
    source = ArticleFactory()
    spanish = translation(source)
    pinned = source.live_revision
    changed = change_source(source, ChangeKind.SUBSTANTIVE)
    changes = source_changes(spanish)
    assert changes.pinned == pinned and changes.current == changed
    assert changes.clinical == [changed] and changes.outdated
    assert source_changes(source) is None


def repin(article, revision, kind=ChangeKind.SUBSTANTIVE, editor=None):
    return edit_article(
        article_id=article.pk,
        editor=editor or editor_account(),
        changes={"source_revision": revision},
        kind=kind,
        reason="Updated to the source",
        base_revision_id=latest_revision(article).history_id,
        at=NOW,
    )


def test_re_pinning_saves_a_revision_that_records_the_new_pin():
    source = ArticleFactory()
    spanish = translation(source)
    changed = change_source(source, ChangeKind.SUBSTANTIVE)
    revision = repin(spanish, changed)
    spanish.refresh_from_db()
    assert spanish.source_revision == changed and revision.source_revision_id == changed.pk
    assert not is_outdated(spanish)


def test_re_pinning_past_a_clinical_change_as_editorial_is_refused():
    source = ArticleFactory()
    spanish = translation(source)
    changed = change_source(source, ChangeKind.SUBSTANTIVE)
    with pytest.raises(EditRefused, match="save it as substantive"):
        repin(spanish, changed, kind=ChangeKind.EDITORIAL)
    wording = change_source(source, ChangeKind.EDITORIAL, "Wording.")
    repin(spanish, changed)
    assert repin(spanish, wording, kind=ChangeKind.EDITORIAL).source_revision_id == wording.pk


def test_re_pinning_to_another_article_or_backwards_is_refused():
    source, other = ArticleFactory(), ArticleFactory()
    spanish = translation(source)
    old = source.live_revision
    with pytest.raises(EditRefused, match="not a revision of this translation's source"):
        repin(spanish, other.live_revision)
    repin(spanish, change_source(source, ChangeKind.SUBSTANTIVE))
    with pytest.raises(EditRefused, match="older than source revision"):
        repin(spanish, old)
    with pytest.raises(EditRefused, match="Only a translation"):
        repin(source, old)


def test_create_article_pins_a_new_translation_to_the_live_source_revision():
    source = ArticleFactory()
    spanish = create_article(
        editor=editor_account(),
        title="Leucemia",
        slug="leucemia",
        summary="",
        body=[{"type": "paragraph", "text": "Tome su medicina."}],
        topic=None,
        reason="Traducción",
        at=NOW,
        language="es",
        translation_of=source,
    )
    assert spanish.source_revision == source.live_revision and spanish.language == "es"


def test_language_versions_lists_the_family_the_public_can_read():
    source = ArticleFactory()
    spanish = translation(source)
    draft = translation(source, language="fr", published=False)
    assert language_versions(spanish) == [source, spanish]
    assert language_versions(draft) == [source, spanish, draft]
    assert language_versions(source, public=False) == [source, spanish, draft]
