"""VNPay payment gateway (API 2.1.0): configuration, signatures, the payment URL, callbacks.

Our own small client (docs/vnpay.md): the one package on PyPI signs dates in UTC and has
no querydr/refund. Rules that matter for money:
- vnp_CreateDate is Vietnam time (GMT+7); UTC makes VNPay call the order expired at once.
- A callback is trusted only after its HMAC-SHA512 checks out; only then is vnp_Amount turned
  back into whole đồng, with integer arithmetic.
- Without credentials the client talks to the local simulator, where that is allowed
  (vnpay_config.py, re-exported here: VNPayConfig, simulator_allowed).
querydr and refund live in vnpay_api.py; the code tables in vnpay_codes.py.
"""

import datetime
import hashlib
import hmac
import re
import zoneinfo
from dataclasses import dataclass
from urllib.parse import quote_plus, urlsplit

from anyascii import anyascii
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from giving.payments.vnpay_codes import response_message, transaction_status_message
from giving.payments.vnpay_config import VNPayConfig, simulator_allowed  # noqa: F401
from sitewide.text import nfc

VERSION = "2.1.0"
VN_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"
PAYMENT_WINDOW = datetime.timedelta(minutes=15)
ORDER_INFO_MAX = 255

# The IPN answers VNPay expects (§2); the messages are VNPay's, not read by people.
IPN_CONFIRMED = {"RspCode": "00", "Message": "Confirm Success"}
IPN_ALREADY_CONFIRMED = {"RspCode": "02", "Message": "Order already confirmed"}
IPN_ORDER_NOT_FOUND = {"RspCode": "01", "Message": "Order not found"}
IPN_INVALID_AMOUNT = {"RspCode": "04", "Message": "Invalid amount"}
IPN_INVALID_SIGNATURE = {"RspCode": "97", "Message": "Invalid signature"}
IPN_UNKNOWN_ERROR = {"RspCode": "99", "Message": "Unknown error"}
IPN_FINAL_CODES = frozenset({"00", "02"})

_NOT_ORDER_CHAR = re.compile(r"[^A-Za-z0-9 ]+")
_SPACES = re.compile(r" {2,}")
_TXN_REF = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
_BANK_CODE = re.compile(r"^[A-Z0-9_]{2,20}$")


class VNPayError(Exception):
    """Base of everything this client raises about the gateway's data."""


class InvalidSignature(VNPayError):  # noqa: N818 (the name VNPay's own docs use)
    """The vnp_SecureHash or checksum does not match: the data is not from VNPay."""


class MalformedCallback(VNPayError):
    """Signed data that is incomplete or not what we sent (missing field, other merchant)."""


def _config(config):
    return config or VNPayConfig.from_settings()


# --- signatures --------------------------------------------------------------------------


def single_values(params):
    """A plain dict of str values; a repeated key (?a=1&a=2) is refused, not silently chosen."""
    if hasattr(params, "getlist"):
        result = {}
        for key in params:
            values = params.getlist(key)
            if len(values) != 1:
                raise MalformedCallback(f"Parameter {key} appears {len(values)} times.")
            result[key] = values[0]
        return result
    return {str(key): "" if value is None else str(value) for key, value in params.items()}


def canonical_query(params):
    """The signed string: non-empty vnp_ params but the hash ones, sorted, quote_plus-encoded."""
    items = sorted(
        (key, value)
        for key, value in single_values(params).items()
        if key.startswith("vnp_")
        and key not in {"vnp_SecureHash", "vnp_SecureHashType"}
        and value != ""
    )
    return "&".join(f"{key}={quote_plus(value)}" for key, value in items)


def hmac_sha512(secret, message):
    if not secret:
        raise ImproperlyConfigured("The VNPay hash secret is empty.")
    return hmac.new(secret.encode(), message.encode(), hashlib.sha512).hexdigest()


def sign(params, secret=None):
    """vnp_SecureHash of params: lower-case hex HMAC-SHA512 of canonical_query (§1)."""
    secret = secret if secret is not None else _config(None).hash_secret
    return hmac_sha512(secret, canonical_query(params))


def signed_query(params, secret=None):
    """The query string to put after `?`, ending with its vnp_SecureHash."""
    return f"{canonical_query(params)}&vnp_SecureHash={sign(params, secret)}"


def verify(query, secret=None):
    """Whether query (dict or QueryDict) carries a correct vnp_SecureHash. Constant-time."""
    try:
        values = single_values(query)
    except MalformedCallback:
        return False
    received = values.get("vnp_SecureHash", "").strip().lower()
    if not received:
        return False
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError, so a 500
    # for anyone who sends ?vnp_SecureHash=%C3%A9), and a forged hash may hold anything.
    return hmac.compare_digest(sign(values, secret).encode(), received.encode())


# --- dates -------------------------------------------------------------------------------


def format_vnp_date(moment):
    """yyyyMMddHHmmss in Vietnam time, from an aware datetime."""
    if timezone.is_naive(moment):
        raise ValueError("VNPay dates are built from aware datetimes only.")
    return moment.astimezone(VN_TZ).strftime(DATE_FORMAT)


def parse_vnp_date(text):
    """An aware datetime from VNPay's yyyyMMddHHmmss (Vietnam time); None when absent/invalid."""
    try:
        return datetime.datetime.strptime(text or "", DATE_FORMAT).replace(tzinfo=VN_TZ)
    except ValueError:
        return None


# --- paying ------------------------------------------------------------------------------


