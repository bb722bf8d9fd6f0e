"""Online giving's operations. Views, tasks, the admin and reconciliation call these; the
ledger's own services (donations.services) do every write to money records."""

from .confirming import Confirmation, PaymentOutcome, confirm_payment, expire_gift
from .creating import accepts_gifts, create_gift, start_vnpay_payment, transfer_account
from .refunds import refund_gift, refundable_amount
from .settling import settle_gift, settle_pending
from .transfers import find_transfer_gift, receive_transfer, record_transfer, release_transfer

__all__ = [
    "Confirmation",
    "PaymentOutcome",
    "accepts_gifts",
    "confirm_payment",
    "create_gift",
    "expire_gift",
    "find_transfer_gift",
    "receive_transfer",
    "record_transfer",
    "refund_gift",
    "release_transfer",
    "refundable_amount",
    "settle_gift",
    "settle_pending",
    "start_vnpay_payment",
    "transfer_account",
]
