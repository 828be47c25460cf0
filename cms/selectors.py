"""Read queries for content pages."""

from datetime import date
from itertools import groupby

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from cms.models import Article


def public_articles() -> QuerySet[Article]:
    """Articles the public may read: those with an approved live revision that are neither
    archived nor withdrawn. The public sees only the live revision: an edit awaiting review, or
    sent back to the editor as a draft, stays private; a never-approved draft is not public."""
    return (
        Article.objects.filter(live_revision__isnull=False, withdrawn_at__isnull=True)
        .exclude(status=Article.Status.ARCHIVED)
        .select_related("topic", "live_revision")
    )


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


def editor_articles(
    *, as_of: date, q: str = "", status="", topic=None, extensions=(), filters=None
) -> QuerySet[Article]:
    """The editors' article list, filtered; by title unless an extension (``hooks.ARTICLE_LIST``)
    filters and orders it further with ``filters``, the list form's cleaned data."""
    articles = Article.objects.select_related("topic", "owner").order_by("title", "pk")
    if q:
        articles = articles.filter(Q(title__icontains=q) | Q(slug__icontains=q))
    if status:
        articles = articles.filter(status=status)
    if topic:
        articles = articles.filter(topic=topic)
    for extension in extensions:
        articles = extension.apply(articles, filters or {}, as_of)
    return articles


def _topic_name(article: Article) -> str:
    return article.topic.name if article.topic else "Other topics"


def public_article(slug: str) -> Article | None:
    """One public article with its live revision, or None."""
    return public_articles().filter(slug=slug).first()


def withdrawn_article(slug: str) -> Article | None:
    """A once-public article that was withdrawn (for its 410 notice: the live title), or None."""
    return (
        Article.objects.filter(slug=slug, live_revision__isnull=False, withdrawn_at__isnull=False)
        .exclude(status=Article.Status.ARCHIVED)
        .select_related("live_revision")
        .first()
    )


SEARCH_LIMIT = 50
# PostgreSQL full-text search over the live text, in the form the index cms_article_live_fts
# (migration 0002) holds, so that a search reads the index, not every article.
_FTS_MATCH = "to_tsvector('english', live_text) @@ websearch_to_tsquery('english', %s)"
_FTS_RANK = "ts_rank(to_tsvector('english', live_text), websearch_to_tsquery('english', %s))"


def search_public(query: str) -> list[Article]:
    """Public articles matching ``query`` in their live title and text, best first (at most
    SEARCH_LIMIT): PostgreSQL full-text search (English stemming, web-search syntax), or on
    SQLite every word as a case-insensitive substring, by title."""
    query = " ".join(query.split())[:200]
    if not query:
        return []
    articles = public_articles().only("slug", "topic__name", "live_revision__title")
    if connection.vendor == "postgresql":
        matching = articles.filter(RawSQL(_FTS_MATCH, [query], output_field=BooleanField()))
        ranked = matching.annotate(rank=RawSQL(_FTS_RANK, [query], output_field=FloatField()))
        return list(ranked.order_by("-rank", "pk")[:SEARCH_LIMIT])
    for word in query.split():
        articles = articles.filter(live_text__icontains=word)
    return list(articles.order_by("live_revision__title", "pk")[:SEARCH_LIMIT])


def article_owner_ids() -> list[int]:
    """The ids of the users who own at least one article, in order. One recursive query that
    hops along the owner index from one owner to the next (a "loose index scan"): it reads one
    index entry per owner, where DISTINCT would read one per article (a million)."""
    table = Article._meta.db_table
    column = Article._meta.get_field("owner").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE owners(id) AS ("
            f" SELECT MIN({column}) FROM {table}"
            f" UNION ALL"
            f" SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > owners.id)"
            f" FROM owners WHERE owners.id IS NOT NULL"
            f") SELECT id FROM owners WHERE id IS NOT NULL"
        )
        return [owner for (owner,) in cursor.fetchall()]
