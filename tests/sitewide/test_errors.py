"""Friendly Vietnamese error pages and robots.txt, with DEBUG off as in production."""

import pytest
from django.test import RequestFactory
from django.urls import path
from django.utils import translation

from sitewide.views import server_error


def _explode(request):
    raise RuntimeError("mất kết nối cơ sở dữ liệu")


# This module doubles as a URLconf for the 500 test: the real handler, a view that raises.
urlpatterns = [path("loi/", _explode)]
handler500 = "sitewide.views.server_error"


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def vietnamese(msgid):
    """The reviewed Vietnamese for an English msgid; fails if the catalogue lacks it."""
    with translation.override("vi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Vietnamese translation for {msgid!r}"
    return text


NOT_FOUND = "Page not found"
SERVER_ERROR = "Something went wrong"


def test_unknown_address_gives_a_vietnamese_404(client, home, production):
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert vietnamese(NOT_FOUND) in html
    assert NOT_FOUND not in html
    assert 'href="/"' in html, "offers a way back home"


@pytest.mark.urls("tests.sitewide.test_errors")
def test_an_exception_gives_the_vietnamese_500_page(client, production):
    client.raise_request_exception = False
    response = client.get("/loi/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert vietnamese(SERVER_ERROR) in html
    assert "mất kết nối" not in html, "never shows the error itself"


def test_500_page_renders_without_touching_the_database(production):
    # No `db` fixture: pytest-django makes any database access in this test an error.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert vietnamese(SERVER_ERROR) in response.content.decode()


def test_500_page_falls_back_to_plain_html_when_its_template_fails(production, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = "/nonexistent-static-root"  # no manifest: {% static %} raises
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="vi">' in html and vietnamese(SERVER_ERROR) in html


def test_robots_txt_keeps_crawlers_out_of_the_admin(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines  # SITE_URL, not the Host asked for
