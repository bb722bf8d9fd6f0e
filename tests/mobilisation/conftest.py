"""Builders for mobilisation's tests: a ceremony of a campaign linked to its fund (with one bank
account), donors of each kind, two communes each with its own fund, campaign and ceremony and
a commune account working on the first, a fake HTTP server for the SMS and Zalo backends."""

import datetime
import http.server
import json
import threading

import pytest

from donations.models import FundAssignment
from mobilisation.models import Ceremony
from sitewide.groups import COMMUNE_FRONT_STAFF
from tests.campaigns.conftest import make_campaign
from tests.donations.conftest import (
    link_campaign,
    make_bank_account,
    make_commune_fund,
    make_donor,
)
from tests.sitewide.conftest import make_user

CEREMONY_DAY = datetime.date(2026, 10, 17)


def make_ceremony(campaign, name="Lễ phát động Ngày vì người nghèo 17/10/2026", **kwargs):
    return Ceremony.objects.create(
        name=name,
        held_on=kwargs.pop("held_on", CEREMONY_DAY),
        place=kwargs.pop("place", "Hội trường tỉnh"),
        campaign=campaign,
        committee=kwargs.pop("committee", "Ủy ban MTTQ Việt Nam tỉnh Quảng Trị"),
        **kwargs,
    )


@pytest.fixture
def ceremony(ledger_campaign, fund):
    make_bank_account(fund, number="0771000160160", bank_name="Vietcombank")
    return make_ceremony(ledger_campaign)


class Communes:
    pass


@pytest.fixture
def communes(ceremony, campaign_index, fund):
    """The province's ceremony (``ceremony``), and communes A (the account's) and B, each with
    a fund under the province's, a campaign collecting into it and a ceremony of that campaign."""
    world = Communes()
    world.province_ceremony = ceremony
    for key, name in (("a", "A Dơi"), ("b", "Hướng Lập")):
        commune_fund = make_commune_fund(fund, name=f"Quỹ Vì người nghèo xã {name}")
        campaign = link_campaign(
            make_campaign(campaign_index, title=f"Vì người nghèo xã {name} 2026"), commune_fund
        )
        setattr(world, f"fund_{key}", commune_fund)
        setattr(world, f"campaign_{key}", campaign)
        setattr(world, f"ceremony_{key}", make_ceremony(campaign, name=f"Lễ phát động xã {name}"))
    world.account = make_user("can-bo-xa-a-doi", COMMUNE_FRONT_STAFF)
    FundAssignment.objects.create(user=world.account, fund=world.fund_a)
    return world


@pytest.fixture
def business(db):
    return make_donor(
        "Công ty Cổ phần Xi măng Đồng Hà", kind="business", tax_code="3200123456",
        phone="0233111222", email="ketoan@ximang.example",
    )  # fmt: skip


class FakeGateway:
    """A local HTTP server answering every POST with ``answer`` (JSON) and keeping what it got:
    (path, headers with lower-case names, decoded JSON body)."""

    def __init__(self, answer):
        self.answer = answer
        self.requests = []
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                gateway.requests.append((self.path, headers, json.loads(body)))
                payload = json.dumps(gateway.answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
