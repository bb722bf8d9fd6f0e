"""Wagtail's "forgot password" form, limited per client address.

Each accepted request e-mails a reset link to a staff address (Django sends it only to an
existing active account, and answers the same either way). Unlimited, a script could flood
staff mailboxes and the mail relay from one address; django-axes only counts sign-ins. Past
PASSWORD_RESET_RATE_LIMIT requests per PASSWORD_RESET_RATE_LIMIT_SECONDS from one address, the
form is shown again with what was typed and a message, answered 429, and nothing is sent.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.admin.views.account import PasswordResetView

from sitewide.security import ratelimit

RATE_LIMITED_STATUS = 429


class LimitedPasswordResetView(PasswordResetView):
    def post(self, request, *args, **kwargs):
        allowed = ratelimit.allow(
            "password-reset",
            ratelimit.client_ip(request),
            int(settings.PASSWORD_RESET_RATE_LIMIT),
            int(settings.PASSWORD_RESET_RATE_LIMIT_SECONDS),
        )
        if allowed:
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        form.add_error(
            None,
            _(
                "Too many password reset requests came from your network. Nothing was sent; "
                "please try again in an hour."
            ),
        )
        return self.render_to_response(self.get_context_data(form=form), status=RATE_LIMITED_STATUS)
