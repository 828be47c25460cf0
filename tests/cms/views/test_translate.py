"""The translator's screens: starting a translation from its source's history page, the edit
screen of a translation (the source's changes beside the editor) and re-pinning it; the
language versions on the history page."""

from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.markup import body_to_markup
from cms.models import Article, ChangeKind
from cms.services.editing import edit_article, latest_revision
from cms.services.revisions import publish_revision
from reviews.services.policies import set_article_policy
from tests.factories import (
    ArticleFactory,
    UserFactory,
    editor_account,
    policy,
    reviewer_account,
    translation,
)

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.combine(timezone.localdate(), time(10, 0)))
NEW_SENTENCE = "Take two puffs every four hours."


@pytest.fixture
def editor(client):
    user = editor_account()
    client.force_login(user)
    return user


def source_goes_live_with(source, kind=ChangeKind.SUBSTANTIVE):
    """A change to ``source`` that goes live (a substantive one as a completed review would)."""
    revision = edit_article(
        article_id=source.pk,
        editor=UserFactory(username="someone-else", role="Editors"),
        changes={"body": [*source.body, {"type": "paragraph", "text": NEW_SENTENCE}]},
        kind=kind,
        reason="New dosing",
        base_revision_id=latest_revision(source).history_id,
        at=NOW,
    )
    if kind == ChangeKind.SUBSTANTIVE:
        source.refresh_from_db()
        publish_revision(article=source, revision=revision, at=NOW)
    return revision


def translate_data(form, **overrides):
    """A translate POST from the form as it was opened (prefilled), with ``overrides``."""
    data = {
        name: form.initial.get(name, field.initial)
        for name, field in form.fields.items()
        if name != "review_policy"
    }
    data.update(review_policy=policy().pk, reason="Spanish version", language="es")
    data["topic"] = data["topic"] or ""
    return {name: value for name, value in {**data, **overrides}.items() if value is not None}


def edit_data(form, **overrides):
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(change_kind="editorial", reason="Traducción")
    data["topic"] = getattr(data["topic"], "pk", data["topic"]) or ""
    return {**data, **overrides}


# --- Starting a translation -------------------------------------------------------------


def test_the_translate_form_is_prefilled_from_the_source_and_creates_a_pinned_translation(
    client, editor
):
    source = ArticleFactory(title="Asthma: Inhalers", summary="How to use them")
    url = reverse("cms:article-translate", args=[source.slug])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "Asthma: Inhalers"
    assert form.initial["summary"] == "How to use them"
    assert form.initial["body"] == body_to_markup(source.body)
    assert form.initial["source_revision"] == source.live_revision_id
    assert [code for code, _ in form.fields["language"].choices] == ["es"]  # not "en"
    page = response.content.decode()
    assert "Translate “Asthma: Inhalers”" in page and "from its revision #" in page

    data = translate_data(form, title="Asma: inhaladores", body="Tome su medicina.")
    response = client.post(url, data)
    assert response.status_code == 302
    spanish = Article.objects.get(language="es")
    assert spanish.translation_of == source
    assert spanish.source_revision_id == source.live_revision_id
    assert spanish.slug == "asma-inhaladores"
    assert spanish.status == Article.Status.AWAITING_REVIEW
    assert spanish.history.count() == 1


def test_a_translation_starts_under_its_sources_review_policy(client, editor):
    """The form offers the source's policy first: a translation is reviewed on the cycle of
    the sheet it translates (the editor may still choose another, as on the new-article
    form)."""
    source = ArticleFactory(title="Asthma")
    set_article_policy(article=source, policy=policy("Evergreen"), at=NOW)
    url = reverse("cms:article-translate", args=[source.slug])
    form = client.get(url).context["form"]
    assert form["review_policy"].value() == policy("Evergreen").pk
    assert (
        client.get(reverse("cms:article-create")).context["form"]["review_policy"].value()
        == policy().pk
    )  # a new original: the default policy

    data = translate_data(form)
    data["review_policy"] = form["review_policy"].value()  # as the form was opened
    assert client.post(url, data).status_code == 302
    assert Article.objects.get(language="es").review.policy == policy("Evergreen")


