"""Content-Security-Policy and Permissions-Policy on every answer (Django 5.2 has no CSP).

Why two policies: our own templates carry no inline script, style or event handler, so public
pages get a strict policy (scripts, styles and frames only from this site, nothing framing
us). Wagtail's admin renders inline scripts and styles of its own, so paths under
SECURITY_ADMIN_PREFIXES get a looser policy that still keeps scripts on this origin and stops
any other site from framing the admin (its preview panel frames pages from this origin).

Why no nonces: the anonymous page cache (sitewide/caching/) stores whole answers, headers
included, and replays them; a per-request nonce would be stale on every hit. The policy is the
same for everyone, so a stored copy carries the right header.

An answer that already has a Content-Security-Policy keeps it: Wagtail serves images and
documents with `default-src 'none'`, which is stricter than ours.
"""

from urllib.parse import urlsplit

from django.conf import settings

CSP_HEADER = "Content-Security-Policy"
CSP_REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


def origin_of(url):
    """`https://host[:port]` of an absolute URL, or None for a relative one."""
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def policy_text(directives):
    """Serialise {directive: [sources]} in a stable order; a source list may be empty."""
    return "; ".join(
        " ".join([name, *dict.fromkeys(sources)]).strip() for name, sources in directives.items()
    )


def _extra_origins():
    """Origins the public pages legitimately load from or send forms to: uploaded media on
    object storage or a CDN, and VNPay's payment page (the donate form answers with a redirect
    there, and browsers apply form-action to that redirect)."""
    media = [origin for origin in (origin_of(settings.MEDIA_URL),) if origin]
    media += list(settings.CSP_MEDIA_ORIGINS)
    payment = [origin for origin in (origin_of(settings.VNPAY_PAYMENT_URL),) if origin]
    return media, payment


def _policy(*, admin):
    """The public policy, or the admin's: the same directives, loosened where Wagtail's admin
    needs it (its templates carry inline scripts and styles, telepath data blocks, blob: previews,
    and its preview panel frames pages from this origin)."""
    media, payment = _extra_origins()
    frames = list(settings.CSP_FRAME_SRC)
    inline = ["'unsafe-inline'"] if admin else []
    blob = ["blob:"] if admin else []
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *inline],
        "style-src": ["'self'", *inline],
        "img-src": ["'self'", "data:", *blob, *media],
        "media-src": ["'self'", *blob, *media],
        "font-src": ["'self'", "data:"] if admin else ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *frames] if admin else frames or ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"] if admin else ["'self'", *payment],
        "frame-ancestors": ["'self'"] if admin else ["'none'"],
    }
    if settings.SECURE_SSL_REDIRECT:
        directives["upgrade-insecure-requests"] = []
    return policy_text(directives)


def public_policy():
    return _policy(admin=False)


def admin_policy():
    return _policy(admin=True)


def policy_for(path):
    prefixes = tuple(settings.SECURITY_ADMIN_PREFIXES)
    return admin_policy() if path.startswith(prefixes) else public_policy()


class SecurityHeadersMiddleware:
    """Adds the CSP (report-only with CSP_REPORT_ONLY, to try a change on production first)
    and Permissions-Policy. Placed inside the page cache middleware: what it adds is stored
    with a page and replayed on every hit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = CSP_REPORT_ONLY_HEADER if settings.CSP_REPORT_ONLY else CSP_HEADER
        if not response.has_header(CSP_HEADER) and not response.has_header(header):
            response[header] = policy_for(request.path)
        permissions = settings.PERMISSIONS_POLICY
        if permissions and not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = permissions
        return response
