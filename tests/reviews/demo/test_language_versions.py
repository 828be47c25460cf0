"""The demo's Spanish versions: imported as translations, one up to date with its source and
one outdated (its source went live with a clinical change after the version's pin)."""

from datetime import date

import pytest

from cms.models import Article, ChangeKind
from cms.translations import is_outdated
from reviews.demo import load_demo_data
from reviews.models import AuditEvent, Reviewer, ReviewFlag
from reviews.services.scan import scan_reviews

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 23)
UP_TO_DATE = "leucemia-linfocitica-aguda-terapia-dirigida"
OUTDATED = "accidente-cerebrovascular-senales-de-advertencia"


def _open_flags(slug: str) -> set[str]:
    return set(
        ReviewFlag.objects.filter(article__slug=slug, resolved_on__isnull=True).values_list(
            "kind", flat=True
        )
    )


def test_the_demo_has_a_spanish_version_up_to_date_and_one_outdated():
    load_demo_data(as_of=AS_OF)
    scan_reviews(as_of=AS_OF)
    current = Article.objects.select_related("translation_of").get(slug=UP_TO_DATE)
    behind = Article.objects.select_related("translation_of").get(slug=OUTDATED)
    assert (current.language, current.translation_of.slug) == (
        "es",
        "acute-lymphocytic-leukemia-targeted-therapy",
    )
    assert (behind.language, behind.translation_of.slug) == ("es", "stroke-warning-signs")
    assert current.source_revision_id == current.translation_of.live_revision_id
    assert not is_outdated(current) and is_outdated(behind)
    assert "translation_outdated" in _open_flags(OUTDATED)
    assert "translation_outdated" not in _open_flags(UP_TO_DATE)
    # The source's change is clinical, signed and live, after the Spanish version's pin.
    live = behind.translation_of.live_revision
    assert live.change_kind == ChangeKind.SUBSTANTIVE
    assert live.history_id > behind.source_revision_id
    assert behind.live_revision.history_date < live.history_date


def test_the_spanish_versions_read_their_footer_and_are_signed_by_a_spanish_reviewer():
    load_demo_data(as_of=AS_OF)
    maya = Reviewer.objects.get(full_name="Maya Patel")
    assert maya.language_list == ["en", "es"]
    for slug, reviewed_on in ((UP_TO_DATE, date(2025, 3, 14)), (OUTDATED, date(2025, 2, 3))):
        article = Article.objects.get(slug=slug)
        assert article.review.last_reviewed_on == reviewed_on  # D/M/YYYY
        assert [link.reviewer for link in article.reviewer_links.all()] == [maya]
        assert article.reviewer_links.get().role == "Revisora médica en línea"
        assert AuditEvent.objects.filter(
            action="reviewer_assigned", article=article, detail__contains=f"from {slug}.txt"
        ).exists()
        assert article.topic == article.translation_of.topic


def test_reloading_the_demo_leaves_the_language_versions_as_they_are():
    load_demo_data(as_of=AS_OF)
    before = list(Article.history.order_by("history_id").values_list("history_id", flat=True))
    again = load_demo_data(as_of=AS_OF)
    assert again.articles_created == 0
    assert list(Article.history.order_by("history_id").values_list("history_id", flat=True)) == (
        before
    )
