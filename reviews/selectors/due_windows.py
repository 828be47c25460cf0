"""Articles by where their review stands: the due windows of the editors' list and the API."""

from datetime import date, timedelta

from django.db.models import F, QuerySet

from cms.models import Article
from reviews.due import add_months
from reviews.selectors.scope import in_scope_q

DUE_WINDOWS = [
    ("", "Any time"),
    ("overdue", "Overdue"),
    ("30", "Due within 30 days"),
    ("90", "Due within 90 days"),
    ("never", "Never reviewed"),
]
DUE_WINDOW_KEYS = [key for key, _ in DUE_WINDOWS if key]


def in_due_window(articles: QuerySet[Article], *, due: str, as_of: date) -> QuerySet[Article]:
    """``articles`` in the due window ``due`` (a key of DUE_WINDOWS; "" is all) on ``as_of``."""
    if due == "overdue":
        return articles.filter(review__next_review_due__lt=as_of)
    if due == "never":
        return articles.filter(review__last_reviewed_on__isnull=True)
    if due.isdigit():
        return articles.filter(
            review__next_review_due__gte=as_of,
            review__next_review_due__lte=as_of + timedelta(days=int(due)),
        )
    return articles


def falling_due_in(articles: QuerySet[Article], *, month: date, as_of: date) -> QuerySet[Article]:
    """``articles`` in scope whose review still falls due (on or after ``as_of``) in the calendar
    month of ``month``: what one bar of the dashboard's forecast counts
    (``reviews.selectors.dashboard.review_forecast``)."""
    start = month.replace(day=1)
    return articles.filter(
        in_scope_q(),
        review__next_review_due__gte=max(start, as_of),
        review__next_review_due__lt=add_months(start, 1),
    )


def most_urgent_first(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Never reviewed first, then by due date, then by title, with the review state loaded."""
    # filter(review__isnull=False): an INNER JOIN (every article has a state), which lets
    # PostgreSQL walk the due-order index instead of sorting every article.
    return (
        articles.filter(review__isnull=False)
        .select_related("review__policy")
        .order_by(F("review__next_review_due").asc(nulls_first=True), "title", "pk")
    )
