"""Transfer feeds (SePay, Casso v2): authenticate the webhook call, then read its payload into
the same StatementLine a statement file would give, so feeds and imports share dedupe and
matching. A feed line is a statement line that arrives early.

Feeds retry (SePay up to 7 times) and can be replayed by anyone who captured a request, so
every call is authenticated with the account's secret (kept in settings or the admin, never
in code), signatures are compared in constant time, a signature's timestamp may be required
to be recent, and each line carries the feed's own id: (gateway, id) is its dedupe key.
"""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from reconciliation.statements.errors import StatementError
from reconciliation.statements.lines import StatementLine
from reconciliation.statements.parse_values import parse_amount, parse_datetime

SEPAY = "sepay"
CASSO = "casso"
#: What SePay expects back for a call it should not retry.
SEPAY_ACK = {"success": True}
CASSO_SIGNATURE_HEADER = "X-Casso-Signature"
SEPAY_SIGNATURE_HEADER = "X-SePay-Signature"
SEPAY_TIMESTAMP_HEADER = "X-SePay-Timestamp"

NOT_CONFIGURED = _("No key is configured for this feed; the call is refused.")
BAD_API_KEY = _("The API key is missing or wrong.")
NOT_SIGNED = _("The request is not signed.")
BAD_SIGNATURE = _("The signature does not match.")
STALE = _("The signature's time is too far from now; the call may be a replay.")
NOT_JSON = _("The request body is not valid JSON.")
MISSING = _("This field is missing.")
FEED_ERROR = _("The feed reports an error instead of a transfer.")
BAD_DIRECTION = _("“%(value)s” is not a transfer direction (in or out).")


class FeedAuthError(StatementError):
    """The caller could not prove it is the feed: answer 401/403 and record nothing."""


@dataclass(frozen=True)
class FeedLine:
    """One incoming transfer pushed by a feed service."""

    gateway: str  # the feed service, SEPAY or CASSO (not the bank)
    feed_id: str  # the service's id of the transfer, repeated on every retry
    account: str  # the Fund's account that received the money
    bank: str  # the bank as the service names it
    line: StatementLine

    @property
    def dedupe_key(self):
        """ "<gateway>|<id>": equal for every retry or replay of the same transfer."""
        return f"{self.gateway}|{self.feed_id}"


def load_json(body):
    """The parsed body of a webhook call, or a StatementError if it is not JSON."""
    try:
        return json.loads(body)
    except (TypeError, ValueError) as error:
        raise StatementError(None, None, NOT_JSON) from error


def _header(headers, name):
    """Header value whatever the case of its name (Django's request.headers or a dict)."""
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def _fresh(timestamp_seconds, max_age, now, column):
    """Refuse a signature whose time is more than max_age seconds from now, either way."""
    if max_age is None:
        return
    current = time.time() if now is None else now
    if abs(current - timestamp_seconds) > max_age:
        raise FeedAuthError(None, column, STALE)


# ---- SePay -----------------------------------------------------------------------------------


def sepay_signature(secret, timestamp, body):
    """HMAC-SHA256 hex of "<timestamp>.<raw body>" with the webhook's secret."""
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify_sepay(headers, body, *, api_key=None, hmac_secret=None, max_age=300, now=None):
    """Accept the call only if it carries the configured API key ("Authorization: Apikey
    <key>") or a valid HMAC-SHA256 signature with a recent timestamp; raise FeedAuthError."""
    if not api_key and not hmac_secret:
        raise FeedAuthError(None, None, NOT_CONFIGURED)
    authorization = _header(headers, "Authorization") or ""
    if api_key and authorization:
        scheme, _space, given = authorization.partition(" ")
        if scheme.lower() == "apikey" and hmac.compare_digest(
            given.strip().encode("utf-8"), api_key.encode("utf-8")
        ):
            return
        if not hmac_secret:
            raise FeedAuthError(None, "Authorization", BAD_API_KEY)
    if not hmac_secret:
        raise FeedAuthError(None, "Authorization", BAD_API_KEY)
    signature = (_header(headers, SEPAY_SIGNATURE_HEADER) or "").strip()
    stamp = (_header(headers, SEPAY_TIMESTAMP_HEADER) or "").strip()
    if not signature or not stamp.isdigit():
        raise FeedAuthError(None, SEPAY_SIGNATURE_HEADER, NOT_SIGNED)
    signature = signature.removeprefix("sha256=")
    expected = sepay_signature(hmac_secret, stamp, body)
    if not hmac.compare_digest(signature.lower().encode("ascii", "replace"), expected.encode()):
        raise FeedAuthError(None, SEPAY_SIGNATURE_HEADER, BAD_SIGNATURE)
    _fresh(int(stamp), max_age, now, SEPAY_TIMESTAMP_HEADER)


