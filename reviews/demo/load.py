"""Loading the demo data (``reviews.demo.data``) through the services: users for each role,
reviewers, and a library of articles whose review dates spread across overdue, due soon, never
reviewed and up to date, plus the sample sheet through the importer, and Spanish versions of
two sheets (``language_versions``: one up to date with its source, one outdated)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cms.markup import body_from_markup
from cms.models import Article, ChangeKind, Topic
from cms.services.revisions import publish_revision, save_revision
from reviews.choices import SignOffMeaning
from reviews.demo.data import (
    BODY,
    BRAND_SHEET,
    DEMO_PASSWORD,
    DRUG_DATA,
    READER_REPORTS,
    REVIEWER_LANGUAGES,
    REVIEWERS,
    RICH_BODIES,
    SAMPLE_SHEET,
    TOPICS,
    USERS,
)
from reviews.demo.language_versions import load_language_versions
from reviews.drugdata.load import import_drug_files
from reviews.due import add_months
from reviews.models import FlagSnapshot, ReaderReport, Reviewer, ReviewPolicy
from reviews.services.assignments import assign_reviewers
from reviews.services.importer import FAILED, IMPORTED, import_sheet
from reviews.services.mentions import rematch_all_articles
from reviews.services.policies import set_article_policy
from reviews.services.reader_reports import report_problem
from reviews.services.reviewers import save_reviewer
from reviews.services.scan import scan_reviews
from reviews.services.signoff import record_sign_off


@dataclass
class DemoSummary:
    users_created: int = 0
    reviewers_created: int = 0
    articles_created: int = 0
    articles_existing: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def _at(day: date, latest: datetime | None) -> datetime:
    """9:00 on ``day``, or ``latest`` if that is earlier: nothing is dated after the moment the
    demo is loaded (a load before 9:00 would otherwise date today's work in the future)."""
    moment = timezone.make_aware(datetime.combine(day, time(9, 0)))
    return min(moment, latest) if latest is not None else moment


@transaction.atomic
def load_demo_data(*, as_of: date, at: datetime | None = None) -> DemoSummary:
    """Create the demo users, reviewers and articles that do not exist yet. Idempotent:
    existing users and articles (matched by username and slug) are left as they are. ``at``
    (the moment of loading) bounds every date the demo writes."""
    summary = DemoSummary()
    users = _load_users(summary)
    reviewers = _load_reviewers(summary, users, as_of, at)
    policies = list(ReviewPolicy.objects.order_by("-is_default", "name"))
    # The drug vocabulary and events first: each sheet published after it gets its mentions.
    import_drug_files([DRUG_DATA])
    _load_sample_sheet(summary, as_of=as_of, latest=at)
    _load_brand_sheet(summary, reviewer=reviewers[0], owner=users["editor"], latest=at)

    number = 0
    for topic_name, subjects in TOPICS.items():
        topic, _ = Topic.objects.get_or_create(name=topic_name)
        for subject in subjects:
            number += 1
            title = f"{topic_name}: {subject}"
            if Article.objects.filter(slug=slugify(title)).exists():
                summary.articles_existing += 1
                continue
            _load_article(
                number=number,
                title=title,
                topic=topic,
                subject=subject,
                policy=policies[number % len(policies)],
                owner=users["editor" if number % 3 else "editor2"],
                # Only reviewers with an account can sign, so only they are assigned: Maya and
                # Omar, in turn first. The others are printed names without accounts.
                signers=[reviewers[number % 2], reviewers[(number + 1) % 2]],
                as_of=as_of,
                latest=at,
            )
            summary.articles_created += 1
    created, existing = load_language_versions(as_of=as_of, on=lambda day: _at(day, at))
    summary.articles_created += created
    summary.articles_existing += existing
    _load_reader_reports(as_of=as_of, latest=at)
    rematch_all_articles()  # sheets of an older demo load, matched against today's vocabulary
    return summary


def _load_reader_reports(*, as_of: date, latest) -> None:
    """A few readers' reports on demo sheets, once (the owners' triage list has work)."""
    if ReaderReport.objects.exists():
        return
    for title, message, days_ago in READER_REPORTS:
        article = Article.objects.filter(title=title, live_revision__isnull=False).first()
        if article is not None:
            at = _at(as_of - timedelta(days=days_ago), latest)
            report_problem(article=article, message=message, address="192.0.2.10", at=at)


def _load_users(summary: DemoSummary) -> dict:
    User = get_user_model()
    users = {}
    for username, first, last, group_name, superuser in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": superuser or group_name == "Content admins",
                "is_superuser": superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=group_name))
            summary.users_created += 1
        users[username] = user
        role = f"{group_name} (superuser)" if superuser else group_name
        summary.logins.append((role, username, DEMO_PASSWORD))
    return users