def test_the_pin_is_the_revision_the_translator_opened(client, editor):
    source = ArticleFactory(title="Asthma")
    url = reverse("cms:article-translate", args=[source.slug])
    form = client.get(url).context["form"]
    opened = source.live_revision_id
    source_goes_live_with(source)  # while the translator works

    response = client.post(url, translate_data(form))
    assert response.status_code == 302
    spanish = Article.objects.get(language="es")
    assert spanish.source_revision_id == opened


def test_an_unchanged_title_gets_a_slug_with_the_language(client, editor):
    source = ArticleFactory(title="Asthma", slug="asthma")
    url = reverse("cms:article-translate", args=[source.slug])
    client.post(url, translate_data(client.get(url).context["form"]))
    assert Article.objects.get(language="es").slug == "asthma-es"


def test_a_taken_language_is_a_form_error_and_the_input_is_kept(client, editor):
    source = ArticleFactory()
    existing = translation(source, "es", title="Asma")
    url = reverse("cms:article-translate", args=[source.slug])
    form = client.get(url).context["form"]
    assert form.fields["language"].choices == []
    assert "Every language already has a version" in client.get(url).content.decode()

    response = client.post(url, translate_data(form, title="Asma otra vez", language="es"))
    assert response.status_code == 200
    errors = response.context["form"].errors["language"]
    assert errors == [f"“{existing.title}” is already its Español version: edit that one instead."]
    assert "Asma otra vez" in response.content.decode()
    assert Article.objects.filter(translation_of=source).count() == 1


def test_the_source_language_and_an_unknown_one_are_form_errors(client, editor):
    source = ArticleFactory()
    url = reverse("cms:article-translate", args=[source.slug])
    form = client.get(url).context["form"]
    same = client.post(url, translate_data(form, language="en"))
    assert "The source is in English already" in same.context["form"].errors["language"][0]
    unknown = client.post(url, translate_data(form, language="xx-nope"))
    assert unknown.status_code == 200 and "language" in unknown.context["form"].errors
    foreign = ArticleFactory()
    other = client.post(url, translate_data(form, source_revision=foreign.live_revision_id))
    assert "source_revision" in other.context["form"].errors
    assert not Article.objects.filter(translation_of=source).exists()


def test_a_translation_cannot_be_translated_again(client, editor):
    source = ArticleFactory(title="Asthma")
    spanish = translation(source, "es")
    url = reverse("cms:article-translate", args=[spanish.slug])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "is itself a translation: translate its source instead." in page
    assert reverse("cms:article-translate", args=[source.slug]) in page

    response = client.post(url, translate_data(response.context["form"], language="en"))
    assert response.status_code == 200
    assert "is itself a translation" in str(response.context["form"].non_field_errors())
    assert Article.objects.count() == 2


def test_a_reviewer_without_add_article_may_not_translate(client):
    source = ArticleFactory()
    reviewer = reviewer_account()
    assert not reviewer.user.has_perm("cms.add_article")
    client.force_login(reviewer.user)
    url = reverse("cms:article-translate", args=[source.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"language": "es"}).status_code == 403
    history = client.get(reverse("cms:article-history", args=[source.slug]))
    assert url not in history.content.decode()


# --- The history page ---------------------------------------------------------------------


def test_the_history_page_lists_the_language_versions_and_offers_translate(client, editor):
    source = ArticleFactory(title="Asthma")
    spanish = translation(source, "es", title="Asma")
    history = client.get(reverse("cms:article-history", args=[source.slug])).content.decode()
    assert reverse("cms:article-translate", args=[source.slug]) in history
    assert "Language versions" in history and "Español" in history and "up to date" in history

    source_goes_live_with(source)
    history = client.get(reverse("cms:article-history", args=[spanish.slug])).content.decode()
    assert "A translation of" in history and "“Asthma”" in history
    assert f"following its revision #{spanish.source_revision_id}." in history
    assert "outdated" in history
    assert reverse("cms:source-changes", args=[spanish.slug]) in history
    assert reverse("cms:article-translate", args=[spanish.slug]) not in history


