"""Settings for Chung Tay, read from environment variables.

With nothing set, the site runs embedded: SQLite in the repository, media on local disk and an
in-process cache, so `make run` needs nothing else. Production sets DATABASE_URL (PostgreSQL),
REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and, for object storage, AWS_STORAGE_BUCKET_NAME.

Every default is here and nowhere else: the code reads ``settings.X``. An environment variable
sets the setting of the same name; the README lists the few that feed another.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from wagtail.embeds import oembed_providers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Good enough for a laptop only; `check --deploy` flags the prefix, production sets its own.
    SECRET_KEY = "django-insecure-chung-tay-local-development-key"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# DJANGO_ENV=production refuses to start on the laptop defaults (deploy/README.md).
if os.environ.get("DJANGO_ENV", "").strip().lower() == "production":
    from django.core.exceptions import ImproperlyConfigured

    if len(os.environ.get("SECRET_KEY", "")) < 50:
        raise ImproperlyConfigured("DJANGO_ENV=production needs SECRET_KEY (50+ random chars).")
    if DEBUG or not os.environ.get("ALLOWED_HOSTS"):
        raise ImproperlyConfigured("DJANGO_ENV=production needs DEBUG=0 and ALLOWED_HOSTS.")
    if not os.environ.get("SITE_URL", "").startswith("https://"):
        raise ImproperlyConfigured("DJANGO_ENV=production needs SITE_URL (https://…).")
    if env_bool("VNPAY_SIMULATOR_ENABLED"):
        # The simulator answers "paid" to anyone: never beside the real ledger.
        raise ImproperlyConfigured("DJANGO_ENV=production refuses VNPAY_SIMULATOR_ENABLED.")
# Anywhere but a laptop (DEBUG), the simulator without a merchant secret would sign with its
# public one, so anyone could sign a "paid" IPN: refused here, since gunicorn runs no system
# check (sitewide/security/checks.py says the same to `manage.py check`).
if env_bool("VNPAY_SIMULATOR_ENABLED") and not DEBUG and not os.environ.get("VNPAY_HASH_SECRET"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("VNPAY_SIMULATOR_ENABLED without DEBUG needs VNPAY_HASH_SECRET.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "sitewide",
    "stories",
    "campaigns",
    "public_record",
    "donations",
    "giving",
    "reconciliation",
    "support",
    "mobilisation",
    "disclosure",
    "home",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for anonymous readers (sitewide/caching/): before sessions, CSRF and auth.
    "sitewide.caching.middleware.PageCacheMiddleware",
    # CSP and Permissions-Policy (sitewide/security/headers.py): inside the page cache, so they
    # are stored with each page and replayed on hits.
    "sitewide.security.headers.SecurityHeadersMiddleware",
    # A NUL in the path or query string is refused with 400 (sitewide/security/requests.py).
    "sitewide.security.requests.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's site and page routing remembered under the generation (sitewide/caching/).
    "sitewide.caching.routing.RouteCacheMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "home.urls"
WSGI_APPLICATION = "sitewide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "sitewide.caching.fragments.context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the one writer of `make run` work at once; IMMEDIATE transactions
    # take the write lock up front instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        # A page cache of 32 MB, not SQLite's 2 MB: inserting a statement's 80.000 lines into
        # a table of a million (their dedupe keys are hashes, so each lands on a random page of
        # the unique index) took 8,2 s with 2 MB, 2,4 s with 32 MB (1,6 s into an empty one).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # Python's sqlite3 keeps 128 prepared statements per connection by default; a statement
        # import's bulk INSERTs of thousands of rows are each megabytes once prepared, and a
        # worker kept them from file to file (bench/reconcile.py at 300.000 lines: resident
        # 323 MB after the last file, 278 MB with 16).
        "cached_statements": 16,
    }
    # The honour roll's covering index (INCLUDE columns) is for PostgreSQL; SQLite builds the
    # same index without them, which is all the laptop needs: no warning on every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")


def next_redis_database(url):
    """The same Redis server, database number one up ("redis://h:6379/0" → ".../1"; a URL
    without a number is database 0; a unix socket's ?db=N too)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if parts.scheme == "unix" or "db" in query:
        query["db"] = str(int(query.get("db") or 0) + 1)
        return f"{url.split('?', 1)[0]}?{urlencode(query)}"
    number = parts.path.strip("/") or "0"
    return urlunsplit(parts._replace(path=f"/{int(number) + 1}"))


if REDIS_URL:
    # Django's RedisCache, reusing its redis-py client (sitewide/caching/redis.py). Short socket
    # timeouts: a Redis outage makes pages slower (uncached), not hung.
    REDIS_OPTIONS = {
        "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "1")),
        "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "1")),
        "health_check_interval": 30,
    }
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "chungtay")
    CACHES = {
        "default": {
            "BACKEND": "sitewide.caching.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": REDIS_OPTIONS,
        },
        # Sessions in their own alias and, by default, the next Redis database of the same
        # server, so a FLUSHDB of the cache never logs staff out; eviction is per server, so
        # production points REDIS_SESSIONS_URL at a server without eviction (deploy/README.md).
        "sessions": {
            "BACKEND": "sitewide.caching.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_SESSIONS_URL") or next_redis_database(REDIS_URL),
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-sessions",
            "OPTIONS": REDIS_OPTIONS,
            "TIMEOUT": None,
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous full-page cache (sitewide/caching/pages.py, which reads these and nothing else).
# On by default only where the cache is shared by every app process (Redis): a per-process
# cache could not be invalidated everywhere.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", default=bool(REDIS_URL))
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_TTL = int(os.environ.get("PAGE_CACHE_TTL", "600"))
# Copies with a query string (filters, pages) one path may keep per generation.
PAGE_CACHE_MAX_VARIANTS = int(os.environ.get("PAGE_CACHE_MAX_VARIANTS", "50"))
# Pages that show campaign money are never older than this many seconds.
PAGE_CACHE_MONEY_MAX_AGE = int(os.environ.get("PAGE_CACHE_MONEY_MAX_AGE", "5"))
# …and, however many gifts arrive, each is rendered again at most once per this many seconds.
PAGE_CACHE_MONEY_MIN_AGE = float(os.environ.get("PAGE_CACHE_MONEY_MIN_AGE", "1"))
# Each app process keeps its own copies of pages it served from Redis, up to this many MiB
# (sitewide/caching/local_copies.py); 0 turns them off.
PAGE_CACHE_LOCAL_MB = float(os.environ.get("PAGE_CACHE_LOCAL_MB", "8"))
# With a CDN in front: how long it may keep a public page (money pages: the rule above).
PAGE_CACHE_CDN_MAX_AGE = int(os.environ.get("PAGE_CACHE_CDN_MAX_AGE", "0"))
# Never stored: the admin, giving and its VNPay callbacks, the simulator, reconciliation
# (feeds), documents and "check my gift".
PAGE_CACHE_EXCLUDED_PREFIXES = (
    "/admin/",
    "/donations/",
    "/_vnpay-sandbox/",
    "/reconciliation/",
    "/documents/",
    "/ung-ho/kiem-tra/",
    "/ung-ho/gui/",
    "/ung-ho/khoan-ung-ho/",
)
# Stored without a query string only: search results for whatever anyone types would fill the
# cache for little gain.
PAGE_CACHE_NO_QUERY_PATHS = ("/search/",)
# The query parameters each URL name reads (views of other apps than ours, or that take no
# parameter); our views say it with @reads_query, Wagtail's pages with cache_query_params. A
# page is keyed by these only, and a view that declares nothing is cached only without a query.
PAGE_CACHE_QUERY_PARAMS = {
    "sitemap": ("p",),
    "robots_txt": (),
    "stories_rss": (),
    "stories_atom": (),
}
# Pages of these types, and the views of these URL names, show campaign money (the money rule).
PAGE_CACHE_MONEY_PAGE_TYPES = (
    "campaigns.CampaignPage",
    "campaigns.CampaignIndexPage",
    "home.HomePage",
)
PAGE_CACHE_MONEY_URL_NAMES = (
    "donations_statement",
    "donations_statement_csv",
    "donations_honour_roll",
    # The public record grows with the ledger (a past checkpoint never changes).
    "public_record_index",
    "public_record_checkpoint",
    "public_record_checkpoints",
    "public_record_entries",
)
# A request carrying one of these cookies is answered uncached (besides the session cookie).
PAGE_CACHE_BYPASS_COOKIES = ("messages",)
# Template fragments (navigation, articles, cards, money panel) in each process's memory, keyed
# by the shared versions (sitewide/caching/fragments.py): on by default exactly with Redis.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE_ENABLED", default=bool(REDIS_URL))
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("FRAGMENT_CACHE_MAX_ENTRIES", "5000"))},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Everything a person reads is Vietnamese; code carries English msgids.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "upstream"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy everywhere (sitewide/formats/vi/formats.py). Wagtail's date pickers write and
# read their own format, Y-m-d unless told: a date typed 17/10/2026 was not theirs, and they
# replaced it with today's. Each of these must be among the format module's input formats.
FORMAT_MODULE_PATH = ["sitewide.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Without object storage the app serves uploaded files itself (home/urls.py), so a single
# machine without a reverse proxy (the demo, the CI smoke test) shows its pictures; the nginx
# example serves /media/ from disk before the request reaches the app.
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=not os.environ.get("AWS_STORAGE_BUCKET_NAME"))

