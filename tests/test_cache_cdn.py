"""With a CDN in front (FRONTEND_CACHE_PURGE_URL): publishing a page purges the listings that
show it, its index pages and the home page, with HTTP PURGE requests to the CDN's endpoint."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import make_story


class PurgeRecorder(BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def test_publishing_purges_the_pages_listings(cdn, story_index):
    story = make_story(story_index, slug="chi-lan")
    assert ("localhost", "/cau-chuyen/") in cdn
    assert ("localhost", "/") in cdn
    cdn.clear()
    story.unpublish()
    assert ("localhost", "/cau-chuyen/") in cdn


def test_without_a_cdn_nothing_is_sent(settings, story_index, monkeypatch):
    """As sitewide/settings.py leaves it without FRONTEND_CACHE_PURGE_URL: no
    WAGTAILFRONTENDCACHE at all. Publishing and unpublishing then ask nothing of Wagtail's
    frontend cache, not even a purge with no backend to go to, and raise nothing."""
    from wagtail.contrib.frontend_cache import utils
    from wagtail.contrib.frontend_cache.backends import HTTPBackend

    if hasattr(settings, "WAGTAILFRONTENDCACHE"):
        del settings.WAGTAILFRONTENDCACHE
    sent = []

    def record(name):
        return lambda *args, **kwargs: sent.append((name, args))

    for name in ("purge_pages_from_cache", "purge_page_from_cache", "purge_urls_from_cache"):
        monkeypatch.setattr(utils, name, record(name))
    monkeypatch.setattr(HTTPBackend, "purge", record("HTTPBackend.purge"))
    monkeypatch.setattr(HTTPBackend, "purge_batch", record("HTTPBackend.purge_batch"))

    story = make_story(story_index, slug="chi-lan")
    story.unpublish()
    assert sent == []
