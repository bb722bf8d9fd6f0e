"""VNPay refunds started by Front staff, recorded in the ledger as reversals.

Three steps, because VNPay is called over the network and a database lock must not be held
across it:
1. under the gift's row lock, check what may still be refunded and write a GiftRefund
   "requested" (so a second click cannot refund the same money twice);
2. ask VNPay (full refund type 02, partial 03);
3. under the lock again: if VNPay accepted, reverse the counting receipt with the reason; for a
   partial refund, record the part kept as a new receipt that ``corrects`` the reversed one.

The ledger has no negative receipts and never edits one, so "reverse, then record the kept part
again" is how it expresses "this receipt is now worth less": the original stays visible, marked
reversed with the reason, and totals move by exactly the refunded amount on the day the money
originally arrived. Every step is in Wagtail's audit log (the ledger services log the receipt
and reversal; the refund request and its answer are logged on the gift).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.models import Channel, Receipt
from donations.services import audit, record_receipt, reverse_receipt
from donations.services.checks import reason_given, whole_dong
from giving.models import GiftMethod, GiftRefund, GiftStatus, OnlineGift, RefundStatus
from giving.payments import vnpay, vnpay_api
from sitewide.formatting import format_vnd, person_name

from .recording import VNPAY_GATEWAY
from .settling import server_ip

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from wagtail.log_actions import LogActionRegistry

logger = logging.getLogger(__name__)

REQUEST_REFUND = "giving.gift.refund_request"
REFUND_DONE = "giving.gift.refund_done"
REFUND_REFUSED = "giving.gift.refund_refused"
ACTIONS = {
    REQUEST_REFUND: (gettext_lazy("Request VNPay refund"), gettext_lazy("VNPay refund requested")),
    REFUND_DONE: (gettext_lazy("Record VNPay refund"), gettext_lazy("VNPay refund recorded")),
    REFUND_REFUSED: (gettext_lazy("VNPay refund refused"), gettext_lazy("VNPay refused a refund")),
}
REFUNDABLE_STATUSES = {GiftStatus.PAID, GiftStatus.PARTLY_REFUNDED}


def register_actions(actions: LogActionRegistry) -> None:
    """Called from the register_log_actions hook in giving/wagtail_hooks.py."""
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action)(audit.make_formatter(label, message))


def refundable_amount(gift: OnlineGift) -> int:
    """What may still be refunded: the amount paid minus refunds done or still awaiting VNPay."""
    taken = gift.refunds.exclude(status=RefundStatus.REFUSED).aggregate(total=Sum("amount"))
    return gift.amount - (taken["total"] or 0)


def _request(gift, amount, reason, user):
    with transaction.atomic():
        locked = OnlineGift.objects.select_for_update().get(pk=gift.pk)
        if locked.method != GiftMethod.VNPAY or locked.status not in REFUNDABLE_STATUSES:
            raise ValidationError(_("Only a paid VNPay gift can be refunded through VNPay."))
        if locked.receipt is None or locked.receipt.is_reversed:
            raise ValidationError(
                _("The gift's receipt is already reversed; refund it in VNPay's portal instead.")
            )
        if locked.refunds.filter(status=RefundStatus.REQUESTED).exists():
            raise ValidationError(_("Another refund of this gift is still waiting for VNPay."))
        left = refundable_amount(locked)
        if amount > left:
            raise ValidationError(
                {
                    "amount": _("At most %(left)s can still be refunded.")
                    % {"left": format_vnd(left)}
                }
            )
        done_before = locked.refunds.filter(status=RefundStatus.DONE).exists()
        refund = GiftRefund.objects.create(
            gift=locked,
            amount=amount,
            full=amount == locked.amount and not done_before,
            reason=reason,
            created_by=user,
        )
        audit.log_entry(locked, REQUEST_REFUND, user=user, amount=amount, reason=reason)
    return locked, refund


def _ask_vnpay(gift, refund, user):
    staff = person_name(user) if user else "Chung Tay"
    try:
        return vnpay_api.refund(
            txn_ref=gift.txn_ref,
            amount_dong=refund.amount,
            transaction_date=gift.vnp_create_date,
            transaction_no=gift.transaction_no,
            created_by=staff,
            ip=server_ip(),
            full=refund.full,
            order_info=f"Hoan tien {gift.payment_code}",
        )
    except vnpay.VNPayError as error:
        logger.warning("VNPay refund of %s got no usable answer: %s", gift.txn_ref, error)
        return None


def _refused(gift, refund, result, user):
    with transaction.atomic():
        refund = GiftRefund.objects.select_for_update().get(pk=refund.pk)
        refund.status = RefundStatus.REFUSED
        if result is None:
            refund.gateway_message = _(
                "VNPay did not answer. Check VNPay's merchant portal before trying again."
            )
        else:
            refund.response_code = result.response_code[:4]
            refund.gateway_message = str(result.message)[:300]
        refund.save()
        audit.log_entry(
            gift, REFUND_REFUSED, user=user, amount=refund.amount, detail=refund.gateway_message
        )
    return refund


def _record(gift, refund, result, user):
    with transaction.atomic():
        locked = OnlineGift.objects.select_for_update().get(pk=gift.pk)
        refund = GiftRefund.objects.select_for_update().get(pk=refund.pk)
        current = Receipt.objects.get(pk=locked.receipt_id)
        reversal_reason = _("VNPay refund of %(amount)s: %(reason)s") % {
            "amount": format_vnd(refund.amount),
            "reason": refund.reason,
        }
        reverse_receipt(current, reason=reversal_reason, user=user)
        kept = current.amount - refund.amount
        if kept > 0:
            locked.receipt = record_receipt(
                channel=Channel.ONLINE,
                amount=kept,
                received_at=current.received_at,
                campaign=current.campaign,
                fund=current.fund,
                donor=current.donor,
                disclosure=current.disclosure,
                corrects=current,
                gateway=VNPAY_GATEWAY,
                gateway_reference=current.gateway_reference,
                note=current.note,
                user=user,
            )
        locked.status = GiftStatus.PARTLY_REFUNDED if kept > 0 else GiftStatus.REFUNDED
        locked.save()
        refund.status = RefundStatus.DONE
        refund.response_code = result.response_code[:4]
        refund.gateway_message = str(result.message)[:300]
        refund.transaction_no = result.transaction_no[:40]
        refund.reversed_receipt = current
        refund.kept_receipt = locked.receipt if kept > 0 else None
        refund.save()
        audit.log_entry(locked, REFUND_DONE, user=user, amount=refund.amount, reason=refund.reason)
    return refund


def refund_gift(
    gift: OnlineGift, *, amount: int, reason: str, user: AbstractBaseUser | None
) -> GiftRefund:
    """Refund ``amount`` đồng of a paid VNPay gift; returns the GiftRefund (done or refused).

    Raises ValidationError, with nothing written, when the refund is not possible.
    """
    whole_dong(amount)
    reason = reason_given(reason)
    gift, refund = _request(gift, amount, reason, user)
    result = _ask_vnpay(gift, refund, user)
    if result is None or not result.ok:
        return _refused(gift, refund, result, user)
    return _record(gift, refund, result, user)
