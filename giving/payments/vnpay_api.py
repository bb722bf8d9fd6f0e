"""VNPay's merchant API (docs/vnpay.md §3): querydr and refund.

querydr settles a donation whose IPN never came; refund returns money with a reason. Both are a
JSON POST whose checksum is HMAC-SHA512 over the values joined with "|" in a fixed field order
(empty string for a missing field). The answer is trusted only after its own checksum holds.
The field orders are shared with the simulator, so both sides sign the same way.
"""

import datetime
import hmac
import json
import secrets
from dataclasses import dataclass

from django.utils import timezone

from giving.payments import transport
from giving.payments.vnpay import (
    VERSION,
    InvalidSignature,
    VNPayConfig,
    VNPayError,
    format_vnp_date,
    hmac_sha512,
    is_whole_dong,
    parse_vnp_date,
    sanitize_order_info,
)
from giving.payments.vnpay_codes import api_response_message

QUERYDR_REQUEST_FIELDS = [
    "RequestId",
    "Version",
    "Command",
    "TmnCode",
    "TxnRef",
    "TransactionDate",
    "CreateDate",
    "IpAddr",
    "OrderInfo",
]
QUERYDR_RESPONSE_FIELDS = [
    "ResponseId",
    "Command",
    "ResponseCode",
    "Message",
    "TmnCode",
    "TxnRef",
    "Amount",
    "BankCode",
    "PayDate",
    "TransactionNo",
    "TransactionType",
    "TransactionStatus",
    "OrderInfo",
    "PromotionCode",
    "PromotionAmount",
]
REFUND_REQUEST_FIELDS = [
    "RequestId",
    "Version",
    "Command",
    "TmnCode",
    "TransactionType",
    "TxnRef",
    "Amount",
    "TransactionNo",
    "TransactionDate",
    "CreateBy",
    "CreateDate",
    "IpAddr",
    "OrderInfo",
]
REFUND_RESPONSE_FIELDS = QUERYDR_RESPONSE_FIELDS[:-2]

REQUEST_FIELDS = {"querydr": QUERYDR_REQUEST_FIELDS, "refund": REFUND_REQUEST_FIELDS}
RESPONSE_FIELDS = {"querydr": QUERYDR_RESPONSE_FIELDS, "refund": REFUND_RESPONSE_FIELDS}

REFUND_FULL = "02"
REFUND_PARTIAL = "03"


class GatewayUnavailable(VNPayError):
    """VNPay did not answer, or answered something that is not its JSON."""


def checksum(data, fields, secret):
    """HMAC-SHA512 of data's vnp_<field> values joined with "|" in the given order."""
    values = []
    for field in fields:
        value = data.get(f"vnp_{field}")
        values.append("" if value is None else str(value))
    return hmac_sha512(secret, "|".join(values))


def new_request_id():
    """A fresh vnp_RequestId (32 hex characters): VNPay refuses a repeat within 5 minutes."""
    return secrets.token_hex(16)


def _signed(data, command, secret):
    data["vnp_SecureHash"] = checksum(data, REQUEST_FIELDS[command], secret)
    return data


def build_querydr_request(
    *, txn_ref, transaction_date, ip, order_info="", transaction_no="", now=None, config=None
):
    """The querydr body. transaction_date is the vnp_CreateDate *stored* when paying (§6)."""
    config = config or VNPayConfig.from_settings()
    data = {
        "vnp_RequestId": new_request_id(),
        "vnp_Version": VERSION,
        "vnp_Command": "querydr",
        "vnp_TmnCode": config.tmn_code,
        "vnp_TxnRef": str(txn_ref),
        "vnp_OrderInfo": sanitize_order_info(order_info or f"Truy van {txn_ref}"),
        "vnp_TransactionDate": transaction_date,
        "vnp_CreateDate": format_vnp_date(now or timezone.now()),
        "vnp_IpAddr": ip,
    }
    if transaction_no:
        data["vnp_TransactionNo"] = str(transaction_no)
    return _signed(data, "querydr", config.hash_secret)


