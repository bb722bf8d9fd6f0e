"""Applying what VNPay says about a payment (IPN or querydr) to the gift, exactly once.

Order of checks as docs/vnpay.md §2 prescribes: find by TxnRef → compare the amount in
VNPay's unit (integer vnp_Amount == amount × 100) → refuse if no longer pending → record money
only when both ResponseCode and TransactionStatus are "00", else mark failed. All of it runs in
one transaction holding the gift's row lock (SELECT … FOR UPDATE), so two IPNs arriving at once
— or an IPN racing the querydr sweep — are serialised: the second sees the first's result and
gets "already confirmed". The unique (method, txn_ref) constraint means a TxnRef names one gift.

One deliberate exception: a gift the sweep marked *expired* still accepts a signed success. The
sweep only expires a gift when querydr says it was not paid, but if VNPay later says, signed,
that it was, the money is real and must be counted (and the donor's receipt issued).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from giving.models import GiftMethod, GiftStatus, OnlineGift

from .recording import record_vnpay_receipt

if TYPE_CHECKING:
    from giving.payments.vnpay import PaymentResult
    from giving.payments.vnpay_api import ApiResult

logger = logging.getLogger(__name__)


class Confirmation(enum.Enum):
    PAID = "paid"
    FAILED = "failed"
    ALREADY_DONE = "already_done"
    NOT_FOUND = "not_found"
    WRONG_AMOUNT = "wrong_amount"

    @property
    def rsp_code(self) -> str:
        """The RspCode the IPN answers: a failed payment we recorded as failed is confirmed
        too (00), so VNPay stops calling; 01 and 04 make VNPay try again later."""
        return RSP_CODES[self]


RSP_CODES = {
    Confirmation.PAID: "00",
    Confirmation.FAILED: "00",
    Confirmation.ALREADY_DONE: "02",
    Confirmation.NOT_FOUND: "01",
    Confirmation.WRONG_AMOUNT: "04",
}


@dataclass(frozen=True)
class PaymentOutcome:
    """VNPay's signed word about one payment, from an IPN or a querydr answer."""

    txn_ref: str
    amount_x100: int | None
    response_code: str
    transaction_status: str
    transaction_no: str = ""
    bank_code: str = ""
    pay_date: object = None

    @property
    def is_success(self) -> bool:
        return self.response_code == "00" and self.transaction_status == "00"

    @classmethod
    def from_callback(cls, result: PaymentResult) -> PaymentOutcome:
        """From giving.payments.vnpay.PaymentResult (a verified IPN)."""
        return cls(
            txn_ref=result.txn_ref,
            amount_x100=result.amount_x100,
            response_code=result.response_code,
            transaction_status=result.transaction_status,
            transaction_no=result.transaction_no,
            bank_code=result.bank_code,
            pay_date=result.pay_date,
        )

    @classmethod
    def from_querydr(cls, result: ApiResult) -> PaymentOutcome:
        """From a verified querydr ApiResult: its payment's codes are vnp_TransactionStatus
        (the API's own ResponseCode only says the query worked)."""
        raw = str(result.raw.get("vnp_Amount", ""))
        return cls(
            txn_ref=result.txn_ref,
            amount_x100=int(raw) if raw.isascii() and raw.isdigit() else None,
            # querydr's ResponseCode is about the query; the payment only has its status.
            response_code="00" if result.transaction_status == "00" else "",
            transaction_status=result.transaction_status,
            transaction_no=result.transaction_no,
            bank_code=result.bank_code,
            pay_date=result.pay_date,
        )


def confirm_payment(outcome: PaymentOutcome) -> Confirmation:
    """Apply a verified outcome; returns a Confirmation. Safe to call any number of times."""
    with transaction.atomic():
        gift = (
            OnlineGift.objects.select_for_update()
            .select_related("campaign")
            .filter(method=GiftMethod.VNPAY, txn_ref=outcome.txn_ref)
            .first()
        )
        if gift is None:
            return Confirmation.NOT_FOUND
        if outcome.amount_x100 is None or outcome.amount_x100 != gift.amount * 100:
            logger.warning(
                "VNPay amount %s×100 for %s does not match %s đồng",
                outcome.amount_x100,
                gift.txn_ref,
                gift.amount,
            )
            return Confirmation.WRONG_AMOUNT
        late_success = gift.status == GiftStatus.EXPIRED and outcome.is_success
        if gift.status != GiftStatus.PENDING and not late_success:
            return Confirmation.ALREADY_DONE
        gift.response_code = outcome.response_code[:4]
        gift.transaction_status = outcome.transaction_status[:4]
        gift.transaction_no = outcome.transaction_no[:40]
        gift.bank_code = outcome.bank_code[:20]
        if not outcome.is_success:
            gift.status = GiftStatus.FAILED
            gift.save()
            return Confirmation.FAILED
        record_vnpay_receipt(
            gift, transaction_no=outcome.transaction_no, received_at=outcome.pay_date
        )
        return Confirmation.PAID


def expire_gift(gift_id: int) -> bool:
    """Mark a still-pending gift expired (VNPay says it was never paid). False if it had moved
    on meanwhile, e.g. an IPN arrived between the query and this call."""
    with transaction.atomic():
        gift = OnlineGift.objects.select_for_update().filter(pk=gift_id).first()
        if gift is None or gift.status != GiftStatus.PENDING:
            return False
        gift.status = GiftStatus.EXPIRED
        gift.save(update_fields=["status", "updated_at"])
        return True