def parse_sepay(payload):
    """The FeedLine of a SePay call, or None for a transfer out (the Fund's own payments)."""
    if not isinstance(payload, dict):
        raise StatementError(None, None, NOT_JSON)
    direction = _required(payload, "transferType")
    if direction == "out":
        return None
    if direction != "in":
        raise StatementError(None, "transferType", BAD_DIRECTION, {"value": direction})
    amount = parse_amount(_required(payload, "transferAmount"), column="transferAmount")
    if amount == 0:
        return None
    line = StatementLine(
        row=None,
        booked_at=parse_datetime(_required(payload, "transactionDate"), column="transactionDate"),
        amount=amount,
        memo=str(payload.get("content") or payload.get("description") or ""),
        bank_reference=str(payload.get("referenceCode") or ""),
        balance=_optional_amount(payload.get("accumulated")),
    )
    return FeedLine(
        gateway=SEPAY,
        feed_id=str(_required(payload, "id")),
        account=str(_required(payload, "accountNumber")),
        bank=str(payload.get("gateway") or ""),
        line=line,
    )


# ---- Casso v2 --------------------------------------------------------------------------------


def casso_signature(key, timestamp_ms, payload):
    """HMAC-SHA512 hex of "<t>." + the body re-serialised with keys sorted at every level,
    compact separators and raw UTF-8 (Casso v2's scheme, independent of the sender's spacing)."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = f"{timestamp_ms}.{canonical}".encode()
    return hmac.new(key.encode("utf-8"), message, hashlib.sha512).hexdigest()


def verify_casso(signature_header, payload, key, *, max_age=None, now=None):
    """Check `X-Casso-Signature: t=<ms>,v1=<hex>` against the parsed body; raise FeedAuthError.

    `max_age` (seconds) refuses signatures whose time is that far from now, which stops a
    captured call from being replayed later; dedupe on (gateway, id) covers quick retries.
    """
    if not key:
        raise FeedAuthError(None, None, NOT_CONFIGURED)
    parts = {}
    for piece in (signature_header or "").split(","):
        name, _eq, value = piece.strip().partition("=")
        parts[name.strip()] = value.strip()
    stamp, given = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or not given:
        raise FeedAuthError(None, CASSO_SIGNATURE_HEADER, NOT_SIGNED)
    expected = casso_signature(key, stamp, payload)
    if not hmac.compare_digest(given.lower().encode("ascii", "replace"), expected.encode()):
        raise FeedAuthError(None, CASSO_SIGNATURE_HEADER, BAD_SIGNATURE)
    _fresh(int(stamp) / 1000, max_age, now, CASSO_SIGNATURE_HEADER)


def parse_casso(payload):
    """FeedLines of a Casso v2 call (its `data` is one transfer or a list); outgoing transfers
    (negative amounts) are left out."""
    if not isinstance(payload, dict):
        raise StatementError(None, None, NOT_JSON)
    if payload.get("error", 0) != 0:
        raise StatementError(None, "error", FEED_ERROR)
    data = _required(payload, "data")
    items = data if isinstance(data, list) else [data]
    feed_lines = []
    for item in items:
        if not isinstance(item, dict):
            raise StatementError(None, "data", NOT_JSON)
        amount = parse_amount(_required(item, "amount"), column="amount", allow_negative=True)
        if amount <= 0:
            continue
        line = StatementLine(
            row=None,
            booked_at=parse_datetime(
                _required(item, "transactionDateTime"), column="transactionDateTime"
            ),
            amount=amount,
            memo=str(item.get("description") or ""),
            counterparty_name=str(item.get("counterAccountName") or ""),
            counterparty_account=str(item.get("counterAccountNumber") or ""),
            bank_reference=str(item.get("reference") or ""),
            balance=_optional_amount(item.get("runningBalance")),
        )
        feed_lines.append(
            FeedLine(
                gateway=CASSO,
                feed_id=str(_required(item, "id")),
                account=str(_required(item, "accountNumber")),
                bank=str(item.get("bankName") or item.get("bankAbbreviation") or ""),
                line=line,
            )
        )
    return feed_lines


def _required(payload, name):
    value = payload.get(name)
    if value is None or value == "":
        raise StatementError(None, name, MISSING)
    return value


def _optional_amount(value):
    if value is None or value == "":
        return None
    try:
        return parse_amount(value, allow_negative=True)
    except StatementError:
        return None
