"""A small registry through which other apps add to content pages without cms importing them
(the shape of Wagtail's hooks). An app registers a function under a hook name in its
``AppConfig.ready``; cms calls every function registered under that name.

Hooks that render (``*_HTML``) return HTML that is already escaped (``render_to_string``);
cms templates show them with ``{% hook_html NAME ... %}``.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

# fn(request, article) -> safe HTML after the live text on the public page (footer, forms).
PUBLIC_ARTICLE_HTML = "public_article_html"
# fn(request, article) -> safe HTML in the public page's <head> (structured data).
PUBLIC_ARTICLE_HEAD_HTML = "public_article_head_html"
# fn(article, as_of) -> safe HTML badges for an article on staff lists.
ARTICLE_BADGES = "article_badges"
# fn(request, article) -> safe HTML: buttons on the article's history page.
ARTICLE_ACTIONS_HTML = "article_actions_html"
# fn(request, article) -> safe HTML: a summary line under the history page's heading.
ARTICLE_SUMMARY_HTML = "article_summary_html"
# fn(request, article) -> safe HTML: sections at the end of the history page (audit trail).
ARTICLE_HISTORY_HTML = "article_history_html"
# fn(revisions) -> {history_id: safe HTML}: notes on each listed revision (signatures).
REVISION_NOTES = "revision_notes"
# fn(article) -> URL or None: where an editor goes after creating an article.
AFTER_CREATE_URL = "after_create_url"
# fn(request) -> URL or None: a signed-in user's home.
HOME_URL = "home_url"
# fn(request, article) -> safe HTML: notices at the top of the edit page (say, a reviewer's
# request for changes, with its comment).
ARTICLE_EDIT_NOTICES_HTML = "article_edit_notices_html"
# fn(article) -> int or None: the reading grade ``article`` should not exceed (``None`` for an
# article not yet created): the target the edit page, preview and review page show.
READING_GRADE_TARGET = "reading_grade_target"
# fn(source) -> {name: form field}: fields added to the new-article form (say, a review
# policy); ``source`` is the article a translation is made from (None for a new original).
ARTICLE_CREATE_FIELDS = "article_create_fields"
# fn(article, data, actor, at): called inside the transaction that creates an article, with
# the new-article form's cleaned data (empty from routes without that form).
ARTICLE_CREATED = "article_created"
# fn() -> ArticleListExtension: filters, an order and columns added to the editors' list.
ARTICLE_LIST = "article_list"
# fn(request) -> safe HTML: bulk actions on the editors' list, a ``<form id="article-bulk">``
# that each row's checkbox (name "articles", value the article's slug) joins. No hook: no boxes.
ARTICLE_BULK_ACTIONS_HTML = "article_bulk_actions_html"


@dataclass(frozen=True)
class ArticleListExtension:
    """What an app adds to the editors' article list.

    - ``fields``: {name: form field} added to the list's filter form;
    - ``apply``: fn(articles, cleaned_data, as_of) -> the articles filtered and ordered;
    - ``columns``: (header, fn(article, as_of) -> safe HTML) after the list's own columns.
    """

    fields: dict = field(default_factory=dict)
    apply: Callable = lambda articles, data, as_of: articles
    columns: tuple = ()


_registry: dict[str, list[Callable]] = defaultdict(list)


def register(name: str) -> Callable[[Callable], Callable]:
    """Decorator: call the function for hook ``name``. Registering twice is a no-op."""

    def decorator(function: Callable) -> Callable:
        if function not in _registry[name]:
            _registry[name].append(function)
        return function

    return decorator


def get_hooks(name: str) -> list[Callable]:
    """The functions registered for ``name``, in registration order."""
    return list(_registry[name])


def first_url(name: str, *args) -> str | None:
    """The first URL a hook of ``name`` gives for ``args``, or None."""
    for hook in get_hooks(name):
        url = hook(*args)
        if url:
            return url
    return None


def revision_notes(revisions) -> dict[int, str]:
    """Every REVISION_NOTES hook's notes on ``revisions``, joined per revision."""
    notes: dict[int, str] = defaultdict(str)
    for hook in get_hooks(REVISION_NOTES):
        for history_id, html in hook(revisions).items():
            notes[history_id] += html
    return notes