def _load_reviewers(summary: DemoSummary, users: dict, as_of: date, latest) -> list[Reviewer]:
    reviewers = []
    for full_name, credentials, specialty, username, expires_in in REVIEWERS:
        reviewer = Reviewer.objects.filter(full_name=full_name, credentials=credentials).first()
        if reviewer is None:
            reviewer = Reviewer(
                full_name=full_name,
                credentials=credentials,
                specialty=specialty,
                user=users.get(username),
                credentials_verified_on=as_of - timedelta(days=300) if username else None,
                credentials_expire_on=(
                    as_of + timedelta(days=expires_in) if expires_in is not None else None
                ),
                languages=REVIEWER_LANGUAGES.get(full_name, "en"),
            )
            save_reviewer(reviewer=reviewer, actor=None, at=_at(as_of, latest), reason="demo data")
            summary.reviewers_created += 1
        elif not set(REVIEWER_LANGUAGES.get(full_name, "").split()) <= set(reviewer.language_list):
            # A demo loaded before language versions: the reviewer now also signs in Spanish.
            reviewer.languages = REVIEWER_LANGUAGES[full_name]
            save_reviewer(reviewer=reviewer, actor=None, at=_at(as_of, latest), reason="demo data")
        reviewers.append(reviewer)
    return reviewers


def _load_sample_sheet(summary: DemoSummary, *, as_of: date, latest) -> None:
    """The real sample sheet, through the importer, as a publisher would load it."""
    outcome = import_sheet(
        path=SAMPLE_SHEET,
        policy=ReviewPolicy.objects.get(is_default=True),
        as_of=as_of,
        at=_at(as_of, latest),
    )
    if outcome.status == FAILED:
        raise RuntimeError(f"The demo's sample sheet did not import: {outcome.error_line}")
    if outcome.status == IMPORTED:
        summary.articles_created += 1
    else:
        summary.articles_existing += 1


def _load_brand_sheet(summary: DemoSummary, *, reviewer, owner, latest) -> None:
    """The sheet that names its drug only by its brand (``BRAND_SHEET``), reviewed once."""
    if Article.objects.filter(slug=slugify(BRAND_SHEET["title"])).exists():
        summary.articles_existing += 1
        return
    reviewed_on = BRAND_SHEET["reviewed_on"]
    originated_on = reviewed_on - timedelta(days=30)
    topic, _ = Topic.objects.get_or_create(name=BRAND_SHEET["topic"])
    article = Article(
        title=BRAND_SHEET["title"],
        slug=slugify(BRAND_SHEET["title"]),
        summary="What to know when you start Revuforj.",
        body=body_from_markup(BRAND_SHEET["markup"]),
        source="Recheck demo library",
        topic=topic,
        owner=owner,
        originated_on=originated_on,
    )
    at = _at(originated_on, latest)
    revision = save_revision(article=article, kind=ChangeKind.IMPORTED, reason="Demo data", at=at)
    set_article_policy(article=article, policy=ReviewPolicy.objects.get(is_default=True), at=at)
    publish_revision(article=article, revision=revision, at=at)
    assign_reviewers(article=article, reviewers=[reviewer], actor=owner, at=at)
    record_sign_off(
        revision=revision,
        reviewer=reviewer,
        meaning=SignOffMeaning.APPROVED,
        signed_at=_at(reviewed_on, latest),
        source="demo data",
        recorded_at=_at(reviewed_on, latest),
    )
    summary.articles_created += 1


