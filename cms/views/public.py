"""Public pages: the A–Z article index and one article's live revision."""

import string

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation

from cms import hooks, selectors
from cms.languages import language_name
from cms.translations import language_versions


@login_not_required
def article_index(request):
    letter = request.GET.get("letter", "").strip().upper()[:1] or None
    if letter and letter not in string.ascii_uppercase:
        letter = None
    query = request.GET.get("q", "").strip()
    context = {"letters": string.ascii_uppercase, "letter": letter, "query": query}
    if query:
        context["results"] = selectors.search_public(query)
    else:
        context["index"] = selectors.public_index(letter=letter)
    return render(request, "cms/article_index.html", context)


@login_not_required
def article_detail(request, slug):
    article = selectors.public_article(slug)
    if article is None:
        withdrawn = selectors.withdrawn_article(slug)
        if withdrawn is not None:
            context = {
                "title": withdrawn.live_revision.title,
                "at": withdrawn.withdrawn_at,
                "page_language": withdrawn.language,
            }
            with translation.override(withdrawn.language):
                return render(request, "cms/article_withdrawn.html", context, status=410)
        raise Http404("No published article here.")
    context = {
        "article": article,
        "revision": article.live_revision,
        "page_language": article.language,
        "versions": _versions(article),
    }
    # The page speaks its article's language: the footer's labels, its dates, the JSON-LD.
    with translation.override(article.language):
        response = render(request, "cms/article_detail.html", context)
    response["Content-Language"] = article.language
    return response


def _versions(article) -> list[dict]:
    """The article's public language versions (itself among them), for the hreflang links
    and the language switcher; the source is the x-default. One query."""
    source_id = article.translation_of_id or article.pk
    return [
        {
            "language": version.language,
            "name": language_name(version.language),
            "url": settings.SITE_URL + version.get_absolute_url(),
            "current": version.pk == article.pk,
            "source": version.pk == source_id,
        }
        for version in language_versions(article)
    ]


@login_not_required
def home_or_library(request):
    """The site root: signed-in staff go to their workspace, everyone else to the library."""
    if request.user.is_authenticated:
        return redirect(hooks.first_url(hooks.HOME_URL, request) or "cms:workspace-articles")
    return redirect("cms:article-index")
