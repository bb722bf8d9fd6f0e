"""The page a form refused for its CSRF token gets (CSRF_FAILURE_VIEW).

Django's own page is English, tells the reader to set DEBUG=True and styles itself inline,
which the public Content-Security-Policy blocks. Ours is the standalone error page in
Vietnamese, saying what happened and what to do. It is rendered without the request's context
(no menus, settings or database), like the 500 page. Django's reason for the refusal is logged
by Django (the django.security.csrf logger), never shown.
"""

from django.http import HttpResponseForbidden
from django.template import loader

CROSS_ORIGIN = "cross-origin request"


def csrf_failure(request, reason=""):
    template = (
        "security/cross_origin.html" if reason == CROSS_ORIGIN else "security/csrf_failure.html"
    )
    return HttpResponseForbidden(loader.render_to_string(template))