def build_refund_request(
    *,
    txn_ref,
    amount_dong,
    transaction_date,
    transaction_no,
    created_by,
    ip,
    full,
    order_info="",
    now=None,
    config=None,
):
    """The refund body: full (type 02) or partial (type 03) refund of amount_dong whole đồng."""
    config = config or VNPayConfig.from_settings()
    if not is_whole_dong(amount_dong) or amount_dong <= 0:
        raise ValueError("amount_dong must be a positive whole number of đồng (int).")
    created_by = sanitize_order_info(created_by)
    if not created_by:
        raise ValueError("created_by (the staff member) is required.")
    data = {
        "vnp_RequestId": new_request_id(),
        "vnp_Version": VERSION,
        "vnp_Command": "refund",
        "vnp_TmnCode": config.tmn_code,
        "vnp_TransactionType": REFUND_FULL if full else REFUND_PARTIAL,
        "vnp_TxnRef": str(txn_ref),
        "vnp_Amount": str(amount_dong * 100),
        "vnp_OrderInfo": sanitize_order_info(order_info or f"Hoan tien {txn_ref}"),
        "vnp_TransactionNo": str(transaction_no or ""),
        "vnp_TransactionDate": transaction_date,
        "vnp_CreateBy": created_by,
        "vnp_CreateDate": format_vnp_date(now or timezone.now()),
        "vnp_IpAddr": ip,
    }
    return _signed(data, "refund", config.hash_secret)


@dataclass(frozen=True)
class ApiResult:
    """A verified querydr/refund answer; amount in whole đồng (None when absent or not ×100)."""

    command: str
    response_code: str
    gateway_message: str
    txn_ref: str
    amount: int | None
    transaction_no: str
    transaction_type: str
    transaction_status: str
    bank_code: str
    pay_date: datetime.datetime | None
    raw: dict

    @property
    def ok(self):
        return self.response_code == "00"

    @property
    def is_paid(self):
        """querydr: VNPay knows the payment and it succeeded."""
        return self.ok and self.transaction_status == "00"

    @property
    def message(self):
        return api_response_message(self.response_code)


def _amount(raw):
    text = "" if raw is None else str(raw)
    if not (text.isascii() and text.isdigit()):
        return None
    dong, cents = divmod(int(text), 100)
    return dong if cents == 0 else None


def parse_api_response(data, command, config=None):
    """Check an answer's checksum, then read it. Raises InvalidSignature or GatewayUnavailable."""
    config = config or VNPayConfig.from_settings()
    if not isinstance(data, dict) or not isinstance(data.get("vnp_SecureHash"), str):
        raise GatewayUnavailable("The answer is not a signed VNPay JSON object.")
    expected = checksum(data, RESPONSE_FIELDS[command], config.hash_secret)
    if not hmac.compare_digest(expected, data["vnp_SecureHash"].strip().lower()):
        raise InvalidSignature("The answer's checksum does not match.")
    return ApiResult(
        command=command,
        response_code=str(data.get("vnp_ResponseCode", "")),
        gateway_message=str(data.get("vnp_Message", "")),
        txn_ref=str(data.get("vnp_TxnRef", "")),
        amount=_amount(data.get("vnp_Amount")),
        transaction_no=str(data.get("vnp_TransactionNo", "")),
        transaction_type=str(data.get("vnp_TransactionType", "")),
        transaction_status=str(data.get("vnp_TransactionStatus", "")),
        bank_code=str(data.get("vnp_BankCode", "")),
        pay_date=parse_vnp_date(str(data.get("vnp_PayDate", ""))),
        raw=dict(data),
    )


def send(body, config=None):
    """POST a built request to VNPAY_API_URL and return the verified ApiResult."""
    config = config or VNPayConfig.from_settings()
    command = body["vnp_Command"]
    try:
        response = transport.http_call(
            "POST",
            config.api_url,
            body=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        data = json.loads(response.body)
    except (transport.TransportError, ValueError) as error:
        raise GatewayUnavailable(str(error)) from error
    return parse_api_response(data, command, config)


def querydr(*, config=None, **kwargs):
    """Ask VNPay what became of a payment (keyword arguments of build_querydr_request)."""
    config = config or VNPayConfig.from_settings()
    return send(build_querydr_request(config=config, **kwargs), config)


def refund(*, config=None, **kwargs):
    """Ask VNPay to refund (keyword arguments of build_refund_request)."""
    config = config or VNPayConfig.from_settings()
    return send(build_refund_request(config=config, **kwargs), config)
