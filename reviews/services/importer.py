"""Importing published sheets: each sheet becomes a published article with its reviewers and
imported sign-offs. One transaction per sheet, so a rejected sheet saves nothing. A re-import
never overwrites what was done in Recheck since the last import (see ``import_sheets``).

Languages (``import_languages``): a re-import of a translation keeps its pin even if the source
changed (the file cannot say which source revision it was made from): the scan flags it until
an editor re-pins it, a signed substantive edit. A reviewer profile the import creates reviews
in the sheet's language (a Spanish sheet's lists "es"); an existing one is left as it is: a
printed name never widens who may sign in a language, only an audited profile change does.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from cms.models import Article, ChangeKind, HistoricalArticle, Topic
from cms.services.revisions import publish_revision, save_revision
from cms.templatetags.cms_tags import us_date
from reviews.choices import AuditAction, SignOffMeaning
from reviews.models import Reviewer, ReviewPolicy, SignOff
from reviews.services.assignments import assign_from_sheet
from reviews.services.audit import record_event
from reviews.services.import_languages import LanguageVersion, language_version, resolve_language
from reviews.services.import_summary import (
    IMPORTED,
    PENDING,
    UNCHANGED,
    UPDATED,
    ImportRefused,
    ImportSummary,
    SheetOutcome,
)
from reviews.services.policies import set_article_policy, starting_policy
from reviews.services.reviewers import get_or_create_reviewer
from reviews.services.signoff import record_sign_off
from reviews.sheets import ParsedSheet, SheetError, find_sheet_files, read_sheet
from reviews.sheets.finding import FAILED, image_roots
from reviews.sheets.images import store_images

logger = logging.getLogger(__name__)


def find_sheets(paths: Iterable[Path]) -> tuple[list[Path], list[SheetOutcome]]:
    """Expand files and folders (recursively) into sheet files, sorted within each folder
    (``reviews.sheets.find_sheet_files``).

    Returns the files and a failed outcome for each path that is missing or not a sheet, and a
    skipped one for each symbolic link in a folder that leads outside the given paths.
    """
    files, problems = find_sheet_files(paths)
    return files, [SheetOutcome(path, status, reason=reason) for path, status, reason in problems]


def resolve_policy(name: str | None) -> ReviewPolicy:
    """The named policy (case-insensitive), or the default one. Raises ImportRefused."""
    if not name:
        return ReviewPolicy.objects.get(is_default=True)
    if policy := ReviewPolicy.objects.filter(name__iexact=name.strip()).first():
        return policy
    known = ", ".join(repr(p.name) for p in ReviewPolicy.objects.all())
    raise ImportRefused(f"no review policy named {name!r}; choose one of {known}")


def import_sheets(
    *,
    paths: Iterable[Path],
    as_of: date,
    at: datetime,
    policy_name: str | None = None,
    topic_name: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    language: str | None = None,
    translation_of: str | None = None,
) -> ImportSummary:
    """Import every sheet under ``paths``. A sheet that fails is reported and saves nothing;
    the others still import. ``as_of`` is today (review dates after it are refused); ``at``
    is the time recorded on new revisions. With ``dry_run`` every change is rolled back.

    Import never overwrites work done in Recheck: a sheet identical to the article's last
    import is "unchanged"; a changed sheet for an article with revisions made in Recheck after
    its last import is a conflict that saves nothing, unless ``force``, which saves the sheet as
    a revision awaiting review ("pending"), never a live one.

    ``language`` (a BCP 47 tag) overrides each sheet's footer labels; ``translation_of`` (a
    slug) imports the sheets as translations of that article (module docstring).

    Raises ImportRefused before reading anything when the policy does not exist or
    ``language`` is not a language tag.
    """
    policy, language = resolve_policy(policy_name), resolve_language(language)
    paths = list(paths)
    files, problems = find_sheets(paths)
    summary = ImportSummary(outcomes=list(problems))
    roots = image_roots(paths)
    first_with_slug: dict[str, Path] = {}  # two sheets of one title in a run: the second fails
    for done, path in enumerate(files, start=1):
        outcome = import_sheet(
            path=path,
            policy=policy,
            topic_name=topic_name,
            as_of=as_of,
            at=at,
            dry_run=dry_run,
            explicit_policy=bool(policy_name),
            force=force,
            earlier=first_with_slug,
            roots=roots,
            language=language,
            translation_of=translation_of,
        )
        summary.outcomes.append(outcome)
        if outcome.status != FAILED:
            first_with_slug.setdefault(outcome.slug, path)
        if progress:
            progress(done, len(files))
    return summary


def import_sheet(
    *,
    path: Path,
    policy: ReviewPolicy,
    as_of: date,
    at: datetime,
    topic_name: str | None = None,
    dry_run: bool = False,
    explicit_policy: bool = True,
    force: bool = False,
    earlier: dict[str, Path] | None = None,
    roots: list[Path] | None = None,
    language: str | None = None,
    translation_of: str | None = None,
) -> SheetOutcome:
    """Import one sheet in its own transaction; returns its outcome and never raises for a
    bad sheet. ``earlier`` maps the slugs already imported in this run to their files: a
    sheet with one of them fails, naming that file. Images: see ``read_sheet`` (``roots``).
    ``language`` (standard BCP 47) and ``translation_of`` (a slug): see ``import_sheets``."""
    try:
        sheet = read_sheet(path, as_of=as_of, roots=roots)
        first = (earlier or {}).get(_slug(sheet))
        if first is not None and first.resolve() != path.resolve():
            raise SheetError(f"the same title as {first}, imported earlier in this run")
        with transaction.atomic():
            status, slug = _save_sheet(
                sheet,
                path=path,
                policy=policy,
                explicit_policy=explicit_policy,
                topic_name=topic_name,
                as_of=as_of,
                at=at,
                force=force,
                version=language_version(sheet, language=language, translation_of=translation_of),
            )
            if dry_run:
                transaction.set_rollback(True)
            else:
                store_images(sheet.images)
        return SheetOutcome(path, status, slug=slug, warnings=sheet.warning_lines(path))
    except SheetError as error:
        return SheetOutcome(path, FAILED, reason=error.reason, line=error.line)
    except ValidationError as error:
        return SheetOutcome(path, FAILED, reason="; ".join(error.messages))
    except OSError as error:
        return SheetOutcome(path, FAILED, reason=f"cannot read the file: {error.strerror}")
    except RecursionError:  # a safety net: the reader refuses deep nesting before walking it
        return SheetOutcome(path, FAILED, reason="nested too deeply to read")
    except Exception as error:  # a bug must not stop the other sheets; the log has the trace
        logger.exception("Unexpected error importing %s", path)
        return SheetOutcome(path, FAILED, reason=f"unexpected error: {type(error).__name__}")


def topic_for_title(title: str) -> str:
    """'Acute Lymphocytic Leukemia: Targeted Therapy' -> 'Acute Lymphocytic Leukemia'."""
    return title.split(":", 1)[0].strip() or title


def _save_sheet(
    sheet: ParsedSheet,
    *,
    path: Path,
    policy: ReviewPolicy,
    explicit_policy: bool,
    topic_name: str | None,
    as_of: date,
    at: datetime,
    force: bool,
    version: LanguageVersion,
) -> tuple[str, str]:
    slug = _slug(sheet)
    if not slug:
        raise SheetError(f"the title {sheet.title!r} gives no usable slug")
    article = Article.objects.select_for_update().filter(slug=slug).first()
    version = version.of(article)
    topic = version.topic  # a translation's is its source's, not one named in its language
    if topic is None or topic_name:
        topic = _topic((topic_name or topic_for_title(sheet.title))[:200])
    if article is None:
        article = Article(slug=slug, originated_on=sheet.reviewed_on or as_of)
        version.link_new(article)
        explicit = policy if explicit_policy else None
        _create_article(article, sheet, topic=topic, path=path, policy=explicit, at=at)
        return IMPORTED, slug
    if article.title != sheet.title:
        raise SheetError(f"its slug {slug!r} already belongs to {article.title!r}")
    version.check_existing(article)
    status = _update_article(
        article,
        sheet,
        topic=topic,
        path=path,
        policy=policy if explicit_policy else None,
        at=at,
        force=force,
    )
    return status, slug


def _slug(sheet: ParsedSheet) -> str:
    return slugify(sheet.title)[:300].strip("-")


def _topic(name: str) -> Topic:
    """The topic of that name in any case ("ASTHMA" is "Asthma"), or of the slug it gives;
    created when there is none."""
    slug = slugify(name)[:200]
    found = Topic.objects.filter(Q(name__iexact=name) | Q(slug=slug)).order_by("pk").first()
    return found or Topic.objects.create(name=name, slug=slug)


def _create_article(article: Article, sheet: ParsedSheet, *, topic, path, policy, at) -> None:
    """A new sheet (``article`` unsaved): published at once, with its reviewers and signatures."""
    _set_content(article, sheet, topic)
    article.status = Article.Status.PUBLISHED
    revision = save_revision(
        article=article, kind=ChangeKind.IMPORTED, reason=f"Imported from {path.name}", at=at
    )
    policy = policy or starting_policy(translation_of_id=article.translation_of_id)
    set_article_policy(article=article, policy=policy, at=at)
    publish_revision(article=article, revision=revision, at=at)
    source = path.name  # the file, never the server's directories
    reviewers = _printed_reviewers(sheet, source=source, at=at, language=article.language)
    _apply_sheet_review(article, revision, sheet, reviewers, at=at, source=source)


def _update_article(article: Article, sheet: ParsedSheet, *, topic, path, policy, at, force) -> str:
    """A sheet imported before: unchanged, updated, or (over work done in Recheck since the
    last import) refused, or with ``force`` saved as a pending revision. ``policy`` replaces
    the article's only when given explicitly."""
    source = path.name  # the file, never the server's directories
    if policy is not None:  # an explicit policy applies even when the text is unchanged
        set_article_policy(article=article, policy=policy, at=at)
    last_import = last_imported_revision(article)
    reviewers = _printed_reviewers(sheet, source=source, at=at, language=article.language)
    if (
        last_import is not None
        and _same_content(last_import, sheet, topic)
        and not _unrecorded_signatures(last_import, reviewers, sheet.reviewed_on)
    ):
        return UNCHANGED
    in_app_revision = _in_app_revision(article, last_import)
    if in_app_revision is not None:
        if not force:
            raise SheetError(_conflict_reason(in_app_revision))
        return _save_pending(article, sheet, topic, path=path, at=at)

    _set_content(article, sheet, topic)
    revision = save_revision(
        article=article, kind=ChangeKind.IMPORTED, reason=f"Imported from {path.name}", at=at
    )
    if revision is None:
        revision = last_import
    elif last_import.history_id == article.live_revision_id:
        publish_revision(article=article, revision=revision, at=at)
    _apply_sheet_review(article, revision, sheet, reviewers, at=at, source=source)
    return UPDATED