# Files a browser asks for at the site's root (favicon.ico, apple-touch-icon.png): WhiteNoise
# serves them from here, so no visit logs a 404 for them.
WHITENOISE_ROOT = BASE_DIR / "sitewide" / "root_files"

# Files staff only may read (handover records of support): never under MEDIA_ROOT, never
# served by the web server or a public bucket; a staff view reads them (donations.storage).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible object storage: django-storages reads the AWS_* keys and region itself.
    # Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the
    # environment, or an instance role); media is public, so URLs carry no signature.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            "object_parameters": {
                "CacheControl": os.environ.get("AWS_S3_CACHE_CONTROL", "public, max-age=86400")
            },
        },
    }

# Uploads: images up to 10 MB and 36 megapixels (a phone photo fits, a decompression bomb does
# not); Wagtail refuses anything else with a message in the editor's language.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 36_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# …and a photo cut short in transit is refused too, not a 500 (sitewide/security/image_upload.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "sitewide.security.image_upload.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "odt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Chung Tay"
# The site's public address, the one place it is written: the default Site record follows it
# after every migrate (sitewide/site_address.py), so canonical URLs, og:url, the sitemap,
# robots.txt, feeds and e-mailed links use it; so do Wagtail's admin e-mails. `make run` sets
# it from PORT; production sets https://… (DJANGO_ENV=production requires it).
SITE_URL = os.environ.get("SITE_URL", "http://localhost").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL)
WAGTAIL_I18N_ENABLED = False
# Slugs are ASCII, folded the project's way (sitewide.text.fold_slug): no percent-encoded
# Vietnamese in URLs. FoldedPageMixin fills a new page's slug on the server, FoldedSlugInput
# in the browser.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars are Wagtail's default or an uploaded picture, never gravatar.com: the admin
# fetches nothing from third parties (and its CSP would refuse it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Both sides of every search are folded (no diacritics, đ→d): see sitewide/search.py; the
# backend is Wagtail's database backend, folding the admin's queries on pages too
# (sitewide/search_backend.py). On PostgreSQL the index also uses the `vn_unaccent`
# configuration (a sitewide migration).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "sitewide.search_backend",
        **({"SEARCH_CONFIG": "vn_unaccent"} if IS_POSTGRES else {}),
    }
}

