"""A small registry through which other apps add to content pages without cms importing them
(the shape of Wagtail's hooks). An app registers a function under a hook name in its
``AppConfig.ready``; cms calls every function registered under that name."""

from collections import defaultdict
from collections.abc import Callable

PUBLIC_ARTICLE_CONTEXT = "public_article_context"  # fn(article) -> dict for the public page
ARTICLE_BADGES = "article_badges"  # fn(article, as_of) -> safe HTML for staff article lists

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
