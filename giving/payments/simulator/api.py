"""The simulator's merchant API: querydr and refund answered and signed as VNPay does (§3).

Checks run in VNPay's order of concern: a badly formed request (03), a wrong checksum (97), a
merchant code we do not know (02), a vnp_RequestId repeated within 5 minutes (94), then the
transaction itself (91 when unknown, including a vnp_TransactionDate that is not the stored
vnp_CreateDate — the classic integration mistake, so the simulator catches it too).
"""

import hmac
import re

from django.utils import timezone

from giving.payments import vnpay
from giving.payments.simulator import store
from giving.payments.vnpay_api import (
    REFUND_FULL,
    REFUND_PARTIAL,
    REQUEST_FIELDS,
    RESPONSE_FIELDS,
    checksum,
    new_request_id,
)

GATEWAY_MESSAGES = {
    "00": "Success",
    "02": "Invalid merchant or amount",
    "03": "Invalid data format",
    "91": "Transaction not found",
    "94": "Duplicate request",
    "97": "Invalid checksum",
    "99": "Unknown error",
}
PAYMENT_TYPE = "01"
REFUND_PROCESSING = "05"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9]{1,32}$")
_OPTIONAL = {"TransactionNo"}


class _Refusal(Exception):  # noqa: N818 (control flow inside this module only)
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _text(data, field):
    value = data.get(f"vnp_{field}")
    return "" if value is None else str(value)


def _check_format(data, command):
    for field in REQUEST_FIELDS[command]:
        if field not in _OPTIONAL and not _text(data, field):
            raise _Refusal("03")
    if not _REQUEST_ID.match(_text(data, "RequestId")) or _text(data, "Version") != vnpay.VERSION:
        raise _Refusal("03")
    for field in ("TransactionDate", "CreateDate"):
        if vnpay.parse_vnp_date(_text(data, field)) is None:
            raise _Refusal("03")
    if command == "refund":
        amount = _text(data, "Amount")
        if not (amount.isascii() and amount.isdigit() and int(amount) > 0):
            raise _Refusal("03")
        if _text(data, "TransactionType") not in {REFUND_FULL, REFUND_PARTIAL}:
            raise _Refusal("03")


def _find(data):
    record = store.get_transaction(_text(data, "TxnRef"))
    if record is None or record["create_date"] != _text(data, "TransactionDate"):
        raise _Refusal("91")
    return record


def _payment_fields(record):
    return {
        "vnp_TxnRef": record["txn_ref"],
        "vnp_Amount": str(record["amount_x100"]),
        "vnp_BankCode": record["bank_code"],
        "vnp_PayDate": record["pay_date"],
        "vnp_TransactionNo": record["transaction_no"],
        "vnp_TransactionType": PAYMENT_TYPE,
        "vnp_TransactionStatus": record["transaction_status"],
        "vnp_OrderInfo": record["order_info"],
        "vnp_PromotionCode": "",
        "vnp_PromotionAmount": "",
    }


def _refund(data, now):
    """Refund under the transaction's lock, so two refunds never exceed what was paid."""
    amount_x100 = int(_text(data, "Amount"))
    with store.locked(_text(data, "TxnRef")):
        record = _find(data)
        asked_no = _text(data, "TransactionNo")
        if asked_no and asked_no != record["transaction_no"]:
            raise _Refusal("91")
        paid = record["amount_x100"] if record["transaction_status"] == "00" else 0
        remaining = paid - record["refunded_x100"]
        if amount_x100 > remaining:
            raise _Refusal("02")
        full = _text(data, "TransactionType") == REFUND_FULL
        if full and (amount_x100 != paid or record["refunded_x100"]):
            raise _Refusal("03")
        refund_no = str(store.next_transaction_no())
        pay_date = vnpay.format_vnp_date(now)
        record["refunded_x100"] += amount_x100
        record.setdefault("refunds", []).append(
            {"transaction_no": refund_no, "amount_x100": amount_x100, "pay_date": pay_date}
        )
        store.save_transaction(record)
    return {
        "vnp_TxnRef": record["txn_ref"],
        "vnp_Amount": str(amount_x100),
        "vnp_BankCode": record["bank_code"],
        "vnp_PayDate": pay_date,
        "vnp_TransactionNo": refund_no,
        "vnp_TransactionType": _text(data, "TransactionType"),
        "vnp_TransactionStatus": REFUND_PROCESSING,
        "vnp_OrderInfo": _text(data, "OrderInfo"),
    }


def _reply(command, code, config, fields=None):
    data = {
        "vnp_ResponseId": new_request_id(),
        "vnp_Command": command,
        "vnp_ResponseCode": code,
        "vnp_Message": GATEWAY_MESSAGES[code],
        "vnp_TmnCode": config.tmn_code,
        **(fields or {}),
    }
    data["vnp_SecureHash"] = checksum(data, RESPONSE_FIELDS[command], config.hash_secret)
    return data


def answer(data, config, now=None):
    """The signed JSON answer to one querydr or refund request body (already decoded)."""
    now = now or timezone.now()
    command = data.get("vnp_Command") if isinstance(data, dict) else None
    if command not in REQUEST_FIELDS:
        return _reply("querydr", "03", config)
    try:
        _check_format(data, command)
        expected = checksum(data, REQUEST_FIELDS[command], config.hash_secret)
        if not hmac.compare_digest(expected, _text(data, "SecureHash").lower()):
            raise _Refusal("97")
        if _text(data, "TmnCode") != config.tmn_code:
            raise _Refusal("02")
        if not store.claim_request_id(_text(data, "RequestId")):
            raise _Refusal("94")
        fields = _payment_fields(_find(data)) if command == "querydr" else _refund(data, now)
    except _Refusal as refusal:
        return _reply(command, refusal.code, config, {"vnp_TxnRef": _text(data, "TxnRef")})
    except TimeoutError:
        return _reply(command, "99", config, {"vnp_TxnRef": _text(data, "TxnRef")})
    return _reply(command, "00", config, fields)