# Background work (django-tasks). Default: run at once, in the request (make run, tests).
# Production: TASKS_BACKEND=database queues tasks in PostgreSQL; `manage.py db_worker` runs them
# (as many workers as needed, on any machine: deploy/README.md).
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS.get(_tasks_backend, _tasks_backend)}}
# Every saved image queues its template renditions (sitewide/caching/renditions.py).
RENDITION_WARM_ON_SAVE = env_bool("RENDITION_WARM_ON_SAVE", default=True)

# Reminders of pledges (mobilisation/services/reminders.py): DAYS_BEFORE the due date, on it,
# then every EVERY_DAYS_OVERDUE days while overdue, at most MAX_TIMES per pledge and channel.
# `manage.py send_pledge_reminders` (cron, daily) or the send_due_reminders task runs them.
MOBILISATION_REMINDERS = {
    "DAYS_BEFORE": int(os.environ.get("REMINDER_DAYS_BEFORE", "3")),
    "EVERY_DAYS_OVERDUE": int(os.environ.get("REMINDER_EVERY_DAYS_OVERDUE", "7")),
    "MAX_TIMES": int(os.environ.get("REMINDER_MAX_TIMES", "4")),
}
# SMS or Zalo ZNS (mobilisation/messaging.py): the console backend prints and sends nothing.
MOBILISATION_MESSAGE_BACKEND = os.environ.get(
    "MOBILISATION_MESSAGE_BACKEND", "mobilisation.messaging.ConsoleBackend"
)
MOBILISATION_ZALO_ZNS = {
    "URL": os.environ.get("ZALO_ZNS_URL", "https://business.openapi.zalo.me/message/template"),
    "ACCESS_TOKEN": os.environ.get("ZALO_ZNS_ACCESS_TOKEN", ""),
    "TEMPLATE_ID": os.environ.get("ZALO_ZNS_TEMPLATE_ID", ""),
}
MOBILISATION_SMS = {
    "URL": os.environ.get("SMS_GATEWAY_URL", ""),
    "API_KEY": os.environ.get("SMS_API_KEY", ""),
    "SECRET_KEY": os.environ.get("SMS_SECRET_KEY", ""),
    "BRANDNAME": os.environ.get("SMS_BRANDNAME", ""),
    "SMS_TYPE": os.environ.get("SMS_TYPE", "2"),
}
# The stage screen of a launch ceremony reloads itself this often.
MOBILISATION_STAGE_REFRESH_SECONDS = 5

