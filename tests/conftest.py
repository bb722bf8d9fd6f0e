"""Where builders live: the tests of each app sit in tests/<app>/, and that folder's conftest.py
holds the builders of what the app owns (tests/donations/conftest.py: funds, accounts, donors;
tests/giving/conftest.py: gifts and signed IPNs; and so on). Plain builder functions are imported
from there by any test that needs them (`from tests.donations.conftest import make_fund`): the
folders are packages, so each conftest is an ordinary module of its own name. A fixture is seen
by the tests of its own folder only; the fixtures that tests of other folders request as well
are imported below, which makes them seen everywhere, and nowhere else. A test module never
imports another test module, and no module names `pytest_plugins`.

This file also holds what every test gets: settings that need no collected static files, cheap
password hashing, media in a temporary folder, an empty cache.
"""

import threading

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from tests.campaigns.conftest import campaign_index  # noqa: F401
from tests.donations.conftest import demo_campaign, fund, ledger_campaign  # noqa: F401
from tests.giving.conftest import giving_account, giving_campaign, vnpay_config  # noqa: F401
from tests.home.conftest import home  # noqa: F401
from tests.reconciliation.conftest import account, campaign, pledges  # noqa: F401
from tests.sitewide.conftest import editor, front_staff, moderator  # noqa: F401
from tests.stories.conftest import areas, story_index  # noqa: F401


def pytest_configure(config):
    """The tests expect the default public address whatever the shell says: `make test`
    inherits the Makefile's SITE_URL (the address `make run` serves), and a developer may have
    one exported. Set before any test database is made, so the Site record follows it too."""
    settings.SITE_URL = "http://localhost"
    settings.WAGTAILADMIN_BASE_URL = settings.SITE_URL


@pytest.fixture(scope="session", autouse=True)
def _empty_static_root(tmp_path_factory):
    """Tests run without `collectstatic`; WhiteNoise, built again for each test client, warns
    when STATIC_ROOT is missing. An empty directory serves the same nothing, silently."""
    before = settings.STATIC_ROOT
    settings.STATIC_ROOT = tmp_path_factory.mktemp("staticfiles")
    yield
    settings.STATIC_ROOT = before


@pytest.fixture(scope="session", autouse=True)
def _public_record_demo_key(tmp_path_factory):
    """On SQLite the public record makes its own signing key where none is configured
    (public_record/keys.py): under the tests, in a temporary folder, never in the repository.
    On PostgreSQL the suite is given a key file, made in that folder."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from public_record import keys

    before = settings.PUBLIC_RECORD_DEMO_KEY_FILE, settings.PUBLIC_RECORD_SIGNING_KEY_FILE
    folder = tmp_path_factory.mktemp("public-record")
    settings.PUBLIC_RECORD_DEMO_KEY_FILE = folder / "key.pem"
    if settings.IS_POSTGRES and not keys.configured():
        # A server (PostgreSQL) never makes its own key: give the suite one, as an operator
        # gives production its PUBLIC_RECORD_SIGNING_KEY_FILE.
        key = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )  # fmt: skip
        (folder / "server-key.pem").write_bytes(key)
        settings.PUBLIC_RECORD_SIGNING_KEY_FILE = str(folder / "server-key.pem")
    yield
    settings.PUBLIC_RECORD_DEMO_KEY_FILE, settings.PUBLIC_RECORD_SIGNING_KEY_FILE = before


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without `collectstatic`, so no hashed-name manifest exists."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs about a second per user on this machine; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters, cached pages and the simulator's memory live in the cache: each test
    starts and ends with it empty. The cache cleared is the one in place before the test runs:
    a test that points CACHES at Redis for a while never has the whole Redis database flushed
    here (it clears its own keys)."""
    cache = caches["default"]
    cache.clear()
    yield
    cache.clear()


def run_together(jobs):
    """Run each job (a function of no arguments) in its own thread, with its own database
    connection, all released at once (the race tests, on PostgreSQL); their results in order.
    What a job raises fails the test, after every thread has ended."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    errors = []

    def worker(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # reported below, never swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` only make sense when the suite runs against PostgreSQL."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="runs in the PostgreSQL pass of CI")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
