"""Read queries for content pages."""

from itertools import groupby

from django.db.models import Prefetch, QuerySet

from cms.models import Article

PUBLIC_STATUSES = (Article.Status.PUBLISHED, Article.Status.AWAITING_REVIEW)


def public_articles() -> QuerySet[Article]:
    """Articles the public may read: published (or with an edit awaiting review) and with an
    approved live revision. Drafts and archived articles are never public."""
    return Article.objects.filter(
        status__in=PUBLIC_STATUSES, live_revision__isnull=False
    ).select_related("topic", "live_revision")


def index_letter(article: Article) -> str:
    """The A–Z index letter an article is listed under: its topic's, else its title's."""
    name = article.topic.name if article.topic else article.live_revision.title
    return next((char.upper() for char in name if char.isalpha()), "#")


def public_index(*, letter: str | None = None) -> list[tuple[str, list[tuple[str, list]]]]:
    """The public A–Z index: [(letter, [(topic name, [articles])])], sorted. One query."""
    articles = sorted(
        public_articles().only(
            "slug", "topic__name", "live_revision__title", "live_revision__history_id"
        ),
        key=lambda a: (index_letter(a), _topic_name(a).lower(), a.live_revision.title.lower()),
    )
    if letter:
        articles = [a for a in articles if index_letter(a) == letter.upper()]
    return [
        (
            group_letter,
            [(topic, list(items)) for topic, items in groupby(group, key=_topic_name)],
        )
        for group_letter, group in groupby(articles, key=index_letter)
    ]


def _topic_name(article: Article) -> str:
    return article.topic.name if article.topic else "Other topics"


def public_article(slug: str) -> Article | None:
    """One public article with its live revision and its printed reviewers, or None."""
    # cms never imports reviews; it reaches the reviewer links through the relation.
    link_model = Article._meta.get_field("reviewer_links").related_model
    links = Prefetch(
        "reviewer_links",
        queryset=link_model.objects.select_related("reviewer").order_by("position", "id"),
    )
    return public_articles().prefetch_related(links).filter(slug=slug).first()
