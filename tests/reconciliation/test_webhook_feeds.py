"""POST /reconciliation/feeds/<slug>/: SePay and Casso calls authenticated, stored once, matched
like statement lines; refused calls store nothing."""

import json
import time

import pytest
from django.urls import reverse

from donations.models import Receipt
from donations.services.totals import campaign_totals
from reconciliation.models import FeedSource, LineState, StatementLine
from reconciliation.services import import_statement
from reconciliation.statements.feeds import casso_signature, sepay_signature
from tests.reconciliation.conftest import make_pledge, read_fixture
from tests.reconciliation.fixtures.statements import bank_rows
from tests.reconciliation.fixtures.statements.bank_rows import CODES

API_KEY = "khoa-api-sepay-thu-nghiem"
HMAC_KEY = "khoa-ky-sepay-thu-nghiem"
CASSO_KEY = "khoa-kiem-tra-casso-thu-nghiem"


def sepay_payload(**changes):
    payload = {
        "id": 92704,
        "gateway": "Vietcombank",
        "transactionDate": "2024-09-20 14:02:37",
        "accountNumber": "0071001234567",
        "code": None,
        "content": f"MBVCB.3278907687.{CODES[0]}.ung ho quy vi nguoi ngheo",
        "transferType": "in",
        "transferAmount": 1000000,
        "accumulated": 19077000,
        "subAccount": None,
        "referenceCode": "5078.97530",
        "description": "",
    }
    payload.update(changes)
    return payload


def casso_payload(**changes):
    data = {
        "id": 1234567,
        "reference": "FT24254101010",
        "description": f"CT nhanh 247 den: TRẦN THỊ BÍCH ủng hộ {CODES[1]}",
        "amount": 500000,
        "runningBalance": 25500000,
        "transactionDateTime": "2024-09-20 10:43:00",
        "accountNumber": "0071001234567",
        "bankName": "Vietcombank",
        "counterAccountName": "TRAN THI BICH",
        "counterAccountNumber": "0123456789",
    }
    data.update(changes)
    return {"error": 0, "data": data}


@pytest.fixture
def feed_keys(settings):
    settings.RECONCILIATION_FEED_KEYS = {
        "FEED_KEY_VCB_SEPAY": API_KEY,
        "FEED_KEY_VCB_SEPAY_HMAC": HMAC_KEY,
        "FEED_KEY_VCB_CASSO": CASSO_KEY,
    }


@pytest.fixture
def sepay(account, feed_keys):
    return FeedSource.objects.create(
        slug="vcb-sepay",
        name="SePay Vietcombank",
        bank_account=account,
        kind="sepay",
        key_name="FEED_KEY_VCB_SEPAY",
        hmac_key_name="FEED_KEY_VCB_SEPAY_HMAC",
    )


@pytest.fixture
def casso(account, feed_keys):
    return FeedSource.objects.create(
        slug="vcb-casso",
        name="Casso Vietcombank",
        bank_account=account,
        kind="casso",
        key_name="FEED_KEY_VCB_CASSO",
    )


def post(client, slug, payload=None, body=None, **headers):
    body = body if body is not None else json.dumps(payload).encode()
    return client.post(
        reverse("reconciliation:feed", args=[slug]),
        data=body,
        content_type="application/json",
        headers=headers,
    )


def post_sepay(client, payload, key=API_KEY):
    return post(client, "vcb-sepay", payload, Authorization=f"Apikey {key}")


def post_casso(client, payload, key=CASSO_KEY, stamp=None):
    stamp = stamp if stamp is not None else int(time.time() * 1000)
    signature = f"t={stamp},v1={casso_signature(key, stamp, payload)}"
    return post(client, "vcb-casso", payload, **{"X-Casso-Signature": signature})


def test_sepay_call_is_stored_matched_and_acknowledged(client, sepay, pledges, campaign):
    response = post_sepay(client, sepay_payload())

    assert response.status_code == 200
    assert response.json()["success"] is True
    line = StatementLine.objects.get()
    assert (line.feed_source, line.amount, line.state) == (sepay, 1_000_000, LineState.MATCHED)
    assert line.feed_key.endswith("|sepay|92704")
    assert pledges["C0"].outstanding_amount == 0
    assert campaign_totals(campaign).received == 1_000_000


def test_sepay_retries_and_replays_store_exactly_one_line_and_receipt(client, sepay, pledges):
    for _attempt in range(7):
        response = post_sepay(client, sepay_payload())
        assert response.status_code == 200
        assert response.json()["success"] is True

    assert StatementLine.objects.count() == 1
    assert Receipt.objects.count() == 1
    assert response.json()["duplicate"] == 1


