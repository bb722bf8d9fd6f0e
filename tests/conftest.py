import pytest
from django.conf import settings

pytest_plugins = ["tests.factories"]


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
