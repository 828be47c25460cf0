"""``translation_outdated``: raised by the scan when a source goes live with a clinical change
its translations lack, resolved by re-pinning; and the reviewers who may sign a translation."""

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import ChangeKind
from cms.services.editing import edit_article, latest_revision
from cms.services.revisions import publish_revision
from reviews.choices import FlagKind
from reviews.selectors.flag_reasons import article_flag_reasons
from reviews.services.assignments import AssignmentRefused, assign_reviewers
from reviews.services.scan import scan_reviews
from reviews.services.signoff import SignOffRefused, check_can_sign
from tests.factories import (
    ArticleFactory,
    UserFactory,
    assign,
    editor_account,
    reviewer_account,
    translation,
)

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 23)
NOW = timezone.make_aware(datetime.combine(AS_OF, time(10, 0)))


def outdated(article) -> bool:
    return article.flags.filter(kind=FlagKind.TRANSLATION_OUTDATED, resolved_on=None).exists()


def source_goes_live_with(source, kind):
    edit = edit_article(
        article_id=source.pk,
        editor=editor_account(),
        changes={"body": [*source.body, {"type": "paragraph", "text": "New dosing."}]},
        kind=kind,
        reason="Dosing",
        base_revision_id=latest_revision(source).history_id,
        at=NOW,
    )
    if kind == ChangeKind.SUBSTANTIVE:  # approved: what a completed review does
        source.refresh_from_db()
        publish_revision(article=source, revision=edit, at=NOW)
    return edit


def test_a_substantive_source_change_raises_the_flag_and_an_editorial_one_does_not():
    source, other = ArticleFactory(), ArticleFactory()
    spanish, spanish_other = translation(source), translation(other)
    source_goes_live_with(source, ChangeKind.SUBSTANTIVE)
    source_goes_live_with(other, ChangeKind.EDITORIAL)

    result = scan_reviews(as_of=AS_OF)

    assert outdated(spanish) and not outdated(spanish_other)
    assert result.raised[FlagKind.TRANSLATION_OUTDATED] == 1
    assert not outdated(source)


def test_re_pinning_resolves_the_flag():
    source = ArticleFactory()
    spanish = translation(source)
    changed = source_goes_live_with(source, ChangeKind.SUBSTANTIVE)
    scan_reviews(as_of=AS_OF)
    edit_article(
        article_id=spanish.pk,
        editor=editor_account(),
        changes={
            "source_revision": changed,
            "body": [*spanish.body, {"type": "paragraph", "text": "Nueva dosis."}],
        },
        kind=ChangeKind.SUBSTANTIVE,
        reason="Actualizada a la fuente",
        base_revision_id=latest_revision(spanish).history_id,
        at=NOW,
    )
    result = scan_reviews(as_of=AS_OF)
    assert not outdated(spanish)
    assert result.resolved[FlagKind.TRANSLATION_OUTDATED] == 1


def test_the_reason_links_the_source_diff_since_the_pinned_revision(client):
    source = ArticleFactory()
    spanish = translation(source)
    pinned = spanish.source_revision_id
    changed = source_goes_live_with(source, ChangeKind.SUBSTANTIVE)
    scan_reviews(as_of=AS_OF)

    reasons = article_flag_reasons(spanish, as_of=AS_OF)
    (reason,) = [r for r in reasons if r.kind == FlagKind.TRANSLATION_OUTDATED]
    assert f"since revision {pinned}" in reason.text
    (text, url) = reason.links[0]
    client.force_login(editor_account())
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == (f"/articles/{source.slug}/diff/?to={changed.history_id}&from={pinned}")
    diff = client.get(response.url)
    assert "New dosing." in diff.content.decode()


def test_the_scan_with_translations_issues_the_same_queries_as_articles_grow():
    def queries_for_a_scan():
        with CaptureQueriesContext(connection) as captured:
            scan_reviews(as_of=AS_OF)
        return len(captured)

    source = ArticleFactory()
    translation(source)
    source_goes_live_with(source, ChangeKind.SUBSTANTIVE)
    first = queries_for_a_scan()
    for _ in range(5):
        more = ArticleFactory()
        translation(more)
        source_goes_live_with(more, ChangeKind.SUBSTANTIVE)
    assert queries_for_a_scan() == first


def test_only_a_reviewer_who_lists_the_language_can_sign_or_be_assigned():
    source = ArticleFactory()
    spanish = translation(source)
    english_only = reviewer_account("Ann Lee")
    bilingual = reviewer_account("Rosa Diaz", languages="en es")
    assign(spanish, english_only, bilingual)
    with pytest.raises(SignOffRefused, match="do not review in Español"):
        check_can_sign(article=spanish, user=english_only.user, as_of=AS_OF)
    assert check_can_sign(article=spanish, user=bilingual.user, as_of=AS_OF) == bilingual

    admin = UserFactory(username="admin", role="Content admins")
    fresh = translation(ArticleFactory(), language="es-MX")
    with pytest.raises(AssignmentRefused, match="do not review in"):
        assign_reviewers(article=fresh, reviewers=[english_only], actor=admin, at=NOW)
    assign_reviewers(article=fresh, reviewers=[bilingual], actor=admin, at=NOW)  # es covers es-MX
    assert list(fresh.reviewer_links.values_list("reviewer", flat=True)) == [bilingual.pk]
