"""Request guards shared by every view."""

from django.http import HttpResponseBadRequest


class RejectNullCharacters:
    """Refuse query strings carrying NUL characters with 400: no field may hold one, and
    PostgreSQL refuses them in any text it is asked to compare."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            return HttpResponseBadRequest("Null characters are not allowed in the query string.")
        return self.get_response(request)