def _load_article(*, number, title, topic, subject, policy, owner, signers, as_of, latest) -> None:
    """One demo article; ``number`` picks where its review date falls."""

    def _on(day: date) -> datetime:
        return _at(day, latest)

    spread = number % 8
    if spread in (0, 1):  # overdue by 10 days to about two years
        last_reviewed = add_months(as_of, -policy.interval_months) - timedelta(
            days=10 + 37 * number
        )
    elif spread == 2:  # due within the review window
        last_reviewed = add_months(as_of, -policy.interval_months) + timedelta(days=3 + number % 50)
    elif spread == 3:  # never reviewed
        last_reviewed = None
    elif spread == 4:  # not reviewed for over five years: a withdrawal candidate
        last_reviewed = add_months(as_of, -(policy.withdrawal_after_months + 2))
    else:  # up to date
        last_reviewed = as_of - timedelta(days=20 + 23 * number)

    originated_on = (last_reviewed or as_of) - timedelta(days=90 + number)
    body = body_from_markup(
        RICH_BODIES.get(title)
        or BODY.format(
            intro=f"This sheet explains {subject.lower()} for people with {topic.name.lower()}.",
            topic=topic.name,
            subject=subject.lower(),
        )
    )
    article = Article(
        title=title,
        slug=slugify(title),
        summary=f"{subject} for people with {topic.name.lower()}.",
        body=body,
        source="Recheck demo library",
        topic=topic,
        owner=owner,
        originated_on=originated_on,
    )
    revision = save_revision(
        article=article, kind=ChangeKind.IMPORTED, reason="Demo data", at=_on(originated_on)
    )
    set_article_policy(article=article, policy=policy, at=_on(originated_on))
    if number % 13 == 5:
        return  # a draft that was never published
    publish_revision(article=article, revision=revision, at=_on(originated_on))
    # The owning editor assigns the reviewers (both have accounts) when the sheet goes live.
    assign_reviewers(article=article, reviewers=signers, actor=owner, at=_on(originated_on))
    if last_reviewed is not None:
        record_sign_off(
            revision=revision,
            reviewer=signers[0],
            meaning=SignOffMeaning.APPROVED,
            signed_at=_on(last_reviewed),
            source="demo data",
            recorded_at=_on(last_reviewed),
        )
    if number % 11 == 7:
        # A clinical edit that waits for sign-off; the public keeps seeing the approved text.
        article.body = [*article.body, {"type": "paragraph", "text": "New dosing guidance."}]
        article.status = Article.Status.AWAITING_REVIEW
        save_revision(
            article=article,
            kind=ChangeKind.SUBSTANTIVE,
            reason="Updated dosing guidance",
            at=_on(as_of - timedelta(days=3)),
            user=owner,
        )


def fill_scan_history(*, as_of: date, days: int = 90) -> int:
    """Scan each of the ``days`` - 1 days before ``as_of`` that has no flag snapshot yet, oldest
    first, so that the dashboard's trend is a line from the first day (the demo's own scan of
    ``as_of`` follows). Each is the real scan of that day over the demo's review dates, one
    transaction each. Returns how many days were scanned."""
    first = as_of - timedelta(days=days - 1)
    done = set(
        FlagSnapshot.objects.filter(day__gte=first, day__lt=as_of).values_list("day", flat=True)
    )
    missing = [first + timedelta(days=n) for n in range(days - 1)]
    missing = [day for day in missing if day not in done]
    for day in missing:
        scan_reviews(as_of=day)
    return len(missing)
