"""Importing published sheets: each sheet becomes a published article with its reviewers and
imported sign-offs. One transaction per sheet, so a rejected sheet saves nothing."""

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cms.models import Article, ChangeKind, Topic
from cms.services.revisions import publish_revision, save_revision
from reviews.choices import SignOffMeaning
from reviews.models import ArticleReviewer, Reviewer, ReviewPolicy, SignOff
from reviews.services.signoff import record_sign_off
from reviews.sheets import SHEET_SUFFIXES, ParsedSheet, SheetError, read_sheet

logger = logging.getLogger(__name__)

IMPORTED = "imported"
UPDATED = "updated"
UNCHANGED = "unchanged"
FAILED = "failed"


class ImportRefused(Exception):
    """The import cannot start (e.g. an unknown policy); nothing was read or saved."""


@dataclass(frozen=True)
class SheetOutcome:
    path: Path
    status: str  # imported, updated, unchanged or failed
    slug: str = ""
    reason: str = ""
    line: int | None = None

    @property
    def error_line(self) -> str:
        """'path:line: reason', the one line a rejection prints."""
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.reason}"


@dataclass
class ImportSummary:
    outcomes: list[SheetOutcome] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(outcome.status for outcome in self.outcomes)

    @property
    def failed(self) -> list[SheetOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == FAILED]


def find_sheets(paths: Iterable[Path]) -> tuple[list[Path], list[SheetOutcome]]:
    """Expand files and folders (recursively) into sheet files, sorted within each folder.

    Returns the files and a failed outcome for each path that is missing or not a sheet.
    """
    files: list[Path] = []
    problems: list[SheetOutcome] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SHEET_SUFFIXES
                )
            )
        elif path.is_file():
            if path.suffix.lower() in SHEET_SUFFIXES:
                files.append(path)
            else:
                problems.append(
                    SheetOutcome(path, FAILED, reason="not a .txt, .html or .htm sheet")
                )
        else:
            problems.append(SheetOutcome(path, FAILED, reason="no such file or folder"))
    return files, problems


def resolve_policy(name: str | None) -> ReviewPolicy:
    """The named policy (case-insensitive), or the default one. Raises ImportRefused."""
    if not name:
        return ReviewPolicy.objects.get(is_default=True)
    policy = ReviewPolicy.objects.filter(name__iexact=name.strip()).first()
    if policy is None:
        known = ", ".join(repr(p.name) for p in ReviewPolicy.objects.all())
        raise ImportRefused(f"no review policy named {name!r}; choose one of {known}")
    return policy


def import_sheets(
    *,
    paths: Iterable[Path],
    as_of: date,
    at: datetime,
    policy_name: str | None = None,
    topic_name: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import every sheet under ``paths``. A sheet that fails is reported and saves nothing;
    the others still import. ``as_of`` is today (review dates after it are refused); ``at``
    is the time recorded on new revisions. With ``dry_run`` every change is rolled back.

    Raises ImportRefused before reading anything when the policy does not exist.
    """
    policy = resolve_policy(policy_name)
    files, problems = find_sheets(paths)
    summary = ImportSummary(outcomes=list(problems))
    for done, path in enumerate(files, start=1):
        summary.outcomes.append(
            import_sheet(
                path=path,
                policy=policy,
                topic_name=topic_name,
                as_of=as_of,
                at=at,
                dry_run=dry_run,
                explicit_policy=bool(policy_name),
            )
        )
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
) -> SheetOutcome:
    """Import one sheet in its own transaction; returns its outcome and never raises for a
    bad sheet."""
    try:
        sheet = read_sheet(path, as_of=as_of)
        with transaction.atomic():
            status, slug = _save_sheet(
                sheet,
                path=path,
                policy=policy,
                explicit_policy=explicit_policy,
                topic_name=topic_name,
                as_of=as_of,
                at=at,
            )
            if dry_run:
                transaction.set_rollback(True)
        return SheetOutcome(path, status, slug=slug)
    except SheetError as error:
        return SheetOutcome(path, FAILED, reason=error.reason, line=error.line)
    except ValidationError as error:
        return SheetOutcome(path, FAILED, reason="; ".join(error.messages))
    except OSError as error:
        return SheetOutcome(path, FAILED, reason=f"cannot read the file: {error.strerror}")
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
) -> tuple[str, str]:
    slug = slugify(sheet.title)[:300].strip("-")
    if not slug:
        raise SheetError(f"the title {sheet.title!r} gives no usable slug")
    topic, _ = Topic.objects.get_or_create(name=(topic_name or topic_for_title(sheet.title))[:200])

    article = Article.objects.filter(slug=slug).first()
    created = article is None
    if created:
        article = Article(slug=slug, originated_on=sheet.reviewed_on or as_of)
        article.review_policy = policy
    elif article.title != sheet.title:
        raise SheetError(f"its slug {slug!r} already belongs to {article.title!r}")
    elif explicit_policy:
        article.review_policy = policy

    article.title = sheet.title
    article.body = sheet.body
    article.source = sheet.source
    article.topic = topic
    article.status = Article.Status.PUBLISHED
    revision = save_revision(
        article=article, kind=ChangeKind.IMPORTED, reason=f"Imported from {path}", at=at
    )
    if revision is not None:
        publish_revision(article=article, revision=revision, at=at)
    elif article.live_revision is None:
        publish_revision(article=article, revision=article.history.latest("history_id"), at=at)

    reviewers = [
        Reviewer.objects.get_or_create(full_name=name[:200], credentials=credentials[:100])[0]
        for name, credentials in sheet.reviewers
    ]
    links_changed = _assign_reviewers(article, reviewers, role=sheet.reviewer_role)
    signed = _record_imported_sign_offs(article, reviewers, sheet.reviewed_on)

    if created:
        return IMPORTED, slug
    if revision is not None or links_changed or signed:
        return UPDATED, slug
    return UNCHANGED, slug


def _assign_reviewers(article: Article, reviewers: list[Reviewer], *, role: str) -> bool:
    """Make the article's printed reviewers exactly ``reviewers``, in order. True if changed."""
    current = list(article.reviewer_links.order_by("position", "id"))
    if [(link.reviewer_id, link.role) for link in current] == [(r.pk, role) for r in reviewers]:
        return False
    article.reviewer_links.all().delete()
    ArticleReviewer.objects.bulk_create(
        ArticleReviewer(article=article, reviewer=reviewer, position=position, role=role)
        for position, reviewer in enumerate(reviewers)
    )
    return True


def _record_imported_sign_offs(
    article: Article, reviewers: list[Reviewer], reviewed_on: date | None
) -> int:
    """One imported sign-off per reviewer on the sheet's review date, bound to the live
    revision, unless that reviewer's sign-off for that date is already recorded."""
    if reviewed_on is None or not reviewers:
        return 0
    signed_at = timezone.make_aware(datetime.combine(reviewed_on, time(12, 0)))
    already = set(
        SignOff.objects.filter(
            article=article, meaning=SignOffMeaning.IMPORTED, signed_at=signed_at
        ).values_list("reviewer_id", flat=True)
    )
    added = 0
    for reviewer in reviewers:
        if reviewer.pk in already:
            continue
        record_sign_off(
            revision=article.live_revision,
            reviewer=reviewer,
            meaning=SignOffMeaning.IMPORTED,
            signed_at=signed_at,
        )
        added += 1
    return added
