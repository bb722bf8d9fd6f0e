"""A gift's own page, /ung-ho/khoan-ung-ho/<token>/: the transfer details and QR code while waiting,
then the receipt number. The token is random (not the id), so nobody can walk other gifts."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from giving.models import GiftStatus, OnlineGift
from giving.payments.vnpay_codes import response_message, transaction_status_message
from sitewide import vietqr
from stories.sharing import share_links

REFRESH_SECONDS = 5


def transfer_qr(gift):
    """(payload, svg) of the VietQR code for a transfer gift; (None, None) without an account."""
    account = gift.bank_account
    if account is None:
        return None, None
    payload = vietqr.build_payload(
        account.bank_bin, account.account_number, gift.amount, gift.transfer_memo
    )
    title = _("VietQR code: transfer %(code)s") % {"code": gift.payment_code}
    return payload, vietqr.render_svg(payload, title=title)


def failure_reason(gift, result=None):
    if gift.response_code:
        return response_message(gift.response_code)
    if gift.transaction_status:
        return transaction_status_message(gift.transaction_status)
    if result is not None:
        return result.message
    return ""


def gift_state(gift, result=None):
    """received / confirming / failed / expired / waiting (a transfer not yet seen)."""
    if gift.is_received:
        return "received"
    if gift.status == GiftStatus.FAILED:
        return "failed"
    if gift.status == GiftStatus.EXPIRED:
        return "expired"
    if gift.is_transfer:
        return "waiting"
    if result is not None and not result.is_success:
        return "failed"  # the IPN will record it; the donor is told at once
    return "confirming"


def gift_page(request, gift, result=None):
    state = gift_state(gift, result)
    campaign = gift.campaign
    context = {
        "gift": gift,
        "campaign": campaign,
        "state": state,
        "refresh_seconds": REFRESH_SECONDS if state == "confirming" else None,
        "reason": failure_reason(gift, result) if state == "failed" else "",
        "share_links": share_links(campaign.get_full_url(request)),
        "retry_url": f"{campaign.get_url(request)}#donate",
    }
    if state == "waiting":
        context["qr_payload"], context["qr_svg"] = transfer_qr(gift)
    return render(request, "giving/gift_status.html", context)


@never_cache
@require_GET
def gift_status(request, token):
    gift = get_object_or_404(
        OnlineGift.objects.select_related("campaign", "receipt", "bank_account"), token=token
    )
    return gift_page(request, gift)
