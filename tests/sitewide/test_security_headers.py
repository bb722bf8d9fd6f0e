"""Security headers on every answer (sitewide/security/headers.py, sitewide/settings.py):
a strict CSP on public pages, a looser one in Wagtail's admin, on cached hits too; and the
templates that public pages are built from carry no inline script, style or event handler."""

import json
import re
from pathlib import Path

from django.core.cache import cache

from sitewide.security import headers
from tests.sitewide.conftest import production_env, run
from tests.stories.conftest import make_story

ROOT = Path(__file__).resolve().parents[2]


def directives(response, header="Content-Security-Policy"):
    """The policy as {directive: [sources]}."""
    parsed = {}
    for part in response[header].split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def assert_strict_policy(response):
    assert_common_headers(response)
    assert response["X-Frame-Options"] == "DENY"
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_public_pages_get_the_strict_policy(client, home, story_index, giving_campaign):
    story = make_story(story_index)
    assert giving_campaign.target_amount
    for url in (
        home.url,
        story.url,
        giving_campaign.url,
        "/search/?q=ngheo",
        f"/ung-ho/{giving_campaign.slug}/sao-ke/",
        "/ung-ho/kiem-tra/",
        "/khong-co-trang-nay/",
        "/robots.txt",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_strict_policy(response)
    assert b"<progress" in client.get(giving_campaign.url).content  # the money panel was there


def test_the_admin_gets_its_own_policy_still_closed_to_other_sites(client, admin_user, home):
    response = client.get("/admin/login/")
    assert_common_headers(response)
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["form-action"] == ["'self'"]
    client.force_login(admin_user)
    assert directives(client.get("/admin/"))["frame-ancestors"] == ["'self'"]
    preview = client.get(f"/admin/pages/{home.pk}/edit/preview/")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(preview)["frame-ancestors"] == ["'self'"]


def test_headers_are_replayed_on_cached_hits(client, settings, home):
    from wagtail.models import Site

    from sitewide.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TTL = 600
    cache.clear()
    first = client.get(home.url)
    second = client.get(home.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert_strict_policy(second)
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    cache.clear()


def test_vnpay_payment_page_and_object_storage_are_allowed_origins(settings):
    settings.VNPAY_PAYMENT_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    settings.CSP_MEDIA_ORIGINS = ["https://media.chungtay.example.vn"]
    policy = headers.public_policy()
    assert "form-action 'self' https://sandbox.vnpayment.vn;" in policy
    assert "img-src 'self' data: https://media.chungtay.example.vn;" in policy
    settings.VNPAY_PAYMENT_URL = "/_vnpay-sandbox/paymentv2/vpcpay.html"
    assert "form-action 'self';" in headers.public_policy()


def test_an_answer_with_its_own_policy_keeps_it(rf, settings):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("tài liệu")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = headers.SecurityHeadersMiddleware(view)(rf.get("/documents/1/a.pdf"))
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_report_only_mode_for_trying_a_change(rf, settings):
    from django.http import HttpResponse

    settings.CSP_REPORT_ONLY = True
    response = headers.SecurityHeadersMiddleware(lambda r: HttpResponse())(rf.get("/"))
    assert "Content-Security-Policy" not in response
    assert "frame-ancestors 'none'" in response["Content-Security-Policy-Report-Only"]


# --- templates: nothing inline that the strict policy would block ---------------------------

INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")"),
    "inline style element": re.compile(r"<style\b"),
    "style attribute": re.compile(r"\sstyle=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def public_templates():
    """Our own templates that public pages render; admin screens (under /admin/, with their own
    policy), e-mails and documents only ever rendered to PDF by WeasyPrint (under /print/:
    they reach a reader as application/pdf, never as a page) are left out."""
    found = []
    for directory in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if ".venv" in directory.parts:
            continue
        for path in directory.rglob("*.html"):
            relative = path.relative_to(directory).as_posix()
            if any(part in f"/{relative}" for part in ("/admin/", "/email/", "/print/")):
                continue
            found.append(path)
    return found


def test_public_templates_have_nothing_inline():
    templates = public_templates()
    assert len(templates) > 30, "the template search found too few files"
    offences = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in templates
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert offences == []


def test_the_inline_patterns_do_catch_what_they_are_for():
    """The control for the test above: each pattern finds its offence."""
    samples = {
        "inline script": "<script>alert(1)</script>",
        "inline style element": "<style>p{}</style>",
        "style attribute": '<div style="width: 5%">',
        "event handler attribute": '<button onclick="x()">',
        "javascript: URL": '<a href="javascript:x()">',
    }
    for what, sample in samples.items():
        assert INLINE[what].search(sample), what
    assert not INLINE["inline script"].search('<script src="/static/a.js"></script>')
    assert not INLINE["inline script"].search('<script type="application/json">{}</script>')


# --- production ------------------------------------------------------------------------------

SHOW_SECURITY = """
import json, django
django.setup()
from django.conf import settings
from sitewide.security.headers import public_policy, admin_policy
print(json.dumps({
    "hsts": [settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS],
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_HTTPONLY],
    "public": public_policy(),
    "admin": admin_policy(),
}))
"""


def test_production_has_hsts_secure_httponly_cookies_and_upgrades_requests():
    result = run(["-c", SHOW_SECURITY], **production_env())
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["hsts"][0] >= 31_536_000 and shown["hsts"][1] is True
    assert shown["ssl_redirect"] is True
    assert shown["cookies"] == [True, True, True, True]
    assert "https://media.chungtay.example.vn" in shown["public"]
    assert shown["public"].endswith("upgrade-insecure-requests")
    assert shown["admin"].endswith("upgrade-insecure-requests")
