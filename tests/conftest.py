from pathlib import Path

import pytest
from django.conf import settings

# The fixture modules beside this file are plugins of the test modules that name them, and some
# test modules import helpers from them too: marked here, before any test module imports one,
# their asserts are rewritten like the tests' own (and pytest has nothing to warn about).
pytest.register_assert_rewrite(
    "donations.testing",
    *sorted(
        f"tests.{path.stem}"
        for path in Path(__file__).parent.glob("*.py")
        if not path.stem.startswith(("test_", "conftest", "__init__"))
    ),
)

pytest_plugins = ["tests.factories"]


@pytest.fixture(scope="session", autouse=True)
def _empty_static_root(tmp_path_factory):
    """Tests run without `collectstatic`; WhiteNoise, built again for each test client, warns
    when STATIC_ROOT is missing. An empty directory serves the same nothing, silently."""
    before = settings.STATIC_ROOT
    settings.STATIC_ROOT = tmp_path_factory.mktemp("staticfiles")
    yield
    settings.STATIC_ROOT = before


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


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` only make sense when the suite runs against PostgreSQL."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="runs in the PostgreSQL pass of CI")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
