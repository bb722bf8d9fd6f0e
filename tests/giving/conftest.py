"""Builders for online giving's tests: the local simulator's VNPay credentials, a running
campaign with an account, pending gifts, signed IPN queries, the simulator's API in process,
VNPay-like queries for hypothesis, and an e-mail backend whose server is down."""

import datetime
import json
from urllib.parse import urlencode, urlsplit

import pytest
from django.utils import timezone
from hypothesis import strategies as st

from giving.models import GiftMethod
from giving.payments import transport, vnpay
from giving.payments.simulator import api as simulator_answers
from giving.services import create_gift, start_vnpay_payment
from tests.campaigns.conftest import make_campaign
from tests.donations.conftest import link_campaign, make_bank_account

VNPAY_ENVIRONMENT = (
    "VNPAY_TMN_CODE",
    "VNPAY_HASH_SECRET",
    "VNPAY_PAYMENT_URL",
    "VNPAY_API_URL",
    "VNPAY_IPN_URL",
    "VNPAY_SIMULATOR_ENABLED",
    "VNPAY_SIMULATOR_BASE_URL",
)


RETURN_URL = "http://testserver/donations/vnpay/return/"


@pytest.fixture
def vnpay_config(settings, monkeypatch):
    """The local simulator's credentials, whatever the environment says."""
    for name in VNPAY_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    settings.VNPAY_SIMULATOR_ENABLED = True
    settings.VNPAY_HASH_SECRET = ""
    settings.VNPAY_TMN_CODE = ""
    settings.VNPAY_PAYMENT_URL = ""
    settings.VNPAY_API_URL = ""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return vnpay.VNPayConfig.from_settings()


def running_campaign(index, **kwargs):
    today = timezone.localdate()
    kwargs.setdefault("start_date", today - datetime.timedelta(days=5))
    kwargs.setdefault("end_date", today + datetime.timedelta(days=25))
    return make_campaign(index, **kwargs)


@pytest.fixture
def giving_account(fund):
    return make_bank_account(fund, number="0071000123456", holder="UY BAN MTTQ TINH QUANG TRI")


@pytest.fixture
def giving_campaign(campaign_index, fund, giving_account, vnpay_config):
    campaign = running_campaign(
        campaign_index,
        title="Ngày vì người nghèo 2026",
        slug="ngay-vi-nguoi-ngheo-2026",
        bank_accounts=[giving_account],
    )
    return link_campaign(campaign, fund)


def make_gift(campaign, amount=200_000, method=GiftMethod.VNPAY, start=True, **kwargs):
    """A pending gift; a VNPay one is also "sent" to VNPay, so vnp_CreateDate is stored."""
    gift = create_gift(campaign=campaign, method=method, amount=amount, ip="127.0.0.1", **kwargs)
    if method == GiftMethod.VNPAY and start:
        start_vnpay_payment(gift, return_url=RETURN_URL, ip="127.0.0.1")
        gift.refresh_from_db()
    return gift


def ipn_params(gift, config, *, response_code="00", status="00", amount_x100=None, **extra):
    """A signed IPN query for gift, as VNPay (or the simulator) sends it."""
    paid = response_code != "24"
    params = {
        "vnp_Amount": str(gift.amount * 100 if amount_x100 is None else amount_x100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14422574" if paid else "",
        "vnp_CardType": "ATM" if paid else "",
        "vnp_OrderInfo": f"Ung ho {gift.payment_code}",
        "vnp_PayDate": vnpay.format_vnp_date(timezone.now()),
        "vnp_ResponseCode": response_code,
        "vnp_TmnCode": config.tmn_code,
        "vnp_TransactionNo": "14422574" if paid else "0",
        "vnp_TransactionStatus": status,
        "vnp_TxnRef": gift.txn_ref,
        **extra,
    }
    params["vnp_SecureHash"] = vnpay.sign(params, config.hash_secret)
    return params


def ipn_url(params):
    return f"/donations/vnpay/ipn/?{urlencode(params)}"


class SimulatorAPI:
    """Routes the client's POSTs to VNPAY_API_URL into the simulator's API, in process."""

    def __init__(self, config):
        self.config = config
        self.requests = []

    def __call__(self, method, url, *, body=None, headers=None, timeout=None):
        data = json.loads(body)
        self.requests.append((method, urlsplit(url).path, data))
        answer = simulator_answers.answer(data, self.config)
        return transport.HttpResponse(200, json.dumps(answer).encode())


@pytest.fixture
def simulator_api(monkeypatch, vnpay_config):
    fake = SimulatorAPI(vnpay_config)
    monkeypatch.setattr(transport, "http_call", fake)
    return fake


# What an HTTP query can carry once Django has decoded it: any text but lone surrogates.
query_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


vnp_names = st.sampled_from(
    [
        "vnp_Amount",
        "vnp_TxnRef",
        "vnp_ResponseCode",
        "vnp_TransactionStatus",
        "vnp_TmnCode",
        "vnp_PayDate",
        "vnp_SecureHash",
        "vnp_SecureHashType",
        "vnp_BankCode",
    ]
)


vnpay_queries = st.dictionaries(st.one_of(vnp_names, query_text), query_text, max_size=12)


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")