# VNPay (docs/vnpay.md). With none of these set, giving goes through the local VNPay
# simulator under /_vnpay-sandbox/, which is mounted only with DEBUG or VNPAY_SIMULATOR_ENABLED.
VNPAY_TMN_CODE = os.environ.get("VNPAY_TMN_CODE", "CHUNGTAY")
VNPAY_HASH_SECRET = os.environ.get("VNPAY_HASH_SECRET", "")
VNPAY_PAYMENT_URL = os.environ.get("VNPAY_PAYMENT_URL", "/_vnpay-sandbox/paymentv2/vpcpay.html")
VNPAY_API_URL = os.environ.get("VNPAY_API_URL", "")
VNPAY_SIMULATOR_ENABLED = env_bool("VNPAY_SIMULATOR_ENABLED", default=DEBUG)

# Online giving (giving/): amount bounds and presets in whole đồng; a pending VNPay payment is
# settled with querydr only after VNPay's 15-minute window plus a grace period (late callbacks);
# donations created per client IP are limited (behind the proxy of deploy/, the IP is the last
# X-Forwarded-For entry, which nginx appends).
GIVING_MIN_AMOUNT = 10_000
GIVING_MAX_AMOUNT = 500_000_000
GIVING_PRESET_AMOUNTS = [50_000, 100_000, 200_000, 500_000]
GIVING_PAYMENT_WINDOW_MINUTES = 15
GIVING_SETTLE_GRACE_MINUTES = 5
GIVING_RATE_LIMIT = int(os.environ.get("GIVING_RATE_LIMIT", "10"))
GIVING_RATE_LIMIT_SECONDS = int(os.environ.get("GIVING_RATE_LIMIT_SECONDS", "600"))
# Behind our proxy, the client's address is the last X-Forwarded-For entry (rate limits, axes).
TRUST_X_FORWARDED_FOR = env_bool("BEHIND_TLS_PROXY")
# The admin's "forgot password" form, per client address (sitewide/security/password_reset.py).
PASSWORD_RESET_RATE_LIMIT = int(os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5"))
PASSWORD_RESET_RATE_LIMIT_SECONDS = int(os.environ.get("PASSWORD_RESET_RATE_LIMIT_SECONDS", "3600"))
# The public statement CSV is served from a copy stored once per money version
# (donations/public/exports.py): exported in the request only for campaigns of at most
# STATEMENT_CSV_INLINE_ROWS receipts, else by a task; builds one client may start per window.
STATEMENT_CSV_INLINE_ROWS = int(os.environ.get("STATEMENT_CSV_INLINE_ROWS", "5000"))
STATEMENT_CSV_RATE_LIMIT = int(os.environ.get("STATEMENT_CSV_RATE_LIMIT", "10"))
STATEMENT_CSV_RATE_LIMIT_SECONDS = int(os.environ.get("STATEMENT_CSV_RATE_LIMIT_SECONDS", "600"))
# Queued builds the whole site may start per the same window.
STATEMENT_CSV_BUILD_LIMIT = int(os.environ.get("STATEMENT_CSV_BUILD_LIMIT", "30"))
# …and how long a filtered copy is kept (a copy per filter set anyone types).
STATEMENT_CSV_FILTERED_SECONDS = int(os.environ.get("STATEMENT_CSV_FILTERED_SECONDS", "3600"))
# A build that has not ended after this many seconds is taken for dead: another may start.
STATEMENT_CSV_BUILD_SECONDS = int(os.environ.get("STATEMENT_CSV_BUILD_SECONDS", "900"))

# Support (support/): a house started more than this many days ago and not completed is late.
SUPPORT_HOUSE_LATE_DAYS = int(os.environ.get("SUPPORT_HOUSE_LATE_DAYS", "180"))

# Bank statements and transfer feeds (reconciliation/). A statement file larger than this is
# refused before it is read. Feed keys are never in code or in the database: each transfer-feed
# row in the admin names one of these environment variables (FEED_KEY_...) holding its key.
STATEMENT_MAX_UPLOAD_BYTES = int(os.environ.get("STATEMENT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
RECONCILIATION_FEED_KEYS = {
    name: value for name, value in os.environ.items() if name.startswith("FEED_KEY_") and value
}
# A signed feed call whose time is further than this many seconds from now is refused (replay).
RECONCILIATION_FEED_MAX_AGE = int(os.environ.get("RECONCILIATION_FEED_MAX_AGE", "300"))

# The public record (public_record/, docs/public-record.md): an append-only log of every line
# the public sees, signed by an Ed25519 key that comes from here and never from the code (a PEM
# Ed25519 key or a base64 32-byte seed, in the variable or in a file). Without one, a laptop
# (DEBUG or the local SQLite database) makes its own in PUBLIC_RECORD_DEMO_KEY_FILE; elsewhere
# nothing is signed (system check public_record.E001). The origin is the log's stable name, by
# default the host of WAGTAILADMIN_BASE_URL followed by /minh-bach.
PUBLIC_RECORD_SIGNING_KEY = os.environ.get("PUBLIC_RECORD_SIGNING_KEY", "")
PUBLIC_RECORD_SIGNING_KEY_FILE = os.environ.get("PUBLIC_RECORD_SIGNING_KEY_FILE", "")
PUBLIC_RECORD_DEMO_KEY_FILE = BASE_DIR / "local" / "public-record-signing-key.pem"
PUBLIC_RECORD_ORIGIN = os.environ.get("PUBLIC_RECORD_ORIGIN", "")
# Entries one request to /minh-bach/entries may ask for.
PUBLIC_RECORD_PAGE_SIZE = int(os.environ.get("PUBLIC_RECORD_PAGE_SIZE", "1000"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Chung Tay <khong-tra-loi@chungtay.vn>")
# SMTP in production: EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and these.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Behind a proxy that terminates TLS (deploy/README.md).
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# DENY everywhere: Wagtail's preview views set SAMEORIGIN on their own answers, so the live
# preview panel still works (tests/sitewide/test_production.py checks both).
X_FRAME_OPTIONS = "DENY"
# Neither cookie is readable from JavaScript: Wagtail's admin takes the CSRF token from the page
# (wagtailConfig), not from the cookie.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A refused form gets a Vietnamese page that works under the CSP (sitewide/security/csrf.py).
CSRF_FAILURE_VIEW = "sitewide.security.csrf.csrf_failure"

# Content-Security-Policy and Permissions-Policy (sitewide/security/headers.py): strict on public
# pages, looser under the admin, whose own templates carry inline scripts. Uploaded media served
# from object storage or a CDN must be allowed as an image source; embedded videos as frames.
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS") or [
    f"https://{host}" for host in env_list("AWS_S3_CUSTOM_DOMAIN")
] + [url.rstrip("/") for url in env_list("AWS_S3_ENDPOINT_URL")]
CSP_FRAME_SRC = env_list(
    "CSP_FRAME_SRC",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com",
)
# A video block shows the HTML its oEmbed provider returns, unescaped: only the providers the
# policy above lets frame are asked (Wagtail's default asks some 300, whose HTML may carry
# scripts, which the admin's looser policy would run in a preview).
WAGTAILEMBEDS_FINDERS = [
    {
        "class": "wagtail.embeds.finders.oembed",
        "providers": [oembed_providers.youtube, oembed_providers.vimeo],
    }
]
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY")
SECURITY_ADMIN_PREFIXES = ("/admin/",)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Admin login lock-out (django-axes, database handler: shared by every app server). After
# AXES_FAILURE_LIMIT wrong passwords for one username from one IP, that pair is refused, even
# with the right password, for AXES_COOLOFF_MINUTES; `manage.py axes_reset_username <name>`
# lifts it sooner. The IP is the one giving's rate limit uses (giving/ratelimit.py): behind our
# proxy, the X-Forwarded-For entry nginx appended, never one the client wrote.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "sitewide.security.ratelimit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sitewide.security.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # no django.contrib.admin here; `manage.py axes_list_attempts`
AXES_VERBOSE = False

# A CDN in front (deploy/README.md): Wagtail purges a published page's URLs (and sitewide its
# listings) with an HTTP PURGE sent to FRONTEND_CACHE_PURGE_URL. Off when unset.
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
if FRONTEND_CACHE_PURGE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
            **(
                {"HOSTNAMES": env_list("FRONTEND_CACHE_HOSTNAMES")}
                if os.environ.get("FRONTEND_CACHE_HOSTNAMES")
                else {}
            ),
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
