"""Request guards shared by every view."""

from django.http import HttpResponseBadRequest
from django.utils.cache import patch_cache_control


class RejectNullCharacters:
    """Refuse query strings carrying NUL characters with 400: no field may hold one, and
    PostgreSQL refuses them in any text it is asked to compare."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            return HttpResponseBadRequest("Null characters are not allowed in the query string.")
        return self.get_response(request)


class PrivateNoStore:
    """Responses to a signed-in user (a session, or an API token, which REST framework sets on
    the request) say ``Cache-Control: private, no-store``: unpublished drafts, audit trails and
    reports must not stay in a shared or browser cache. A view that set its own policy keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