def sanitize_order_info(text):
    """ASCII letters, digits and single spaces, ≤ 255: "Ủng hộ – đợt 2" → "Ung ho dot 2".

    The case is kept (the payment code stays readable in VNPay's portal); diacritics and đ are
    folded the way sitewide.text does it (anyascii over NFC); anything else is dropped.
    """
    ascii_text = _NOT_ORDER_CHAR.sub("", anyascii(nfc(text)).replace("\t", " "))
    return _SPACES.sub(" ", ascii_text).strip()[:ORDER_INFO_MAX].strip()


def is_whole_dong(amount):
    return isinstance(amount, int) and not isinstance(amount, bool)


@dataclass(frozen=True)
class PaymentRequest:
    """What build_payment_url made; keep create_date with the donation: querydr needs it."""

    url: str
    params: dict
    create_date: str
    expire_date: str


def build_payment_url(
    txn_ref,
    amount_dong,
    order_info,
    return_url,
    ip,
    *,
    bank_code=None,
    locale="vn",
    now=None,
    config=None,
):
    """The signed redirect that sends a donor to VNPay for amount_dong (whole đồng) (§1)."""
    config = _config(config)
    if not is_whole_dong(amount_dong) or amount_dong <= 0:
        raise ValueError("amount_dong must be a positive whole number of đồng (int).")
    if not _TXN_REF.match(str(txn_ref)):
        raise ValueError("txn_ref must be 1–100 ASCII letters, digits, '-' or '_'.")
    if urlsplit(return_url).scheme not in {"http", "https"}:
        raise ValueError("return_url must be an absolute http(s) URL.")
    if bank_code and not _BANK_CODE.match(bank_code):
        raise ValueError("bank_code must be upper-case letters and digits.")
    if locale not in {"vn", "en"}:
        raise ValueError("locale is 'vn' or 'en'.")
    info = sanitize_order_info(order_info)
    if not info or not ip:
        raise ValueError("order_info (after folding) and ip are required.")
    created = now or timezone.now()
    params = {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": config.tmn_code,
        "vnp_Amount": str(amount_dong * 100),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": str(txn_ref),
        "vnp_OrderInfo": info,
        "vnp_OrderType": "other",
        "vnp_Locale": locale,
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": ip,
        "vnp_CreateDate": format_vnp_date(created),
        "vnp_ExpireDate": format_vnp_date(created + PAYMENT_WINDOW),
    }
    if bank_code:
        params["vnp_BankCode"] = bank_code
    separator = "&" if "?" in config.payment_url else "?"
    url = f"{config.payment_url}{separator}{signed_query(params, config.hash_secret)}"
    return PaymentRequest(url, params, params["vnp_CreateDate"], params["vnp_ExpireDate"])


# --- coming back -------------------------------------------------------------------------

_REQUIRED_CALLBACK = (
    "vnp_TmnCode",
    "vnp_Amount",
    "vnp_TxnRef",
    "vnp_ResponseCode",
    "vnp_TransactionStatus",
)


@dataclass(frozen=True)
class PaymentResult:
    """A verified Return URL or IPN. amount is whole đồng, None when not a multiple of 100."""

    txn_ref: str
    amount_x100: int
    amount: int | None
    response_code: str
    transaction_status: str
    transaction_no: str
    bank_code: str
    bank_tran_no: str
    card_type: str
    pay_date: datetime.datetime | None
    order_info: str

    @property
    def is_success(self):
        """Money was paid: both codes must say so (§2), one alone is not enough."""
        return self.response_code == "00" and self.transaction_status == "00"

    def matches_amount(self, amount_dong):
        """Integer comparison in VNPay's unit, as §2 prescribes: vnp_Amount == stored × 100."""
        return is_whole_dong(amount_dong) and self.amount_x100 == amount_dong * 100

    @property
    def message(self):
        """The Vietnamese sentence for the donor (response code first, it is the precise one)."""
        return response_message(self.response_code)

    @property
    def status_message(self):
        return transaction_status_message(self.transaction_status)


def parse_callback(query, config=None):
    """Verify a Return URL or IPN query, then read it. Raises InvalidSignature/MalformedCallback.

    Nothing is read before the signature holds, so a forged amount never reaches our code.
    """
    config = _config(config)
    values = single_values(query)
    if not verify(values, config.hash_secret):
        raise InvalidSignature("vnp_SecureHash does not match.")
    missing = [name for name in _REQUIRED_CALLBACK if not values.get(name)]
    if missing:
        raise MalformedCallback(f"Missing {', '.join(missing)}.")
    if values["vnp_TmnCode"] != config.tmn_code:
        raise MalformedCallback("The callback is for another merchant code.")
    raw_amount = values["vnp_Amount"]
    if not (raw_amount.isascii() and raw_amount.isdigit()):
        raise MalformedCallback("vnp_Amount is not a whole number.")
    amount_x100 = int(raw_amount)
    dong, cents = divmod(amount_x100, 100)
    return PaymentResult(
        txn_ref=values["vnp_TxnRef"],
        amount_x100=amount_x100,
        amount=dong if cents == 0 else None,
        response_code=values["vnp_ResponseCode"],
        transaction_status=values["vnp_TransactionStatus"],
        transaction_no=values.get("vnp_TransactionNo", ""),
        bank_code=values.get("vnp_BankCode", ""),
        bank_tran_no=values.get("vnp_BankTranNo", ""),
        card_type=values.get("vnp_CardType", ""),
        pay_date=parse_vnp_date(values.get("vnp_PayDate")),
        order_info=values.get("vnp_OrderInfo", ""),
    )
