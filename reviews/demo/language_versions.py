"""The demo's Spanish versions (``reviews.demo.data.LANGUAGE_VERSIONS``): imported through the
importer as translations of two demo sheets, then one source changes clinically and goes live
with its reviewers' signatures, so that version is outdated (the scan flags it
``translation_outdated``) and the other is up to date."""

from datetime import date, datetime, timedelta

from cms.models import Article, ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.choices import SignOffMeaning
from reviews.demo.data import DEMO_PASSWORD, LANGUAGE_VERSIONS, SOURCE_CHANGE
from reviews.models import ReviewPolicy
from reviews.services.importer import FAILED, IMPORTED, import_sheet
from reviews.services.signoff import revision_hash, sign_off


def load_language_versions(*, as_of: date, on) -> tuple[int, int]:
    """Import the Spanish versions (unchanged on a re-load), then change the stroke sheet's
    source once. ``on(day)`` is the demo's moment on ``day``. Returns (created, existing).
    Raises RuntimeError if a sheet does not import."""
    created = existing = 0
    for path, source_slug, days_ago in LANGUAGE_VERSIONS:
        outcome = import_sheet(
            path=path,
            policy=ReviewPolicy.objects.get(is_default=True),
            as_of=as_of,
            at=on(as_of - timedelta(days=days_ago)),
            translation_of=source_slug,
        )
        if outcome.status == FAILED:
            raise RuntimeError(f"A demo Spanish sheet did not import: {outcome.error_line}")
        if outcome.status == IMPORTED:
            created += 1
        else:
            existing += 1
    _change_source(at=on(as_of - timedelta(days=SOURCE_CHANGE["days_ago"])))
    return created, existing


def _change_source(*, at: datetime) -> None:
    """The clinical change to the stroke sheet, once: its owner saves it as substantive and its
    assigned reviewers sign it (``sign_off``, as in the workspace) until it goes live."""
    source = Article.objects.get(slug=SOURCE_CHANGE["slug"])
    if source.history.filter(history_change_reason=SOURCE_CHANGE["reason"]).exists():
        return
    revision = edit_article(
        article_id=source.pk,
        editor=source.owner,
        changes={"body": [*source.body, {"type": "paragraph", "text": SOURCE_CHANGE["paragraph"]}]},
        kind=ChangeKind.SUBSTANTIVE,
        reason=SOURCE_CHANGE["reason"],
        base_revision_id=latest_revision(source).history_id,
        at=at,
    )
    for link in source.reviewer_links.select_related("reviewer__user").order_by("position"):
        result = sign_off(
            article_id=source.pk,
            user=link.reviewer.user,
            revision_id=revision.history_id,
            content_sha256=revision_hash(revision),
            meaning=SignOffMeaning.APPROVED,
            comment="",
            password=DEMO_PASSWORD,
            at=at,
            sources_checked=True,
        )
        if result.went_live:
            return
    raise RuntimeError(f"The demo's change to {source.slug!r} did not go live.")
