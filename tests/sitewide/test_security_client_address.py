"""Every per-client limit counts the client, not the proxy in front of it.

Behind the documented nginx (deploy/nginx.conf.example) REMOTE_ADDR is the proxy for every
visitor; with BEHIND_TLS_PROXY (TRUST_X_FORWARDED_FOR) the client is the last X-Forwarded-For
entry, the one nginx appended (sitewide/security/ratelimit.py: client_ip). A limit that counted
REMOTE_ADDR let one visitor's attempts lock "Kiểm tra khoản ủng hộ" for everyone.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from donations.public import checks

PROXY = "10.0.0.2"
FIRST = "203.0.113.10"
SECOND = "203.0.113.11"
MISS = {"reference": "UH2222226", "amount": "100.000"}
# The one place that may read the connection's address: the shared function itself.
READS_REMOTE_ADDR = {Path("sitewide/security/ratelimit.py")}
SKIPPED_DIRECTORIES = {"tests", "node_modules", "staticfiles", "media", "test-results"}


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def check(client, forwarded_for):
    return client.post(
        reverse("donations_check_gift"),
        MISS,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def use_up_the_budget(client, forwarded_for):
    for _ in range(checks.ATTEMPTS):
        assert check(client, forwarded_for).status_code == 200
    assert check(client, forwarded_for).status_code == 429


@pytest.mark.django_db
def test_two_clients_behind_the_proxy_each_have_their_own_budget(client, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    use_up_the_budget(client, FIRST)
    response = check(client, SECOND)
    assert response.status_code == 200
    assert "Không tìm thấy khoản ủng hộ" in response.content.decode()
    # What the client writes before nginx's entry buys no fresh budget.
    assert check(client, f"198.51.100.99, {FIRST}").status_code == 429


@pytest.mark.django_db
def test_without_trusting_the_proxy_its_address_is_the_client(client, settings):
    """The documented behaviour without BEHIND_TLS_PROXY: X-Forwarded-For is ignored, so
    anyone can write it; everyone behind one proxy then shares that proxy's budget."""
    settings.TRUST_X_FORWARDED_FOR = False
    use_up_the_budget(client, FIRST)
    assert check(client, SECOND).status_code == 429


def source_files(root):
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [
            name
            for name in subdirectories
            if not name.startswith(".") and name not in SKIPPED_DIRECTORIES
        ]
        for name in files:
            if name.endswith((".py", ".html", ".txt")):
                yield Path(directory) / name


def test_only_the_shared_function_reads_the_connections_address():
    root = Path(settings.BASE_DIR)
    readers = {
        path.relative_to(root)
        for path in source_files(root)
        if "REMOTE_ADDR" in path.read_text(errors="replace")
    }
    assert readers == READS_REMOTE_ADDR
