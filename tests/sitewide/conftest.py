"""Builders for the ground floor's tests: images, areas, staff accounts, query counts, the
cache tests' Redis and money, the production-settings subprocess, and hostile spreadsheets for
every importer's security tests (with a subprocess that reads one under a time and memory cap).

Several reach up (a cached campaign page needs a campaign and a fund): they import those
builders from the folders above. Fixtures other folders use are listed in tests/conftest.py.
"""

import base64
import io
import itertools
import os
import re
import secrets
import socket
import subprocess
import sys
import textwrap
import uuid
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import Workbook
from PIL import Image as PILImage
from wagtail.images.models import Image

from sitewide.groups import EDITORS, FRONT_STAFF, MODERATORS
from sitewide.models import Area

ROOT = Path(__file__).resolve().parents[2]
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_counter = itertools.count(1)


def make_image(title="Ảnh thử", size=(640, 427), color=(180, 40, 40)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=f"test-{next(_counter)}.jpg")
    )


def make_area(name="Xã Hướng Phùng", level=Area.Level.COMMUNE, parent=None, **kwargs):
    from sitewide.text import fold

    slug = kwargs.pop("slug", fold(name).replace(" ", "-"))
    return Area.objects.create(name=name, slug=slug, level=level, parent=parent, **kwargs)


def make_user(username, group_name=None, **kwargs):
    """A staff user without a password: tests log in with client.force_login."""
    user = get_user_model().objects.create_user(username=username, **kwargs)
    if group_name:
        group, _created = Group.objects.get_or_create(name=group_name)
        user.groups.add(group)
    return user


def make_staff(group_name, username=None):
    """An active account in one staff group, as the admin's user screens would make it."""
    # No password: tests log in with force_login, and hashing one costs a second per user.
    user = get_user_model().objects.create_user(
        username=username or f"user-{Group.objects.get(name=group_name).pk}"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def front_staff(db):
    return make_user("can-bo-mat-tran", FRONT_STAFF)


@pytest.fixture
def editor(db):
    return make_user("bien-tap-vien", EDITORS)


@pytest.fixture
def moderator(db):
    return make_user("kiem-duyet-vien", MODERATORS)


def count_queries(client, url, **params):
    """Queries for one warm request: renditions exist, caches are empty.

    The first request creates renditions; clearing the cache afterwards means a template that
    asked for renditions card by card would show up as extra queries in the second request.
    """
    response = client.get(url, params)
    assert response.status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def img_tags_without_alt(html):
    return [tag for tag in IMG_TAG.findall(html) if not re.search(r"\salt=", tag)]


# The cache tests: Redis (skipped where none answers; CI always has one), a campaign whose page
# may be cached, and a gift to move its money.
REDIS_URL = "redis://127.0.0.1:6379/0"


def needs_redis():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379")


def use_redis_cache(settings):
    """Make the default cache alias our RedisCache, under a prefix of this test's own."""
    needs_redis()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "sitewide.caching.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"ct-test-pages-{uuid.uuid4().hex[:8]}",
        },
    }


def clear(cache):
    """Empty a test's cache. On Redis only its own keys: Django's clear() is FLUSHDB, which would
    also wipe what every other process keeps on that server (another test run, a bench, the
    page cache's counters)."""
    if not hasattr(cache, "watch"):
        cache.clear()
        return
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def closed_campaign(campaign_index, fund):
    """Ended before today: it shows its money but no donate form, so it may be cached."""
    from tests.campaigns.conftest import make_campaign
    from tests.donations.conftest import link_campaign

    campaign = make_campaign(campaign_index, title="Ngày vì người nghèo 2025", slug="nvnn-2025")
    assert not campaign.is_running()
    return link_campaign(campaign, fund)


def give(campaign, amount):
    """A cash gift recorded now: the money version moves, as with any receipt."""
    from donations.models import Channel
    from donations.services import record_receipt

    return record_receipt(
        channel=Channel.CASH,
        amount=amount,
        received_at=timezone.now(),
        campaign=campaign,
        receipt_book_number=f"Q{amount}",
    )


# Settings as an operator's environment makes them, each shape read in a fresh process.
# Variables that change the shape of the settings: none leaks in from the test run's own env.
SHAPING = (
    "DATABASE_URL",
    "PUBLIC_RECORD_SIGNING_KEY",
    "PUBLIC_RECORD_SIGNING_KEY_FILE",
    "REDIS_URL",
    "REDIS_SESSIONS_URL",
    "CACHE_URL",
    "CACHE_KEY_PREFIX",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "BEHIND_TLS_PROXY",
    "DJANGO_ENV",
    "SITE_URL",
    "PAGE_CACHE_ENABLED",
    "TASKS_BACKEND",
    "FRONTEND_CACHE_PURGE_URL",
    "PAGE_CACHE_CDN_MAX_AGE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_REGION_NAME",
    "DJANGO_SETTINGS_MODULE",
)
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "chungtay.example.vn",
    "SITE_URL": "https://chungtay.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://chungtay.example.vn",
    "BEHIND_TLS_PROXY": "1",
    "DATABASE_URL": "postgres://chungtay@db.internal:5432/chungtay",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "REDIS_SESSIONS_URL": "redis://redis.internal:6379/1",
    "TASKS_BACKEND": "database",
    "AWS_STORAGE_BUCKET_NAME": "chungtay-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
    "AWS_S3_CUSTOM_DOMAIN": "media.chungtay.example.vn",
    "AWS_S3_REGION_NAME": "hn-1",
    "FRONTEND_CACHE_PURGE_URL": "http://cdn-purge.internal:6081",
}


