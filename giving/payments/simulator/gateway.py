"""What the simulated payment page does: check the order it was sent, then end it as chosen."""

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giving.payments import vnpay
from giving.payments.simulator import ipn, store
from giving.payments.vnpay_codes import response_message
from giving.payments.vnpay_config import setting

# outcome → (vnp_ResponseCode, vnp_TransactionStatus), docs/vnpay.md §5
OUTCOMES = {
    "pay": ("00", "00"),
    "cancel": ("24", "02"),
    "insufficient": ("51", "02"),
}
BANK_CODE = "NCB"
CARD_TYPE = "ATM"
DEFAULT_IPN_PATH = "/donations/vnpay/ipn/"
PENDING_STATUS = "01"

MALFORMED = _("The payment request is missing fields or has invalid ones.")
BAD_SIGNATURE = _("The payment request has an invalid signature.")
UNKNOWN_MERCHANT = _("The merchant code is not known to the payment gateway.")
ALREADY_USED = _("This transaction reference has already been used.")


class OrderRefused(Exception):  # noqa: N818 (a refusal shown to the donor, not a bug)
    """The order cannot be paid; the message is shown on the simulator's error page."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Order:
    txn_ref: str
    amount_x100: int
    order_info: str
    return_url: str
    create_date: str
    tmn_code: str
    locale: str

    @property
    def amount(self):
        return self.amount_x100 // 100


def read_order(query, config, now=None):
    """The verified order of a payment URL, or OrderRefused with the reason VNPay would give."""
    try:
        values = vnpay.single_values(query)
    except vnpay.MalformedCallback:
        raise OrderRefused(MALFORMED) from None
    if not vnpay.verify(values, config.hash_secret):
        raise OrderRefused(BAD_SIGNATURE)
    if values.get("vnp_TmnCode") != config.tmn_code:
        raise OrderRefused(UNKNOWN_MERCHANT)
    amount = values.get("vnp_Amount", "")
    expires = vnpay.parse_vnp_date(values.get("vnp_ExpireDate"))
    well_formed = (
        values.get("vnp_Version") == vnpay.VERSION
        and values.get("vnp_Command") == "pay"
        and values.get("vnp_CurrCode") == "VND"
        and values.get("vnp_TxnRef")
        and values.get("vnp_OrderInfo", "").isascii()
        and values.get("vnp_OrderInfo")
        and amount.isascii()
        and amount.isdigit()
        and int(amount) > 0
        and int(amount) % 100 == 0
        and urlsplit(values.get("vnp_ReturnUrl", "")).scheme in {"http", "https"}
        and vnpay.parse_vnp_date(values.get("vnp_CreateDate"))
        and expires
    )
    if not well_formed:
        raise OrderRefused(MALFORMED)
    if (now or timezone.now()) > expires:
        raise OrderRefused(response_message("11"))
    seen = store.get_transaction(values["vnp_TxnRef"])
    if seen and seen["transaction_status"] != PENDING_STATUS:
        raise OrderRefused(ALREADY_USED)
    return Order(
        txn_ref=values["vnp_TxnRef"],
        amount_x100=int(amount),
        order_info=values["vnp_OrderInfo"],
        return_url=values["vnp_ReturnUrl"],
        create_date=values["vnp_CreateDate"],
        tmn_code=values["vnp_TmnCode"],
        locale=values.get("vnp_Locale", "vn"),
    )


def remember_pending(order):
    """The donor saw the page: querydr now reports the payment as not completed (01)."""
    with store.locked(order.txn_ref):
        if store.get_transaction(order.txn_ref) is None:
            store.save_transaction(_record(order, "", PENDING_STATUS, "0", ""))


def _record(order, response_code, status, transaction_no, pay_date):
    return {
        "txn_ref": order.txn_ref,
        "amount_x100": order.amount_x100,
        "order_info": order.order_info,
        "create_date": order.create_date,
        "transaction_no": transaction_no,
        "bank_code": BANK_CODE,
        "card_type": CARD_TYPE,
        "pay_date": pay_date,
        "response_code": response_code,
        "transaction_status": status,
        "refunded_x100": 0,
    }


def ipn_url_for(return_url):
    """Our IPN: VNPAY_IPN_URL when set (VNPay's portal holds it), else beside the return URL."""
    return setting("VNPAY_IPN_URL") or urljoin(return_url, DEFAULT_IPN_PATH)


def complete(order, outcome, config, now=None):
    """End the order as chosen; call our IPN first; return the URL to send the browser to."""
    response_code, status = OUTCOMES[outcome]
    paid = outcome != "cancel"  # a cancelled payment never reached a bank: TransactionNo 0
    with store.locked(order.txn_ref):
        seen = store.get_transaction(order.txn_ref)
        if seen and seen["transaction_status"] != PENDING_STATUS:
            raise OrderRefused(ALREADY_USED)
        transaction_no = str(store.next_transaction_no()) if paid else "0"
        pay_date = vnpay.format_vnp_date(now or timezone.now())
        store.save_transaction(_record(order, response_code, status, transaction_no, pay_date))
    params = {
        "vnp_Amount": str(order.amount_x100),
        "vnp_BankCode": BANK_CODE,
        "vnp_BankTranNo": f"VNP{transaction_no}" if paid else "",
        "vnp_CardType": CARD_TYPE if paid else "",
        "vnp_OrderInfo": order.order_info,
        "vnp_PayDate": pay_date,
        "vnp_ResponseCode": response_code,
        "vnp_TmnCode": order.tmn_code,
        "vnp_TransactionNo": transaction_no,
        "vnp_TransactionStatus": status,
        "vnp_TxnRef": order.txn_ref,
    }
    query = vnpay.signed_query(params, config.hash_secret)
    ipn.deliver_ipn(ipn_url_for(order.return_url), query, attempt=1)
    separator = "&" if "?" in order.return_url else "?"
    return f"{order.return_url}{separator}{query}"
