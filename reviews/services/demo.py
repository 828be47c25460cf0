"""Demo data: users for each role, reviewers, and a library of articles whose review dates
spread across overdue, due soon, never reviewed and up to date, plus the sample sheet."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cms.body import body_from_markup
from cms.models import Article, ChangeKind, Topic
from cms.services.revisions import publish_revision, save_revision
from reviews.choices import EventKind, SignOffMeaning
from reviews.due import add_months
from reviews.models import ClinicalEvent, Reviewer, ReviewPolicy
from reviews.services.assignments import assign_reviewers
from reviews.services.importer import FAILED, IMPORTED, import_sheet
from reviews.services.reviewers import save_reviewer
from reviews.services.signoff import record_sign_off

DEMO_PASSWORD = "recheck-demo-2026"
SAMPLE_SHEET = settings.BASE_DIR / "samples" / "000_a4a6a23edc28d406.txt"

# username, first name, last name, group, superuser. Only content admins (and the superuser) are
# staff: editors and reviewers do all their work in the workspace, never in /admin/.
USERS = [
    ("admin", "Ada", "Admin", "Content admins", True),
    ("editor", "Ellen", "Editor", "Editors", False),
    ("editor2", "Evan", "Editorson", "Editors", False),
    ("reviewer", "Maya", "Patel", "Medical reviewers", False),
    ("pharmacist", "Omar", "Haddad", "Medical reviewers", False),
]

# full name, credentials, specialty, username, credentials expire (days from as-of; None = no)
REVIEWERS = [
    ("Maya Patel", "MD", "Internal medicine", "reviewer", 700),
    ("Omar Haddad", "PharmD", "Clinical pharmacy", "pharmacist", 400),
    ("Jessica Gotwals", "RN BSN MPH", "Oncology nursing", None, None),
    ("Susan K. Dempsey-Walls", "RN", "Nursing", None, None),
    ("Lena Brooks", "MSN NP", "Family practice", None, -30),
]

TOPICS = {
    "Asthma": ["Using a Metered-Dose Inhaler", "Asthma Action Plans", "Asthma in Children"],
    "Atrial Fibrillation": ["Blood Thinners", "What Is Atrial Fibrillation?", "Cardioversion"],
    "Breast Cancer": ["Radiation Therapy", "Hormone Therapy", "Understanding Your Pathology"],
    "Chronic Kidney Disease": ["Diet Basics", "Preparing for Dialysis", "Stages of CKD"],
    "COPD": ["Pulmonary Rehabilitation", "Using Oxygen at Home", "Managing Flare-Ups"],
    "Depression": ["Antidepressant Medicines", "Talk Therapy", "Helping a Loved One"],
    "Diabetes, Type 2": ["Checking Your Blood Sugar", "Insulin Basics", "Foot Care"],
    "Heart Failure": ["Daily Weight Checks", "Limiting Salt", "Medicines for Heart Failure"],
    "Hypertension": ["Home Blood Pressure Monitoring", "The DASH Eating Plan", "Medicines"],
    "Migraine": ["Preventive Treatment", "Tracking Your Triggers", "Acute Treatment"],
    "Osteoporosis": ["Bone Density Testing", "Preventing Falls", "Bisphosphonates"],
    "Pneumonia": ["Recovering at Home", "Vaccines That Help Prevent Pneumonia", "When to Call"],
    "Stroke": ["Warning Signs", "Rehabilitation After Stroke", "Lowering Your Risk"],
    "Thyroid Disorders": ["Hypothyroidism", "Thyroid Blood Tests", "Radioactive Iodine"],
    "Urinary Tract Infection": ["Antibiotic Treatment", "Preventing UTIs", "UTIs in Older Adults"],
}

BODY = """{intro}

## What you need to know

{topic} affects people in different ways.
Your care team will explain how {subject} fits into your plan.

- Ask which symptoms to report right away.
- Keep a written list of your medicines.
- Bring your questions to each appointment.

## When to call your health care provider

Call your provider if your symptoms get worse, or if you have new symptoms."""


@dataclass
class DemoSummary:
    users_created: int = 0
    reviewers_created: int = 0
    articles_created: int = 0
    articles_existing: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


@transaction.atomic
def load_demo_data(*, as_of: date) -> DemoSummary:
    """Create the demo users, reviewers and articles that do not exist yet. Idempotent:
    existing users and articles (matched by username and slug) are left as they are."""
    summary = DemoSummary()
    users = _load_users(summary)
    reviewers = _load_reviewers(summary, users, as_of)
    policies = list(ReviewPolicy.objects.order_by("-is_default", "name"))
    _load_sample_sheet(summary, as_of=as_of)
    ClinicalEvent.objects.get_or_create(
        term="Revumenib",
        event_date=date(2024, 11, 15),
        kind=EventKind.FDA_APPROVAL,
        defaults={
            "synonyms": ["Revuforj"],
            "note": "FDA approval for relapsed or refractory acute leukemia with a KMT2A "
            "translocation.",
        },
    )

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
                signers=[reviewers[number % 2], reviewers[2 + number % 3]],
                as_of=as_of,
            )
            summary.articles_created += 1
    return summary


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
        summary.logins.append((group_name, username, DEMO_PASSWORD))
    return users


def _load_reviewers(summary: DemoSummary, users: dict, as_of: date) -> list[Reviewer]:
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
            )
            save_reviewer(reviewer=reviewer, actor=None, at=_at(as_of), reason="demo data")
            summary.reviewers_created += 1
        reviewers.append(reviewer)
    return reviewers


def _load_sample_sheet(summary: DemoSummary, *, as_of: date) -> None:
    """The real sample sheet, through the importer, as a publisher would load it."""
    outcome = import_sheet(
        path=SAMPLE_SHEET,
        policy=ReviewPolicy.objects.get(is_default=True),
        as_of=as_of,
        at=_at(as_of),
    )
    if outcome.status == FAILED:
        raise RuntimeError(f"The demo's sample sheet did not import: {outcome.error_line}")
    if outcome.status == IMPORTED:
        summary.articles_created += 1
    else:
        summary.articles_existing += 1


def _load_article(*, number, title, topic, subject, policy, owner, signers, as_of) -> None:
    """One demo article; ``number`` picks where its review date falls."""
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
        BODY.format(
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
        review_policy=policy,
        owner=owner,
        originated_on=originated_on,
    )
    revision = save_revision(
        article=article, kind=ChangeKind.IMPORTED, reason="Demo data", at=_at(originated_on)
    )
    if number % 13 == 5:
        return  # a draft that was never published
    publish_revision(article=article, revision=revision, at=_at(originated_on))
    # The owning editor assigns the reviewers when the sheet goes live (eligible on that day).
    assign_reviewers(article=article, reviewers=signers, actor=owner, at=_at(originated_on))
    if last_reviewed is not None:
        record_sign_off(
            revision=revision,
            reviewer=signers[0],
            meaning=SignOffMeaning.APPROVED,
            signed_at=_at(last_reviewed),
            source="demo data",
            recorded_at=_at(last_reviewed),
        )
    if number % 11 == 7:
        # A clinical edit that waits for sign-off; the public keeps seeing the approved text.
        article.body = [*article.body, {"type": "paragraph", "text": "New dosing guidance."}]
        article.status = Article.Status.AWAITING_REVIEW
        save_revision(
            article=article,
            kind=ChangeKind.SUBSTANTIVE,
            reason="Updated dosing guidance",
            at=_at(as_of - timedelta(days=3)),
            user=owner,
        )
