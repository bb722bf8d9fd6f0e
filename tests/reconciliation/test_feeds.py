"""Transfer feeds: authentication (API key, HMAC, Casso signature, replay) and payload reading."""

import hashlib
import hmac
import json
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from reconciliation.statements import StatementError, dedupe_key
from reconciliation.statements.feeds import (
    CASSO_SIGNATURE_HEADER,
    FeedAuthError,
    casso_signature,
    load_json,
    parse_casso,
    parse_sepay,
    sepay_signature,
    verify_casso,
    verify_sepay,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
KEY = "khoa-bi-mat-cua-tai-khoan-quy"

SEPAY_PAYLOAD = {
    "id": 92704,
    "gateway": "Vietcombank",
    "transactionDate": "2023-03-25 14:02:37",
    "accountNumber": "0071001234567",
    "code": None,
    "content": "UH9PTDQG ung ho quy vi nguoi ngheo",
    "transferType": "in",
    "transferAmount": 2277000,
    "accumulated": 19077000,
    "subAccount": None,
    "referenceCode": "MBVCB.3278907687",
    "description": "",
}

CASSO_PAYLOAD = {
    "error": 0,
    "data": {
        "id": 1234567,
        "reference": "FT25044123456",
        "description": "CT nhanh 247 den: TRẦN THỊ BÍCH ủng hộ UHZFVY2V",
        "amount": 500000,
        "runningBalance": 25500000,
        "transactionDateTime": "2025-02-13 10:43:00",
        "accountNumber": "0801234567890",
        "bankName": "MBBank",
        "bankAbbreviation": "MB",
        "virtualAccountNumber": "",
        "virtualAccountName": "",
        "counterAccountName": "TRAN THI BICH",
        "counterAccountNumber": "0123456789",
        "counterAccountBankId": "970436",
        "counterAccountBankName": "Vietcombank",
    },
}


def body_of(payload, **dumps):
    return json.dumps(payload, **dumps).encode()


# ---- SePay -----------------------------------------------------------------------------------


def test_sepay_payload_becomes_a_statement_line():
    feed = parse_sepay(SEPAY_PAYLOAD)

    assert (feed.gateway, feed.feed_id, feed.dedupe_key) == ("sepay", "92704", "sepay|92704")
    assert (feed.account, feed.bank) == ("0071001234567", "Vietcombank")
    line = feed.line
    assert line.row is None
    assert line.amount == 2_277_000 and type(line.amount) is int
    assert line.booked_at == datetime(2023, 3, 25, 14, 2, 37, tzinfo=VN)
    assert line.memo == "UH9PTDQG ung ho quy vi nguoi ngheo"
    assert line.bank_reference == "MBVCB.3278907687"
    assert line.balance == 19_077_000
    # the same transfer from a statement with that reference gets the same statement key
    assert dedupe_key(feed.account, line) == "0071001234567|ref|MBVCB.3278907687"


def test_sepay_retry_has_the_same_dedupe_key():
    assert parse_sepay(dict(SEPAY_PAYLOAD)).dedupe_key == parse_sepay(SEPAY_PAYLOAD).dedupe_key


def test_sepay_transfer_out_is_ignored():
    assert parse_sepay({**SEPAY_PAYLOAD, "transferType": "out"}) is None


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"transferType": "sideways"}, "transferType"),
        ({"transferAmount": "12,5"}, "transferAmount"),
        ({"transferAmount": -5}, "transferAmount"),
        ({"transactionDate": "hôm nay"}, "transactionDate"),
        ({"id": None}, "id"),
        ({"accountNumber": ""}, "accountNumber"),
    ],
)
def test_sepay_bad_payload_names_the_field(change, column):
    with pytest.raises(StatementError) as error:
        parse_sepay({**SEPAY_PAYLOAD, **change})
    assert error.value.column == column


def test_sepay_api_key():
    body = body_of(SEPAY_PAYLOAD)
    verify_sepay({"Authorization": f"Apikey {KEY}"}, body, api_key=KEY)
    verify_sepay({"authorization": f"apikey {KEY}"}, body, api_key=KEY)
    for headers in ({}, {"Authorization": "Apikey wrong"}, {"Authorization": f"Bearer {KEY}"}):
        with pytest.raises(FeedAuthError):
            verify_sepay(headers, body, api_key=KEY)


def test_sepay_without_any_configured_secret_refuses_everything():
    with pytest.raises(FeedAuthError):
        verify_sepay({"Authorization": "Apikey "}, b"{}", api_key="", hmac_secret=None)


def test_sepay_hmac_signature_and_max_age():
    body = body_of(SEPAY_PAYLOAD)
    now = 1_700_000_000
    signature = sepay_signature(KEY, now, body)
    expected = hmac.new(KEY.encode(), f"{now}.".encode() + body, hashlib.sha256).hexdigest()
    assert signature == expected
    headers = {"X-SePay-Signature": signature, "X-SePay-Timestamp": str(now)}

    verify_sepay(headers, body, hmac_secret=KEY, now=now + 10)
    verify_sepay({**headers, "X-SePay-Signature": "sha256=" + signature}, body,
                 hmac_secret=KEY, now=now)  # fmt: skip
    with pytest.raises(FeedAuthError):  # body changed in transit
        verify_sepay(headers, body.replace(b"2277000", b"9277000"), hmac_secret=KEY, now=now)
    with pytest.raises(FeedAuthError):  # replayed an hour later
        verify_sepay(headers, body, hmac_secret=KEY, now=now + 3600)
    with pytest.raises(FeedAuthError):
        verify_sepay({"X-SePay-Timestamp": str(now)}, body, hmac_secret=KEY, now=now)


