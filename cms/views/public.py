"""Public pages: the A–Z article index and one article's live revision."""

import string

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render

from cms import hooks, selectors


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
            context = {"title": withdrawn.live_revision.title, "at": withdrawn.withdrawn_at}
            return render(request, "cms/article_withdrawn.html", context, status=410)
        raise Http404("No published article here.")
    context = {"article": article, "revision": article.live_revision}
    return render(request, "cms/article_detail.html", context)


@login_not_required
def home_or_library(request):
    """The site root: signed-in staff go to their workspace, everyone else to the library."""
    if request.user.is_authenticated:
        return redirect(hooks.first_url(hooks.HOME_URL, request) or "cms:workspace-articles")
    return redirect("cms:article-index")
