"""Cross-origin protection for a form that anonymous readers post from a cached page.

A per-visitor CSRF token in the donate form makes the campaign page impossible to store in the
page cache, and the campaign page is the one that thousands open on a TV night. For anonymous
POSTs we check instead where the request comes from, as OWASP's "verify origin with standard
headers" and Go 1.25's net/http CrossOriginProtection do:

- ``Sec-Fetch-Site`` (every current browser sends it): only ``same-origin`` passes, or ``none``
  (the reader typed or bookmarked the address themselves);
- otherwise ``Origin``: it must be the site's own origin (SITE_URL, or the scheme and host the
  request came to, which ALLOWED_HOSTS has already validated);
- a request with neither header does not come from a browser that could be tricked into
  sending it, so it passes, as in Go.

A signed-in user (staff trying the form) still needs Django's token: their session is what a
forged request would ride on. The donate view keeps its honeypot and per-client limit.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt

from sitewide.security.csrf import CROSS_ORIGIN, csrf_failure
from sitewide.site_address import site_url

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_origin(request: HttpRequest) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.strip().lower() in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = {_origin(site_url()), f"{request.scheme}://{request.get_host()}".lower()}
    return origin.strip().lower() in own


def origin_protected(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous POSTs: same origin only. Signed-in users: Django's CSRF token as usual."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            refused = CsrfViewMiddleware(lambda _request: None).process_view(
                request, view, args, kwargs
            )
            if refused is not None:
                return refused
        elif request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and not is_same_origin(
            request
        ):
            return csrf_failure(request, reason=CROSS_ORIGIN)
        return view(request, *args, **kwargs)

    return wrapped
