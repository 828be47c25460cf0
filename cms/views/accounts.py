"""Login, throttled against password guessing (the site login and the admin's)."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from cms.services.login_throttle import (
    LoginThrottled,
    client_address,
    release_attempt,
    reserve_attempt,
)

LOCKED = gettext_noop(
    "Too many failed attempts. For your account's safety, try again in 15 minutes."
)


class ThrottledLoginView(LoginView):
    """Each POST reserves its place in the throttle's count before the form checks the
    password; a successful login gives the reservation back."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        try:
            self.reservation = reserve_attempt(
                username=request.POST.get("username", ""),
                address=client_address(request),
                at=timezone.now(),
            )
        except LoginThrottled:
            form = self.get_form()
            # Bound (the username stays in its box) but never validated: validating would
            # check the password.
            form._errors, form.cleaned_data = ErrorDict(), {}
            form.add_error(None, gettext(LOCKED))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        release_attempt(self.reservation)
        return super().form_valid(form)


login = login_not_required(ThrottledLoginView.as_view())
# The admin's login never bounces a signed-in user onwards: a user without admin access would
# otherwise go round between /admin/ and its login page.
admin_login = login_not_required(ThrottledLoginView.as_view(redirect_authenticated_user=False))