def run(args, **env):
    base = {k: v for k, v in os.environ.items() if k not in SHAPING}
    base.setdefault("SECRET_KEY", "")
    full = {**base, **env, "DJANGO_SETTINGS_MODULE": "sitewide.settings", "PYTHONPATH": str(ROOT)}
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120
    )


def production_env(**overrides):
    """PRODUCTION with fresh secrets: the session key and the public record's signing key (a
    base64 Ed25519 seed, public_record/keys.py)."""
    signing_key = base64.b64encode(secrets.token_bytes(32)).decode()
    return {
        **PRODUCTION,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "PUBLIC_RECORD_SIGNING_KEY": signing_key,
        **overrides,
    }


# --- hostile spreadsheets -------------------------------------------------------------------

#: Excel's last row (Microsoft's "Excel specifications and limits"): no spreadsheet program
#: writes a row numbered beyond it.
EXCEL_LAST_ROW = 1_048_576
SHEET_XML = "xl/worksheets/sheet1.xml"


def vietnamese(message, **params):
    """The Vietnamese of a msgid (or lazy message), filled in; fails if it has none."""
    with translation.override("en"):
        msgid = str(message)
    with translation.override("vi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Vietnamese for {msgid!r}"
    return text % params if params else text


def xlsx_of(rows):
    """An XLSX (bytes) of the rows, as openpyxl writes it."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_changed(content, sheet_change=None, extra=None, types=None):
    """The XLSX `content` with its first sheet's XML changed and/or extra parts added (with
    `types`, the end of [Content_Types].xml that declares them: "<Override …/></Types>")."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == SHEET_XML and sheet_change:
                data = sheet_change(data)
            if info.filename == "[Content_Types].xml" and types:
                data = data.replace(b"</Types>", types.encode())
            target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def rows_after_the_table(*rows):
    """A sheet change: the rows (XML) appended at the end of the sheet."""
    return lambda data: data.replace(b"</sheetData>", b"".join(rows) + b"</sheetData>")


def last_row(data):
    return max(int(number) for number in re.findall(rb'<row r="(\d+)"', data))


def without_used_range(data):
    """The sheet's XML without its <dimension> (the used range a program declares): openpyxl
    reads a sheet up to the declared range, and an attacker declares none."""
    return re.sub(rb"<dimension [^>]*/>", b"", data)


def with_far_row(content, number=2_000_000_000):
    """Attack: one row numbered `number` after the table, holding a note, and no declared used
    range (openpyxl then makes up every empty row above it)."""
    row = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Ghi ch\xc3\xba</t></is></c></row>'

    def change(data):
        return rows_after_the_table(row % (number, number))(without_used_range(data))

    return xlsx_changed(content, change)


def with_wide_rows(content, count=50):
    """Attack: `count` rows after the table, each one cell in column ZZZ (the 18.278th), and no
    declared used range (openpyxl then makes up every empty cell left of each)."""

    def change(data):
        data = without_used_range(data)
        first = last_row(data) + 1
        rows = (
            b'<row r="%d"><c r="ZZZ%d"><v>1</v></c></row>' % (n, n)
            for n in range(first, first + count)
        )
        return rows_after_the_table(*rows)(data)

    return xlsx_changed(content, change)


def zip_bombed(content, megabytes=50):
    """Attack: the sheet padded with `megabytes` MB of spaces: a few more kilobytes to upload."""
    padding = b" " * (megabytes * 1024 * 1024)
    return xlsx_changed(content, rows_after_the_table(padding))


def csv_longer_than_a_sheet(content):
    """Attack: empty lines after the table, more than a sheet has rows (1 MB to upload)."""
    return content + b"\n" * (EXCEL_LAST_ROW + 10)


_GUARDED_READ = textwrap.dedent(
    """
    import importlib, resource, sys
    cap = int(sys.argv[4])
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    import django
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation
    module, name = sys.argv[1].split(":")
    read = getattr(importlib.import_module(module), name)
    with open(sys.argv[2], "rb") as file:
        data = file.read()
    filename = sys.argv[3]
    translation.activate("vi")
    try:
        if name == "read_rows":
            read(SimpleUploadedFile(filename, data))
        else:
            read(data, filename)
    except MemoryError:
        print("MEMORY")
    except Exception as error:
        print("REFUSED " + " ".join(getattr(error, "messages", [str(error)])))
    else:
        print("READ")
    """
)


def read_in_a_guarded_process(reader, content, filename, tmp_path, memory=2 * 1024**3):
    """What `reader` ("module:function", called with (bytes, filename), or an uploaded file
    for a read_rows) says of the file, read in a subprocess held to `memory` bytes and 120 s:
    "REFUSED <message in Vietnamese>", "READ" or "MEMORY". A reader that makes up billions of
    rows ends there with an error, instead of taking the test run's machine for hours."""
    path = tmp_path / filename
    path.write_bytes(content)
    try:
        done = run(["-c", _GUARDED_READ, reader, str(path), filename, str(memory)])
    except subprocess.TimeoutExpired:
        pytest.fail(f"{reader} still reading {filename} after 120 s")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()