# ---- Casso v2 --------------------------------------------------------------------------------


def canonical_by_hand(value):
    """Casso's recipe written out independently: sort keys at every level, compact, UTF-8."""
    if isinstance(value, dict):
        inner = ",".join(
            f"{json.dumps(key, ensure_ascii=False)}:{canonical_by_hand(value[key])}"
            for key in sorted(value)
        )
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ",".join(canonical_by_hand(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def signed_header(payload, key=KEY, t=None):
    t = int(time.time() * 1000) if t is None else t
    return f"t={t},v1={casso_signature(key, t, payload)}"


def test_casso_signature_follows_the_documented_recipe():
    t = 1_739_418_180_000
    message = f"{t}.{canonical_by_hand(CASSO_PAYLOAD)}".encode()
    expected = hmac.new(KEY.encode(), message, hashlib.sha512).hexdigest()
    assert casso_signature(KEY, t, CASSO_PAYLOAD) == expected
    assert "TRẦN THỊ BÍCH".encode() in message  # ensure_ascii=False: raw UTF-8, not \\u escapes


def test_casso_signature_ok_whatever_the_senders_spacing_and_key_order():
    header = signed_header(CASSO_PAYLOAD)
    reordered = {"data": dict(reversed(list(CASSO_PAYLOAD["data"].items()))), "error": 0}
    raw = body_of(reordered, indent=2, ensure_ascii=True)
    verify_casso(header, load_json(raw), KEY, max_age=300)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "t=abc,v1=00",
        "v1=deadbeef",
        lambda: signed_header(CASSO_PAYLOAD, key="khoa-khac"),
        lambda: signed_header(CASSO_PAYLOAD).replace("v1=", "v1=0"),
    ],
)
def test_casso_signature_failures(header):
    header = header() if callable(header) else header
    with pytest.raises(FeedAuthError) as error:
        verify_casso(header, CASSO_PAYLOAD, KEY)
    assert error.value.column == CASSO_SIGNATURE_HEADER


def test_casso_tampered_amount_fails():
    header = signed_header(CASSO_PAYLOAD)
    tampered = {**CASSO_PAYLOAD, "data": {**CASSO_PAYLOAD["data"], "amount": 5000000}}
    with pytest.raises(FeedAuthError):
        verify_casso(header, tampered, KEY)


def test_casso_max_age_stops_replays_and_retries_share_a_dedupe_key():
    t = 1_739_418_180_000
    header = signed_header(CASSO_PAYLOAD, t=t)
    verify_casso(header, CASSO_PAYLOAD, KEY, max_age=300, now=t / 1000 + 299)
    with pytest.raises(FeedAuthError):
        verify_casso(header, CASSO_PAYLOAD, KEY, max_age=300, now=t / 1000 + 301)
    with pytest.raises(FeedAuthError):  # from the future
        verify_casso(header, CASSO_PAYLOAD, KEY, max_age=300, now=t / 1000 - 301)
    verify_casso(header, CASSO_PAYLOAD, KEY, now=t / 1000 + 86_400)  # no max age configured

    first, again = parse_casso(CASSO_PAYLOAD), parse_casso(json.loads(json.dumps(CASSO_PAYLOAD)))
    assert [feed.dedupe_key for feed in first] == [feed.dedupe_key for feed in again]
    assert first[0].dedupe_key == "casso|1234567"


def test_casso_without_key_refuses():
    with pytest.raises(FeedAuthError):
        verify_casso(signed_header(CASSO_PAYLOAD), CASSO_PAYLOAD, "")


def test_casso_payload_becomes_statement_lines_and_outgoing_is_left_out():
    (feed,) = parse_casso(CASSO_PAYLOAD)
    assert (feed.gateway, feed.account, feed.bank) == ("casso", "0801234567890", "MBBank")
    assert feed.line.amount == 500_000
    assert feed.line.booked_at == datetime(2025, 2, 13, 10, 43, tzinfo=VN)
    assert feed.line.counterparty_name == "TRAN THI BICH"
    assert feed.line.counterparty_account == "0123456789"
    assert feed.line.bank_reference == "FT25044123456"
    assert feed.line.balance == 25_500_000

    outgoing = {**CASSO_PAYLOAD["data"], "id": 7, "amount": -200000}
    several = parse_casso({"error": 0, "data": [CASSO_PAYLOAD["data"], outgoing]})
    assert [item.feed_id for item in several] == ["1234567"]


@pytest.mark.parametrize(
    "payload",
    [
        {"error": 1, "data": CASSO_PAYLOAD["data"]},
        {"error": 0},
        {"error": 0, "data": {**CASSO_PAYLOAD["data"], "amount": "5.5"}},
        {"error": 0, "data": ["not a transfer"]},
        [],
    ],
)
def test_casso_bad_payloads(payload):
    with pytest.raises(StatementError):
        parse_casso(payload)


def test_load_json_refuses_non_json():
    with pytest.raises(StatementError):
        load_json(b"<html>")
    assert load_json(b'{"a": 1}') == {"a": 1}
