"""The simulator's querydr and refund, spoken to by our own client and verified by it."""

import json
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.urls import include, path

from giving.payments import transport, vnpay, vnpay_api
from giving.payments.simulator import gateway

urlpatterns = [path("_vnpay-sandbox/", include("giving.payments.simulator.urls"))]
pytestmark = pytest.mark.urls(__name__)

RETURN_URL = "http://testserver/donations/vnpay/return/"

VNPAY_ENVIRONMENT = (
    "VNPAY_TMN_CODE",
    "VNPAY_HASH_SECRET",
    "VNPAY_PAYMENT_URL",
    "VNPAY_API_URL",
    "VNPAY_IPN_URL",
    "VNPAY_SIMULATOR_ENABLED",
    "VNPAY_SIMULATOR_BASE_URL",
)


@pytest.fixture
def simulator(settings, monkeypatch, client):
    """The simulator on the test client; every HTTP call of the client module lands there."""
    for name in VNPAY_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    settings.VNPAY_SIMULATOR_ENABLED = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    cache.clear()

    def http_call(method, url, *, body=None, headers=None, timeout=None):
        parts = urlsplit(url)
        if parts.path.startswith("/donations/vnpay/ipn/"):
            return transport.HttpResponse(200, b'{"RspCode": "00", "Message": "Confirm Success"}')
        response = client.post(parts.path, body, content_type="application/json")
        return transport.HttpResponse(response.status_code, response.content)

    monkeypatch.setattr(transport, "http_call", http_call)
    return vnpay.VNPayConfig.from_settings()


def order(config, txn_ref, amount=50_000):
    request = vnpay.build_payment_url(
        txn_ref, amount, f"Ung ho {txn_ref}", RETURN_URL, "127.0.0.1", config=config
    )
    query = QueryDict(urlsplit(request.url).query)
    return gateway.read_order(query, config), request.create_date


def paid(config, txn_ref, amount=50_000, outcome="pay"):
    placed, create_date = order(config, txn_ref, amount)
    callback = gateway.complete(placed, outcome, config)
    result = vnpay.parse_callback(QueryDict(urlsplit(callback).query), config)
    return result, create_date


def ask(config, txn_ref, create_date):
    return vnpay_api.querydr(
        txn_ref=txn_ref, transaction_date=create_date, ip="127.0.0.1", config=config
    )


def refund(config, txn_ref, create_date, transaction_no, amount, full=False):
    return vnpay_api.refund(
        txn_ref=txn_ref,
        amount_dong=amount,
        transaction_date=create_date,
        transaction_no=transaction_no,
        created_by="thu quy",
        ip="127.0.0.1",
        full=full,
        config=config,
    )


def test_querydr_reports_a_paid_order(simulator):
    payment, create_date = paid(simulator, "UHPAID01")
    answer = ask(simulator, "UHPAID01", create_date)
    assert answer.ok and answer.is_paid
    assert answer.amount == 50_000
    assert answer.transaction_no == payment.transaction_no
    assert answer.transaction_type == "01"
    assert answer.pay_date == payment.pay_date


def test_querydr_reports_pending_and_failed_orders(simulator):
    placed, pending_date = order(simulator, "UHPEND01")
    gateway.remember_pending(placed)
    pending = ask(simulator, "UHPEND01", pending_date)
    assert pending.ok and pending.transaction_status == "01" and not pending.is_paid
    _, cancelled_date = paid(simulator, "UHCANC01", outcome="cancel")
    cancelled = ask(simulator, "UHCANC01", cancelled_date)
    assert cancelled.ok and cancelled.transaction_status == "02"
    assert cancelled.transaction_no == "0"


def test_querydr_with_a_rebuilt_create_date_or_an_unknown_ref_is_not_found(simulator):
    paid(simulator, "UHPAID02")
    assert ask(simulator, "UHPAID02", "20200101000000").response_code == "91"
    assert ask(simulator, "UHNOPE01", "20200101000000").response_code == "91"


