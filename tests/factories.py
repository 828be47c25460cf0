"""Factories for tests. Articles are saved through the revision service, so each one has a
real history row (and, when published, a live revision), as in production."""

from datetime import date, datetime, time

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cms.models import Article, ChangeKind, Topic
from cms.services.revisions import publish_revision, save_revision
from reviews.choices import SignOffMeaning
from reviews.models import ArticleReview, ArticleReviewer, Reviewer, ReviewFlag, ReviewPolicy
from reviews.services.reviewers import unique_reviewer_slug
from reviews.services.signoff import record_sign_off

PASSWORD = "correct-horse-battery-staple"


def at_nine(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def policy(name: str = "Standard") -> ReviewPolicy:
    """One of the policies the data migration creates."""
    return ReviewPolicy.objects.get(name=name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Condition {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article with one imported revision; ``published=False`` leaves a draft."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "text": "What to know"},
            {"type": "paragraph", "text": "Take your medicine as directed."},
            {"type": "list", "items": ["Rest.", "Drink fluids."]},
        ]
    )
    topic = factory.SubFactory(TopicFactory)
    review_policy = factory.LazyFunction(policy)
    originated_on = date(2020, 1, 1)
    published = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        published = kwargs.pop("published")
        review_policy = kwargs.pop("review_policy")
        article = model_class(*args, **kwargs)
        revision = save_revision(
            article=article,
            kind=ChangeKind.IMPORTED,
            reason="Created by a test factory",
            at=at_nine(article.originated_on),
        )
        # The review state exists from creation (reviews' receiver); put it under the policy.
        ArticleReview.objects.filter(article=article).update(policy=review_policy)
        article.review.refresh_from_db()
        if published:
            publish_revision(article=article, revision=revision, at=at_nine(article.originated_on))
        return article


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reviewer

    full_name = factory.Sequence(lambda n: f"Reviewer {n}")
    credentials = "MD"
    # As save_reviewer gives it: from the name, unique.
    slug = factory.LazyAttribute(lambda reviewer: unique_reviewer_slug(reviewer.full_name))


class ReviewFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewFlag

    article = factory.SubFactory(ArticleFactory)
    kind = "overdue"
    raised_on = date(2026, 1, 1)


def translation(source: Article, language: str = "es", **fields) -> Article:
    """A published translation of ``source``, pinned to its live revision."""
    fields.setdefault("title", f"{source.title} ({language})")
    fields.setdefault("slug", f"{source.slug}-{language.lower()}")
    return ArticleFactory(
        language=language,
        translation_of=source,
        source_revision=source.live_revision,
        topic=source.topic,
        **fields,
    )


def assign(article: Article, *reviewers: Reviewer) -> None:
    """Assign reviewers to an article, in the order given."""
    for position, reviewer in enumerate(reviewers):
        ArticleReviewer.objects.create(article=article, reviewer=reviewer, position=position)


def sign(article: Article, *, on: date, reviewer: Reviewer | None = None, meaning=None):
    """Record a sign-off of the article's live revision on ``on``."""
    return record_sign_off(
        revision=article.live_revision,
        reviewer=reviewer or ReviewerFactory(),
        meaning=meaning or SignOffMeaning.APPROVED,
        signed_at=at_nine(on),
        source="tests",
        recorded_at=at_nine(on),
    )


def reviewer_account(full_name: str = "Maya Patel", credentials: str = "MD", **fields) -> Reviewer:
    """A medical reviewer with a user account (password ``PASSWORD``) in the reviewers' role."""
    username = full_name.lower().replace(" ", ".").replace("..", ".")
    user = UserFactory(username=username, first_name=full_name.split()[0], role="Medical reviewers")
    return ReviewerFactory(full_name=full_name, credentials=credentials, user=user, **fields)


def editor_account(username: str = "ellen") -> object:
    """An editor (password ``PASSWORD``)."""
    return UserFactory(username=username, role="Editors")