def _in_app_revision(
    article: Article, last_import: HistoricalArticle | None
) -> HistoricalArticle | None:
    """The newest revision saved in Recheck since the last import (any, if never imported)."""
    in_app = article.history.all()
    if last_import is not None:
        in_app = in_app.filter(history_id__gt=last_import.history_id)
    return in_app.order_by("-history_id").first()


def last_imported_revision(article: Article) -> HistoricalArticle | None:
    """The revision the article's last import saved (or found unchanged), or None."""
    return article.history.filter(change_kind=ChangeKind.IMPORTED).order_by("-history_id").first()


def _set_content(article: Article, sheet: ParsedSheet, topic: Topic) -> None:
    article.title = sheet.title
    article.body = sheet.body
    article.references = sheet.references
    article.source = sheet.source
    article.topic = topic


def _same_content(revision: HistoricalArticle, sheet: ParsedSheet, topic: Topic) -> bool:
    return (
        revision.title, revision.body, revision.references, revision.source, revision.topic_id
    ) == (sheet.title, sheet.body, sheet.references, sheet.source, topic.pk)  # fmt: skip


def _conflict_reason(revision: HistoricalArticle) -> str:
    who = revision.history_user.get_username() if revision.history_user_id else "someone"
    return (
        f"the article was changed in Recheck since its last import (revision "
        f"{revision.history_id}, {revision.change_kind or 'edit'} by {who} on "
        f"{us_date(timezone.localdate(revision.history_date))}); nothing was saved. Merge the "
        "sheet's changes in the editor, or re-run with --force to save the sheet as a revision "
        "awaiting review"
    )


