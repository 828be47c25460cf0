"""Login, throttled against password guessing (the site login and the admin's)."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.utils import timezone

from cms.services.login_throttle import is_locked, record_failure

LOCKED = "Too many failed attempts. For your account's safety, try again in 15 minutes."


class ThrottledLoginView(LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if is_locked(
            username=request.POST.get("username", "")[:150],
            address=request.META.get("REMOTE_ADDR", ""),
            at=timezone.now(),
        ):
            form = self.get_form()
            form.is_valid()  # bind errors; the credentials are not checked
            form.errors.clear()
            form.add_error(None, LOCKED)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        record_failure(
            username=self.request.POST.get("username", ""),
            address=self.request.META.get("REMOTE_ADDR", ""),
            at=timezone.now(),
        )
        return super().form_invalid(form)


login = login_not_required(ThrottledLoginView.as_view())
# The admin's login never bounces a signed-in user onwards: a user without admin access would
# otherwise go round between /admin/ and its login page.
admin_login = login_not_required(ThrottledLoginView.as_view(redirect_authenticated_user=False))