def post(client, body):
    response = client.post(
        "/_vnpay-sandbox/merchant_webapi/api/transaction", body, content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


def test_a_wrong_checksum_merchant_or_format_is_answered_signed(client, simulator):
    _, create_date = paid(simulator, "UHPAID03")
    body = vnpay_api.build_querydr_request(
        txn_ref="UHPAID03", transaction_date=create_date, ip="127.0.0.1", config=simulator
    )
    tampered = {**body, "vnp_TxnRef": "UHPAID04"}
    assert post(client, tampered)["vnp_ResponseCode"] == "97"
    other = vnpay.VNPayConfig("OTHER", simulator.hash_secret, "", "")
    foreign = vnpay_api.build_querydr_request(
        txn_ref="UHPAID03", transaction_date=create_date, ip="127.0.0.1", config=other
    )
    assert post(client, foreign)["vnp_ResponseCode"] == "02"
    for broken in ({**body, "vnp_IpAddr": ""}, {**body, "vnp_CreateDate": "17/10/2026"}):
        answer = post(client, broken)
        assert answer["vnp_ResponseCode"] == "03"
        assert vnpay_api.parse_api_response(answer, "querydr", simulator).response_code == "03"
    assert post(client, "not json")["vnp_ResponseCode"] == "03"
    assert post(client, {"vnp_Command": "pay"})["vnp_ResponseCode"] == "03"


def test_the_same_request_id_twice_is_a_duplicate(client, simulator):
    _, create_date = paid(simulator, "UHPAID05")
    body = vnpay_api.build_querydr_request(
        txn_ref="UHPAID05", transaction_date=create_date, ip="127.0.0.1", config=simulator
    )
    assert post(client, body)["vnp_ResponseCode"] == "00"
    second = post(client, body)
    assert second["vnp_ResponseCode"] == "94"
    assert vnpay_api.parse_api_response(second, "querydr", simulator).response_code == "94"


def test_partial_refunds_never_exceed_what_was_paid(simulator):
    payment, create_date = paid(simulator, "UHREFU01", amount=50_000)
    first = refund(simulator, "UHREFU01", create_date, payment.transaction_no, 20_000)
    assert first.ok and first.amount == 20_000
    assert (first.transaction_type, first.transaction_status) == ("03", "05")
    assert first.transaction_no not in {"", "0", payment.transaction_no}
    too_much = refund(simulator, "UHREFU01", create_date, payment.transaction_no, 30_001)
    assert too_much.response_code == "02"
    full_now = refund(simulator, "UHREFU01", create_date, payment.transaction_no, 30_000, full=True)
    assert full_now.response_code == "03"  # a full refund after a partial one is malformed
    rest = refund(simulator, "UHREFU01", create_date, payment.transaction_no, 30_000)
    assert rest.ok
    assert (
        refund(simulator, "UHREFU01", create_date, payment.transaction_no, 1).response_code == "02"
    )


def test_a_full_refund_and_refunds_of_unpaid_or_unknown_orders(simulator):
    payment, create_date = paid(simulator, "UHREFU02", amount=120_000)
    wrong_no = refund(simulator, "UHREFU02", create_date, "999", 120_000, full=True)
    assert wrong_no.response_code == "91"
    partial_as_full = refund(
        simulator, "UHREFU02", create_date, payment.transaction_no, 1, full=True
    )
    assert partial_as_full.response_code == "03"
    full = refund(simulator, "UHREFU02", create_date, payment.transaction_no, 120_000, full=True)
    assert full.ok and full.transaction_type == "02" and full.amount == 120_000
    failed, failed_date = paid(simulator, "UHREFU03", outcome="insufficient")
    assert (
        refund(simulator, "UHREFU03", failed_date, failed.transaction_no, 1).response_code == "02"
    )
    assert refund(simulator, "UHNOPE02", failed_date, "1", 1).response_code == "91"


def test_the_answers_are_what_the_client_verifies(client, simulator):
    """Signed answers only: flip one byte of an answer and the client refuses it."""
    _, create_date = paid(simulator, "UHPAID06")
    body = vnpay_api.build_querydr_request(
        txn_ref="UHPAID06", transaction_date=create_date, ip="127.0.0.1", config=simulator
    )
    answer = post(client, body)
    vnpay_api.parse_api_response(answer, "querydr", simulator)
    answer["vnp_Amount"] = str(int(answer["vnp_Amount"]) * 10)
    with pytest.raises(vnpay.InvalidSignature):
        vnpay_api.parse_api_response(json.loads(json.dumps(answer)), "querydr", simulator)
