"""Production settings from the environment (sitewide/settings.py, deploy/).

Settings are read once per process, so each shape is checked in a fresh `python` subprocess with
exactly the environment an operator would set.
"""

import json

import pytest

from tests.sitewide.conftest import production_env, run

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
default_storage = storages["default"]
from django_tasks import task_backends
default_task_backend = task_backends["default"]
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "sessions": [settings.SESSION_ENGINE, settings.SESSION_CACHE_ALIAS,
                 settings.CACHES[settings.SESSION_CACHE_ALIAS].get("LOCATION")],
    "page_cache": settings.PAGE_CACHE_ENABLED,
    "money_max_age": settings.PAGE_CACHE_MONEY_MAX_AGE,
    "db": settings.DATABASES["default"]["ENGINE"],
    "search_config": settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG"),
    "storage": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "media_url": default_storage.url("original_images/nha-dai-doan-ket.jpg"),
    "bucket": getattr(default_storage, "bucket_name", None),
    "tasks": type(default_task_backend).__module__ + "." + type(default_task_backend).__name__,
    "frontend_cache": getattr(settings, "WAGTAILFRONTENDCACHE", None),
    "frontend_app": "wagtail.contrib.frontend_cache" in settings.INSTALLED_APPS,
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE,
    "middleware": settings.MIDDLEWARE[:3],
}))
"""


def show_settings(**env):
    result = run(["-c", SHOW_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_reports_nothing_with_the_production_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_check_deploy_does_complain_without_the_tls_settings():
    """The control: the check above is not silenced, it has nothing to say."""
    env = production_env()
    del env["BEHIND_TLS_PROXY"]
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


def test_check_says_production_cannot_sign_the_public_record_without_a_key():
    env = production_env()
    del env["PUBLIC_RECORD_SIGNING_KEY"]
    result = run(["manage.py", "check", "--deploy"], **env)
    assert result.returncode != 0
    assert "public_record.E001" in result.stderr


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"VNPAY_SIMULATOR_ENABLED": "1"}, "VNPAY_SIMULATOR_ENABLED"),
        ({"SITE_URL": ""}, "SITE_URL"),
        ({"SITE_URL": "http://chungtay.example.vn"}, "SITE_URL"),
    ],
)
def test_production_refuses_the_laptop_defaults(change, complaint):
    env = {**production_env(), **change}
    if not env["ALLOWED_HOSTS"]:
        del env["ALLOWED_HOSTS"]
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_production_shape_postgres_redis_object_storage_tasks_cdn():
    shown = show_settings(**production_env())
    assert shown["db"] == "django.db.backends.postgresql"
    assert shown["search_config"] == "vn_unaccent"
    assert shown["cache"] == "sitewide.caching.redis.RedisCache"  # Django's, client reused
    assert shown["cache_location"] == "redis://redis.internal:6379/0"
    assert shown["sessions"] == [
        "django.contrib.sessions.backends.cache",
        "sessions",
        "redis://redis.internal:6379/1",
    ]
    assert shown["page_cache"] is True
    assert shown["money_max_age"] == 5
    assert shown["storage"] == "storages.backends.s3.S3Storage"
    assert shown["bucket"] == "chungtay-media"
    assert shown["media_url"] == (
        "https://media.chungtay.example.vn/original_images/nha-dai-doan-ket.jpg"
    )
    assert shown["tasks"] == "django_tasks_db.backend.DatabaseBackend"
    assert shown["frontend_app"] is True
    assert shown["frontend_cache"]["cdn"]["LOCATION"] == "http://cdn-purge.internal:6081"
    assert shown["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert shown["whitenoise"] is True
    assert shown["middleware"][2] == "sitewide.caching.middleware.PageCacheMiddleware"


def test_embedded_shape_for_make_run():
    shown = show_settings()
    assert shown["db"] == "django.db.backends.sqlite3"
    assert shown["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["page_cache"] is False  # a per-process cache could not be invalidated everywhere
    assert shown["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert shown["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert shown["frontend_app"] is False


def test_the_page_cache_and_money_age_follow_the_environment():
    shown = show_settings(REDIS_URL="redis://127.0.0.1:6379/0", PAGE_CACHE_ENABLED="0")
    assert shown["page_cache"] is False
    shown = show_settings(PAGE_CACHE_ENABLED="1", PAGE_CACHE_MONEY_MAX_AGE="3")
    assert shown["page_cache"] is True
    assert shown["money_max_age"] == 3


def test_gunicorn_settings_are_valid_and_read_the_environment():
    env = {"GUNICORN_BIND": "127.0.0.1:8123", "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4"}
    result = run(
        [
            "-m",
            "gunicorn",
            "--check-config",
            "-c",
            "deploy/gunicorn.conf.py",
            "sitewide.wsgi:application",
        ],
        **env,
    )
    assert result.returncode == 0, result.stderr
    shown = run(
        [
            "-c",
            "import runpy, json; c = runpy.run_path('deploy/gunicorn.conf.py'); "
            "print(json.dumps([c['bind'], c['workers'], c['threads'], c['worker_class']]))",
        ],
        **env,
    )
    assert json.loads(shown.stdout) == ["127.0.0.1:8123", 2, 4, "gthread"]


def test_pages_forbid_framing_but_wagtail_preview_still_frames(client, home, admin_user):
    assert client.get(home.url)["X-Frame-Options"] == "DENY"
    client.force_login(admin_user)
    preview = client.get(f"/admin/pages/{home.pk}/edit/preview/")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
