"""The editor's helpers and the images of article bodies.

Uploaded images are files in Django's default storage named by their content,
``images/<sha256>.<ext>``: the same bytes always get the same name (an upload is idempotent),
and a name never points at other bytes, so the image view may let caches keep them for good.
The type is read from the bytes (PNG, JPEG, GIF, WebP), never from the client's file name or
Content-Type: SVG, HTML or anything else is refused, whatever it is called.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms.models import Article
from cms.permissions import require_perm
from cms.services.images import (
    CONTENT_TYPES,
    IMAGE_FOLDER,
    IMAGE_NAME,
    ImageRefused,
    store_image,
    too_big,
)

SEARCH_LIMIT = 20


def require_any_perm(*perms: str):
    """Like ``require_perm``, for a view open to holders of any one of ``perms``.

    The permission matrix reads ``required_perms`` as "all of"; it gets the first permission,
    which every role that holds any of them also holds (Editors hold both add and change)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(request.user.has_perm(perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perms = perms[:1]
        wrapped.any_of_perms = perms
        return wrapped

    return decorator


@require_POST
@require_any_perm("cms.change_article", "cms.add_article")
def image_upload(request):
    """POST an image as ``file``: JSON {url, name, sha256}, or 400 with {error}."""
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose an image file to upload.")}, status=400)
    if upload.size > settings.IMAGE_MAX_BYTES:  # refused before reading it
        return JsonResponse({"error": too_big()}, status=400)
    try:
        stored = store_image(upload.read())
    except ImageRefused as refusal:
        return JsonResponse({"error": str(refusal)}, status=400)
    return JsonResponse(stored)


@login_not_required
@require_GET
def image(request, name: str):
    """An uploaded image, for anyone: its name is its content's hash, so the response may be
    cached for good; nosniff and a CSP that allows nothing keep it from running as a page."""
    match = IMAGE_NAME.match(name)
    stored = IMAGE_FOLDER + name
    if not match or not default_storage.exists(stored):
        raise Http404("No such image.")
    response = FileResponse(
        default_storage.open(stored, "rb"), content_type=CONTENT_TYPES[match.group(1)]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_perm("cms.change_article")
@require_GET
def article_search(request):
    """Articles whose title holds ``q``, for the editor's link dialog: [{slug, title}], 20 at
    most, by title."""
    query = request.GET.get("q", "").strip()
    if not query:
        return JsonResponse([], safe=False)
    articles = (
        Article.objects.filter(title__icontains=query)
        .order_by("title", "pk")
        .values("slug", "title")[:SEARCH_LIMIT]
    )
    return JsonResponse(list(articles), safe=False)
