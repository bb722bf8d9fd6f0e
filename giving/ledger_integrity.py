"""Online gifts in `manage.py verify_ledger` (registered from GivingConfig.ready; the ledger
never imports giving).

A gift's status and its receipt must tell the same story: a gift that counts as received has
exactly one receipt and it counts; a refunded gift's receipt is reversed; a gift still waiting,
failed or expired has none. And a VNPay payment is recorded once: two counting receipts with
one VNPay transaction number would be a doubled donation (an IPN applied twice).
"""

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.integrity import found, register
from donations.models import Channel, Receipt
from giving.models import GiftStatus, OnlineGift
from giving.services.recording import VNPAY_GATEWAY


def _gift_problem(message):
    return lambda gift: message % {"code": gift.payment_code, "status": gift.get_status_display()}


@register(gettext_lazy("Online gifts and their receipts agree"))
def gifts_match_their_receipts():
    gifts = OnlineGift.objects.order_by("pk")
    counting_receipt = Q(receipt__isnull=False, receipt__reversal__isnull=True)
    received = gifts.filter(status__in=[GiftStatus.PAID, GiftStatus.PARTLY_REFUNDED]).exclude(
        counting_receipt
    )
    refunded = gifts.filter(status=GiftStatus.REFUNDED).exclude(
        receipt__isnull=False, receipt__reversal__isnull=False
    )
    waiting = gifts.filter(
        status__in=[GiftStatus.PENDING, GiftStatus.FAILED, GiftStatus.EXPIRED],
        receipt__isnull=False,
    )
    wrong_amount = gifts.filter(
        method="vnpay", status=GiftStatus.PAID, receipt__isnull=False
    ).exclude(receipt__amount=F("amount"))
    return (
        found(received, _gift_problem(_("Gift %(code)s is %(status)s without a counting receipt")))
        + found(refunded, _gift_problem(_("Gift %(code)s is refunded but its receipt counts")))
        + found(waiting, _gift_problem(_("Gift %(code)s is %(status)s yet has a receipt")))
        + found(
            wrong_amount,
            _gift_problem(_("Gift %(code)s was paid through VNPay for another amount")),
        )
    )


@register(gettext_lazy("Each VNPay payment is recorded once"))
def vnpay_payments_recorded_once():
    doubled = (
        Receipt.objects.counting()
        .filter(channel=Channel.ONLINE, gateway=VNPAY_GATEWAY)
        .values("gateway_reference")
        .annotate(receipts=Count("id"))
        .filter(receipts__gt=1)
        .order_by("gateway_reference")
    )
    return found(
        doubled,
        lambda row: (
            _("VNPay transaction %(reference)s is recorded in %(receipts)s receipts")
            % {"reference": row["gateway_reference"], "receipts": row["receipts"]}
        ),
    )