def test_sepay_signed_with_hmac(client, sepay, pledges):
    body = json.dumps(sepay_payload()).encode()
    stamp = str(int(time.time()))
    good = {
        "X-SePay-Signature": sepay_signature(HMAC_KEY, stamp, body),
        "X-SePay-Timestamp": stamp,
    }
    assert post(client, "vcb-sepay", body=body, **good).status_code == 200

    old = str(int(time.time()) - 3600)
    stale = {"X-SePay-Signature": sepay_signature(HMAC_KEY, old, body), "X-SePay-Timestamp": old}
    assert post(client, "vcb-sepay", body=body, **stale).status_code == 403
    assert StatementLine.objects.count() == 1


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Apikey sai-khoa"}, 403),
        ({"X-SePay-Signature": "00" * 32, "X-SePay-Timestamp": "1700000000"}, 403),
    ],
)
def test_sepay_bad_auth_stores_nothing(client, sepay, pledges, headers, status):
    response = post(client, "vcb-sepay", sepay_payload(), **headers)

    assert response.status_code == status
    assert response.json()["success"] is False
    assert not StatementLine.objects.exists()
    assert not Receipt.objects.exists()


def test_feed_without_a_configured_key_refuses_everything(client, sepay, settings, pledges):
    settings.RECONCILIATION_FEED_KEYS = {}
    assert post_sepay(client, sepay_payload()).status_code == 403
    assert not StatementLine.objects.exists()


def test_switched_off_feed_refuses(client, sepay, pledges):
    sepay.is_active = False
    sepay.save()
    assert post_sepay(client, sepay_payload()).status_code == 403
    assert not StatementLine.objects.exists()


def test_bad_json_and_bad_payloads_are_400(client, sepay, casso):
    headers = {"Authorization": f"Apikey {API_KEY}"}
    assert post(client, "vcb-sepay", body=b"{not json", **headers).status_code == 400
    missing = sepay_payload()
    del missing["transferAmount"]
    assert post_sepay(client, missing).status_code == 400
    other_account = post_sepay(client, sepay_payload(accountNumber="0071009999999"))
    assert other_account.status_code == 400
    assert (
        post(client, "vcb-casso", body=b"[1, 2", **{"X-Casso-Signature": "t=1,v1=00"}).status_code
        == 400
    )
    assert not StatementLine.objects.exists()


def test_unknown_feed_and_get_are_refused(client, sepay):
    assert post_sepay(client, sepay_payload()).status_code == 200
    assert (
        client.post(
            "/reconciliation/feeds/khong-co/", data=b"{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(reverse("reconciliation:feed", args=["vcb-sepay"])).status_code == 405


def test_outgoing_transfer_is_acknowledged_and_ignored(client, sepay):
    response = post_sepay(client, sepay_payload(transferType="out"))
    assert response.status_code == 200
    assert not StatementLine.objects.exists()


def test_casso_call_signed_and_replayed(client, casso, pledges):
    payload = casso_payload()
    first = post_casso(client, payload)
    again = post_casso(client, payload)

    assert (first.status_code, again.status_code) == (200, 200)
    assert (first.json()["new"], again.json()["duplicate"]) == (1, 1)
    line = StatementLine.objects.get()
    assert (line.counterparty_name, line.state) == ("TRAN THI BICH", LineState.MATCHED)
    assert Receipt.objects.count() == 1


def test_casso_bad_or_old_signature_stores_nothing(client, casso, pledges):
    payload = casso_payload()
    assert post_casso(client, payload, key="khoa-sai").status_code == 403
    assert post_casso(client, payload, stamp=int((time.time() - 3600) * 1000)).status_code == 403
    assert post(client, "vcb-casso", payload).status_code == 401
    assert not StatementLine.objects.exists()


def test_a_feed_line_is_not_imported_again_from_the_statement(client, sepay, account, pledges):
    """The feed brought 01/09's transfer early; the statement brings it again with the same
    bank reference: it is a duplicate, not a second gift."""
    payload = sepay_payload(
        transactionDate="2024-09-01 08:00:00",
        content=bank_rows.VCB_MEMO_1,
        referenceCode="5078.97530",
    )
    assert post_sepay(client, payload).status_code == 200

    report = import_statement(
        account=account, file_bytes=read_fixture("vietcombank.csv"), filename="vietcombank.csv"
    )

    assert (report.new, report.duplicate) == (5, 1)
    assert Receipt.objects.filter(amount=1_000_000).count() == 1


def test_partial_payment_from_a_feed_waits_in_the_queue(client, sepay, campaign):
    make_pledge(CODES[0], 5_000_000, campaign=campaign)
    post_sepay(client, sepay_payload())
    assert StatementLine.objects.get().state == LineState.UNMATCHED
    assert not Receipt.objects.exists()
