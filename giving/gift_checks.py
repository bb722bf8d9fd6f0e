"""Online gifts in "Kiểm tra khoản ủng hộ" (check my gift), registered from GivingConfig.ready.

A donor who gave online knows the gift's payment code (on the gift's page, in the transfer memo
and in the receipt e-mail), not a pledge code, so the ledger's own lookups never find it. The
ledger must not import this app, hence the registry in donations.public.checks.

The amount a donor types may be what they meant to give (the gift) or what arrived (the
receipt: banks deduct fees, a partial refund leaves less); either matches, since both are known
only to the donor. A gift still waiting for its money is reported as "not yet received" only
when code and amount both match, so the answer tells nothing to anyone else.
"""

from django.db.models import Q

from donations import codes
from donations.models import Receipt
from donations.public import checks
from giving.models import GiftStatus, OnlineGift


def receipts_of_online_gifts(reference, amount):
    """The receipt that counts for the online gift with this payment code."""
    if not codes.is_valid(reference):
        return Receipt.objects.none()
    return Receipt.objects.filter(online_gift__payment_code=reference).filter(
        Q(amount=amount) | Q(online_gift__amount=amount)
    )


def online_gift_awaiting_money(reference, amount):
    """A gift started with this code and amount whose money has not arrived yet."""
    if not codes.is_valid(reference):
        return False
    return OnlineGift.objects.filter(
        payment_code=reference, amount=amount, status=GiftStatus.PENDING, receipt__isnull=True
    ).exists()


def register():
    """Add the lookups once (ready() may run more than once in tests)."""
    if receipts_of_online_gifts not in checks.REFERENCE_LOOKUPS:
        checks.REFERENCE_LOOKUPS.append(receipts_of_online_gifts)
    if online_gift_awaiting_money not in checks.AWAITING_LOOKUPS:
        checks.AWAITING_LOOKUPS.append(online_gift_awaiting_money)
