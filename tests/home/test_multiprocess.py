"""Two gunicorn app servers on two loopback ports, one PostgreSQL, one Redis: one site.

Proves that nothing lives in an app process: a page published (by the ORM here, or through the
admin of server A) is seen on server B at once despite the page cache; a staff session opened on
A works on B; a VNPay payment started on A (the donate form's 302) is confirmed by a signed IPN
sent to B, and the money shows at once on A's cached public statement.
"""

import datetime
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.conf import global_settings
from django.db import connection
from django.utils import timezone

from giving.payments import vnpay
from tests.campaigns.conftest import make_campaign
from tests.donations.conftest import link_campaign, make_bank_account, make_fund
from tests.sitewide.conftest import SHAPING
from tests.stories.conftest import make_story

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
VNPAY_SECRET = "multiprocess-test-secret"  # noqa: S105
VNPAY_PAYMENT_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
PASSWORD = "hai-may-chu-mot-trang"  # noqa: S105

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def redis_answers():
    try:
        with socket.create_connection(REDIS, timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """A tiny HTTP client with its own cookies; never follows redirects."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, form=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response

    def get(self, port, path):
        return self.request(port, "GET", path)

    def post(self, port, path, form):
        return self.request(port, "POST", path, form)


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture
def redis_prefix(settings):
    if not redis_answers():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    prefix = f"ct-multiprocess-{uuid.uuid4().hex[:12]}"
    # This process writes to the same cache as the servers, so its publishes and payments bump
    # the versions they read.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    import redis

    client = redis.Redis(*REDIS)
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """The servers run without DEBUG, so they need collectstatic's manifest (hashed names)."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "STATIC_ROOT": str(root)},
        check=True,
        timeout=300,
    )
    return root


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def two_servers(redis_prefix, collected_static, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in SHAPING}
    env.update(
        DJANGO_SETTINGS_MODULE="sitewide.settings",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url(),
        DB_CONN_MAX_AGE="0",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CACHE_KEY_PREFIX=redis_prefix,
        PAGE_CACHE_ENABLED="1",
        PAGE_CACHE_MONEY_MIN_AGE="0",  # money seen at once, however soon after the last render
        SECRET_KEY=f"shared-by-every-app-server-{uuid.uuid4().hex}{uuid.uuid4().hex}",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(collected_static),
        MEDIA_ROOT=str(tmp_path / "media"),
        TASKS_BACKEND="immediate",
        VNPAY_TMN_CODE="CHUNGTAY",
        VNPAY_HASH_SECRET=VNPAY_SECRET,
        VNPAY_PAYMENT_URL=VNPAY_PAYMENT_URL,
        VNPAY_API_URL="https://sandbox.vnpayment.vn/merchant_webapi/api/transaction",
        VNPAY_SIMULATOR_ENABLED="0",
        GUNICORN_WORKERS="1",
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_ACCESS_LOG="",
    )
    ports = [free_port(), free_port()]
    servers = []
    for name, port in zip("ab", ports, strict=True):
        log = open(tmp_path / f"gunicorn-{name}.log", "w")  # noqa: SIM115
        command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
        servers.append(
            subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [*command, "sitewide.wsgi:application"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    try:
        deadline = time.monotonic() + 90
        for name, port, server in zip("ab", ports, servers, strict=True):
            while True:
                assert server.poll() is None, (tmp_path / f"gunicorn-{name}.log").read_text()
                try:
                    if Browser().get(port, "/robots.txt").status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not start in 90 s"
                time.sleep(0.3)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture
def site(redis_prefix, django_user_model, settings):
    """Committed rows both servers read: a story, a running campaign with a fund, a superuser."""
    # The servers check passwords with the real hashers, not the suite's fast MD5 one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    from wagtail.models import Site

    from campaigns.models import CampaignIndexPage
    from sitewide.models import SiteSettings
    from stories.models import StoryIndexPage
    from tests.home.conftest import make_home

    home = make_home()
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    stories = StoryIndexPage(title="Câu chuyện", slug="cau-chuyen")
    home.add_child(instance=stories)
    campaigns = CampaignIndexPage(title="Chiến dịch", slug="chien-dich")
    home.add_child(instance=campaigns)
    story = make_story(stories, title="Anh Hồ Văn Lâm nuôi bò thoát nghèo", slug="anh-lam")
    fund = make_fund()
    today = timezone.localdate()
    campaign = make_campaign(
        campaigns,
        title="Ngày vì người nghèo",
        slug="ngay-vi-nguoi-ngheo",
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=20),
        bank_accounts=[make_bank_account(fund)],
    )
    link_campaign(campaign, fund)
    django_user_model.objects.create_superuser("quantri", "quantri@example.vn", PASSWORD)
    return {"story": story, "campaign": campaign}


def test_publishing_on_one_server_is_seen_on_the_other_at_once(two_servers, site):
    a, b = two_servers
    story = site["story"]
    reader = Browser()
    assert reader.get(a, story.url).getheader("X-Cache") == "MISS"
    first_on_b = reader.get(b, story.url)
    assert first_on_b.getheader("X-Cache") == "HIT"  # one cache for both servers
    assert "Anh Hồ Văn Lâm nuôi bò thoát nghèo" in first_on_b.text

    # Published by another process (the ORM here, as an editor's request or a scheduled
    # publish would): the next reader of B gets the new title, not B's cached copy.
    story.title = "Anh Hồ Văn Lâm làm giàu từ đàn bò"
    story.save_revision().publish()
    fresh = reader.get(b, story.url)
    assert fresh.getheader("X-Cache") == "MISS"
    assert "làm giàu từ đàn bò" in fresh.text
    assert reader.get(a, story.url).getheader("X-Cache") == "HIT"

    # Through the admin: a moderator logs in on A, the session works on B, and a page
    # unpublished on B disappears from A at once.
    staff = Browser()
    login = staff.get(a, "/admin/login/")
    answer = staff.post(
        a,
        "/admin/login/",
        {
            "username": "quantri",
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(login.text),
        },
    )
    assert answer.status == 302, answer.text[:500]
    assert staff.get(b, "/admin/").status == 200  # not sent back to the login page
    confirm = staff.get(b, f"/admin/pages/{story.pk}/unpublish/")
    assert confirm.status == 200
    done = staff.post(
        b, f"/admin/pages/{story.pk}/unpublish/", {"csrfmiddlewaretoken": csrf_token(confirm.text)}
    )
    assert done.status == 302
    assert reader.get(a, story.url).status == 404


def test_a_payment_started_on_one_server_is_confirmed_on_the_other(two_servers, site):
    from donations.models import Receipt
    from giving.models import GiftStatus, OnlineGift

    a, b = two_servers
    campaign = site["campaign"]
    statement = f"/ung-ho/{campaign.slug}/sao-ke/"
    reader = Browser()
    reader.get(a, statement)
    before = reader.get(a, statement)
    assert before.getheader("X-Cache") == "HIT"
    assert "200.000 ₫" not in before.text

    donor = Browser()
    page = donor.get(a, campaign.url)
    assert page.status == 200
    assert page.getheader("X-Cache") == "MISS"  # its first reader; then kept like any page
    assert "csrfmiddlewaretoken" not in page.text  # anonymous donations are checked by origin
    started = donor.post(
        a,
        f"/ung-ho/gui/{campaign.pk}/",
        {
            "preset": "200000",
            "other_amount": "",
            "disclosure": "anonymous",
            "donor_name": "",
            "phone": "",
            "email": "",
            "message": "",
            "method": "vnpay",
            "website": "",
        },
    )
    assert started.status == 302, started.text[:500]
    location = started.getheader("Location")
    assert location.startswith(VNPAY_PAYMENT_URL)
    sent = dict(parse_qsl(urlsplit(location).query))
    assert vnpay.verify(sent, VNPAY_SECRET)

    ipn = {
        "vnp_Amount": sent["vnp_Amount"],
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP20261017",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": sent["vnp_OrderInfo"],
        "vnp_PayDate": vnpay.format_vnp_date(timezone.now()),
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": sent["vnp_TmnCode"],
        "vnp_TransactionNo": "20261017",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": sent["vnp_TxnRef"],
    }
    query = vnpay.signed_query(ipn, VNPAY_SECRET)
    answer = Browser().get(b, f"/donations/vnpay/ipn/?{query}")
    assert json.loads(answer.text) == vnpay.IPN_CONFIRMED

    gift = OnlineGift.objects.get(txn_ref=sent["vnp_TxnRef"])
    assert gift.status == GiftStatus.PAID
    assert Receipt.objects.get().amount == 200_000
    # The donor comes back to A; A's cached statement already shows the gift.
    back = donor.get(a, f"/donations/vnpay/return/?{query}")
    assert back.status == 200
    assert gift.receipt.number in back.text
    after = reader.get(a, statement)
    assert after.getheader("X-Cache") == "MISS"
    assert "200.000 ₫" in after.text
