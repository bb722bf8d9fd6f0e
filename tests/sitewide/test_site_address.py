"""One setting, SITE_URL, is the public address: the Site record, canonical links, robots.txt
and the sitemap follow it, whatever Host a request came with; pictures are served without
DEBUG, and nothing else under MEDIA_ROOT is."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

from sitewide.site_address import absolute, host_and_port, sync_default_site

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8123", ("127.0.0.1", 8123)),
        ("https://chungtay.example.vn", ("chungtay.example.vn", 443)),
        ("http://localhost", ("localhost", 80)),
        ("https://quy.example.vn:8443/", ("quy.example.vn", 8443)),
    ],
)
def test_host_and_port(url, expected):
    assert host_and_port(url) == expected


def test_the_default_site_follows_site_url_after_migrate(settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    call_command("migrate", "sitewide", verbosity=0)  # nothing to apply: post_migrate still runs
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert site.root_url == "http://127.0.0.1:8123"


def test_links_use_site_url_not_the_host_asked_for(client, settings, home):
    settings.SITE_URL = "https://chungtay.example.vn"
    settings.ALLOWED_HOSTS = ["*"]
    sync_default_site()
    robots = client.get("/robots.txt", HTTP_HOST="other.example").content.decode()
    assert "Sitemap: https://chungtay.example.vn/sitemap.xml" in robots
    check = client.get("/ung-ho/kiem-tra/", HTTP_HOST="other.example").content.decode()
    assert '<link rel="canonical" href="https://chungtay.example.vn/ung-ho/kiem-tra/">' in check
    sitemap = client.get("/sitemap.xml", HTTP_HOST="chungtay.example.vn").content.decode()
    assert "<loc>https://chungtay.example.vn/</loc>" in sitemap


def test_absolute_keeps_a_url_that_names_its_host():
    assert absolute("https://media.example.vn/a.jpg") == "https://media.example.vn/a.jpg"
    with override_settings(SITE_URL="http://127.0.0.1:9000"):
        assert absolute("/media/images/a.jpg") == "http://127.0.0.1:9000/media/images/a.jpg"


def test_pictures_are_served_and_nothing_else_under_media(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "nha-moi.width-480.webp").write_bytes(b"RIFF0000WEBPVP8 ")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "bien-ban-ban-giao.pdf").write_bytes(b"%PDF-1.4 private")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "sao-ke.csv").write_bytes(b"private")
    picture = client.get("/media/images/nha-moi.width-480.webp")
    assert picture.status_code == 200
    assert picture["X-Content-Type-Options"] == "nosniff"
    for path in (
        "/media/documents/bien-ban-ban-giao.pdf",
        "/media/exports/sao-ke.csv",
        "/media/images/../documents/bien-ban-ban-giao.pdf",
        "/media/images/%2e%2e/exports/sao-ke.csv",
    ):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        body = b"".join(getattr(response, "streaming_content", [response.content]))
        assert b"private" not in body