def _save_pending(article: Article, sheet: ParsedSheet, topic: Topic, *, path, at) -> str:
    """--force on a conflict: the sheet becomes a revision awaiting review, never a live one;
    its printed reviewers and signatures are not applied (they vouch for text outside Recheck,
    which reviewers here must approve)."""
    _set_content(article, sheet, topic)
    article.status = Article.Status.AWAITING_REVIEW
    revision = save_revision(
        article=article,
        kind=ChangeKind.IMPORTED,
        reason=f"Imported from {path.name} (--force over changes made in Recheck; awaits review)",
        at=at,
    )
    if revision is None:
        return UNCHANGED
    record_event(
        action=AuditAction.IMPORT_CONFLICT,
        at=at,
        article=article,
        revision=revision,
        detail=f"{path.name} differed from the article's changes in Recheck; saved for review.",
    )
    return PENDING


def _printed_reviewers(sheet: ParsedSheet, *, source: str, at: datetime, language: str):
    """The sheet's reviewers; a profile created here reviews in ``language`` (the module
    docstring says why an existing one is left as it is)."""
    return [
        get_or_create_reviewer(
            full_name=name, credentials=credentials, source=source, at=at, languages=language
        )[0]
        for name, credentials in sheet.reviewers
    ]


def _apply_sheet_review(article, revision, sheet: ParsedSheet, reviewers, *, at, source) -> None:
    """The sheet's printed reviewers become the article's reviewers, and their signatures are
    recorded on ``revision`` (the sheet's text) on the sheet's review date; all audited,
    naming the file."""
    assign_from_sheet(
        article=article, reviewers=reviewers, role=sheet.reviewer_role, at=at, source=source
    )
    for reviewer in _unrecorded_signatures(revision, reviewers, sheet.reviewed_on):
        record_sign_off(
            revision=revision,
            reviewer=reviewer,
            meaning=SignOffMeaning.IMPORTED,
            signed_at=_signed_at(sheet.reviewed_on),
            source=source,
            recorded_at=at,
        )


def _signed_at(reviewed_on: date) -> datetime:
    return timezone.make_aware(datetime.combine(reviewed_on, time(12, 0)))


def _unrecorded_signatures(
    revision: HistoricalArticle, reviewers: list[Reviewer], reviewed_on: date | None
) -> list[Reviewer]:
    """The printed reviewers whose signature on the sheet's review date is not recorded for
    the article yet. A review printed again on a changed sheet stays bound to the text it was
    recorded on: a changed text with the same review date was not reviewed again."""
    if reviewed_on is None or not reviewers:
        return []
    recorded = set(
        SignOff.objects.filter(
            article_id=revision.id,
            meaning=SignOffMeaning.IMPORTED,
            signed_at=_signed_at(reviewed_on),
        ).values_list("reviewer_id", flat=True)
    )
    return [r for r in dict.fromkeys(reviewers) if r.pk not in recorded]
