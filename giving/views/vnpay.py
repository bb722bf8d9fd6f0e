"""VNPay's two ways back: the IPN (server to server, records money) and the Return URL
(the donor's browser, shows a result and never records anything)."""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from giving.models import GiftMethod, OnlineGift
from giving.payments import vnpay
from giving.services import PaymentOutcome, confirm_payment

from .status import gift_page

logger = logging.getLogger(__name__)

ANSWERS = {
    "00": vnpay.IPN_CONFIRMED,
    "01": vnpay.IPN_ORDER_NOT_FOUND,
    "02": vnpay.IPN_ALREADY_CONFIRMED,
    "04": vnpay.IPN_INVALID_AMOUNT,
}


@csrf_exempt
@never_cache
@require_GET
def ipn(request):
    """VNPay's Instant Payment Notification: verify, then record exactly once (§2).

    Needs no CSRF token (VNPay's servers have none) and trusts nothing that is not signed:
    parse_callback checks vnp_SecureHash before any value is read.
    """
    try:
        result = vnpay.parse_callback(request.GET)
    except vnpay.InvalidSignature:
        return JsonResponse(vnpay.IPN_INVALID_SIGNATURE)
    except vnpay.MalformedCallback as error:
        logger.warning("VNPay IPN refused: %s", error)
        return JsonResponse(vnpay.IPN_UNKNOWN_ERROR)
    try:
        confirmation = confirm_payment(PaymentOutcome.from_callback(result))
    except Exception:
        # Anything unexpected (the database, a ledger rule): VNPay will call again.
        logger.exception("VNPay IPN for %s could not be applied", result.txn_ref)
        return JsonResponse(vnpay.IPN_UNKNOWN_ERROR)
    return JsonResponse(ANSWERS[confirmation.rsp_code])


@never_cache
@require_GET
def vnpay_return(request):
    """Where VNPay sends the donor back. Shows the gift as the IPN left it; the signed query
    only decides which gift and, while the IPN is still on its way, which message to show."""
    try:
        result = vnpay.parse_callback(request.GET)
    except vnpay.VNPayError:
        return render(request, "giving/result_invalid.html", status=400)
    gift = (
        OnlineGift.objects.select_related("campaign", "receipt", "bank_account")
        .filter(method=GiftMethod.VNPAY, txn_ref=result.txn_ref)
        .first()
    )
    if gift is None:
        return render(request, "giving/result_invalid.html", status=404)
    return gift_page(request, gift, result=result)
