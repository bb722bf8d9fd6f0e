"""Bank-transfer gifts meet the money: the functions reconciliation (and transfer feeds) call.

A transfer gift is only an intent with a payment code; the money is found later in a bank
statement or feed line whose memo holds the code (donations.codes.find_codes). Reconciliation
then either
- calls ``record_transfer(gift, amount=…, received_at=…, bank_account=…, …)``: the receipt is
  recorded *with the donor's publication choice* and linked in one transaction (preferred), or
- records the receipt itself and calls ``receive_transfer(gift, receipt)`` to link it.
Both lock the gift's row, are idempotent for the same receipt, and refuse a second, different
receipt for one gift; ``release_transfer(gift)`` undoes the link once reconciliation has reversed
a wrongly matched receipt (a donor who transfers twice with one code: the second transfer is an
ordinary receipt, not this gift). The amount that counts is the amount received, whatever the
intent said: banks deduct fees and donors round.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from donations import codes
from donations.models import Channel
from donations.services import record_receipt
from giving.models import GiftMethod, GiftStatus, OnlineGift

from .recording import donor_for, mark_paid, staff_note

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from donations.models import BankAccount, Receipt


def find_transfer_gift(code: str | None) -> OnlineGift | None:
    """The transfer gift with this payment code, or None (codes are compared upper-case)."""
    code = (code or "").strip().upper()
    if not codes.is_valid(code):
        return None
    return OnlineGift.objects.filter(method=GiftMethod.TRANSFER, payment_code=code).first()


def _locked_transfer(gift):
    locked = OnlineGift.objects.select_for_update().select_related("campaign").get(pk=gift.pk)
    if locked.method != GiftMethod.TRANSFER:
        raise ValidationError(_("This online gift is not a bank transfer."))
    return locked


def receive_transfer(gift: OnlineGift, receipt: Receipt) -> OnlineGift:
    """Link a receipt that reconciliation recorded to the transfer gift and mark it paid.

    Returns the gift. Calling it again with the same receipt changes nothing.
    """
    with transaction.atomic():
        locked = _locked_transfer(gift)
        if locked.receipt_id == receipt.pk:
            return locked
        if locked.receipt_id is not None:
            raise ValidationError(
                _("Gift %(code)s already has its receipt %(number)s.")
                % {"code": locked.payment_code, "number": locked.receipt.number}
            )
        if receipt.campaign_id != locked.campaign_id:
            raise ValidationError(_("The receipt is for another campaign than the gift."))
        if receipt.is_reversed:
            raise ValidationError(_("A reversed receipt cannot pay a gift."))
        mark_paid(locked, receipt)
        return locked


def record_transfer(
    gift: OnlineGift,
    *,
    amount: int,
    received_at: datetime.datetime,
    bank_account: BankAccount,
    user: AbstractBaseUser | None = None,
    **details: Any,
) -> Receipt:
    """Record the transfer's receipt with the donor's publication choice and link it.

    ``details`` are record_receipt's detail fields (bank_reference, memo, payer_name, note).
    Returns the receipt; if the gift was already paid, returns its receipt unchanged.
    """
    with transaction.atomic():
        locked = _locked_transfer(gift)
        if locked.receipt_id is not None:
            return locked.receipt
        details.setdefault("note", staff_note(locked))
        receipt = record_receipt(
            channel=Channel.BANK,
            amount=amount,
            received_at=received_at,
            campaign=locked.campaign,
            donor=donor_for(locked),
            disclosure=locked.disclosure,
            bank_account=bank_account,
            user=user,
            **details,
        )
        mark_paid(locked, receipt)
        return receipt


def release_transfer(gift: OnlineGift) -> OnlineGift:
    """Undo the link after reconciliation reversed the gift's receipt (a wrong match): the gift
    waits again and its code can be matched to the right bank line. Refused while the receipt
    still counts, so money is never orphaned; the corrected receipt is e-mailed again."""
    with transaction.atomic():
        locked = _locked_transfer(gift)
        if locked.receipt_id is None:
            return locked
        if not locked.receipt.is_reversed:
            raise ValidationError(_("Reverse the gift's receipt in the ledger first."))
        locked.receipt = None
        locked.status = GiftStatus.PENDING
        locked.paid_at = None
        locked.receipt_email_sent_at = None
        locked.save()
        return locked