def test_an_article_with_no_translations_shows_no_language_versions(client, editor):
    article = ArticleFactory()
    history = client.get(reverse("cms:article-history", args=[article.slug])).content.decode()
    assert "Language versions" not in history


# --- The translator's edit screen ---------------------------------------------------------


def test_the_edit_screen_shows_the_source_diff_when_the_source_changed(client, editor):
    source = ArticleFactory(title="Asthma")
    spanish = translation(source, "es")
    pinned = spanish.source_revision_id
    changed = source_goes_live_with(source)

    response = client.get(reverse("cms:article-edit", args=[spanish.slug]))
    page = response.content.decode()
    assert f"<ins>{NEW_SENTENCE}</ins>" in page
    assert response.context["source_diff"].words_inserted == len(NEW_SENTENCE.split())
    assert f"from source revision #{pinned}, which" in page and f"to #{changed.history_id}," in page
    assert reverse("cms:source-changes", args=[spanish.slug]) in page
    assert 'class="translation-columns"' in page
    assert "changed substantively" in page
    choices = list(response.context["form"].fields["source_revision"].choices)
    assert [value for value, _ in choices] == [changed.history_id, pinned]
    assert choices[0][1].startswith(f"Revision {changed.history_id} · ")
    assert " · Substantive" in choices[0][1]


def test_the_edit_screen_says_when_the_translation_is_up_to_date(client, editor):
    spanish = translation(ArticleFactory(), "es")
    page = client.get(reverse("cms:article-edit", args=[spanish.slug])).content.decode()
    assert "Up to date with its source" in page
    assert 'class="translation-columns"' not in page


def test_an_original_has_no_source_revision_field(client, editor):
    article = ArticleFactory()
    response = client.get(reverse("cms:article-edit", args=[article.slug]))
    assert "source_revision" not in response.context["form"].fields
    assert "source_changes" not in response.context


def test_re_pinning_as_editorial_past_a_clinical_change_is_refused_with_the_text_kept(
    client, editor
):
    source = ArticleFactory()
    spanish = translation(source, "es")
    pinned = spanish.source_revision_id
    changed = source_goes_live_with(source)
    url = reverse("cms:article-edit", args=[spanish.slug])
    form = client.get(url).context["form"]
    body = form.initial["body"] + "\n\nTome dos inhalaciones cada cuatro horas."

    response = client.post(url, edit_data(form, body=body, source_revision=changed.history_id))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "save it as substantive" in errors
    assert "Tome dos inhalaciones cada cuatro horas." in response.content.decode()
    assert NEW_SENTENCE in response.content.decode()  # the source diff is still beside it
    spanish.refresh_from_db()
    assert spanish.source_revision_id == pinned and spanish.history.count() == 1

    response = client.post(
        url,
        edit_data(form, body=body, source_revision=changed.history_id, change_kind="substantive"),
    )
    assert response.status_code == 302
    spanish.refresh_from_db()
    assert spanish.source_revision_id == changed.history_id
    assert spanish.status == Article.Status.AWAITING_REVIEW


def test_an_editorial_edit_keeping_the_pin_is_allowed(client, editor):
    source = ArticleFactory()
    spanish = translation(source, "es")
    source_goes_live_with(source)
    url = reverse("cms:article-edit", args=[spanish.slug])
    form = client.get(url).context["form"]
    response = client.post(url, edit_data(form, title="Asma, corregido"))
    assert response.status_code == 302
    spanish.refresh_from_db()
    assert spanish.title == "Asma, corregido"
    assert spanish.source_revision_id == form.initial["source_revision"]
