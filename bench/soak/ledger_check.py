"""What the database holds after the soak, in the shape verdict.donation_problems compares
with the client's record. Needs Django set up with the same settings as the gunicorn workers."""

import time

from django.db.models import Count
from django.utils import timezone

SEND_RECEIPT_EMAIL = "giving.tasks.send_receipt_email"


def sign_ipn(order, transaction_no):
    """The IPN VNPay would send for this payment URL's order, paid at once, signed with the
    merchant secret both sides share (VNPAY_HASH_SECRET of the soak's environment)."""
    from django.conf import settings

    from giving.payments import vnpay

    params = {
        "vnp_Amount": order["vnp_Amount"],
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{transaction_no}",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": order["vnp_OrderInfo"],
        "vnp_PayDate": vnpay.format_vnp_date(timezone.now()),
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": settings.VNPAY_TMN_CODE,
        "vnp_TransactionNo": str(transaction_no),
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": order["vnp_TxnRef"],
    }
    params["vnp_SecureHash"] = vnpay.sign(params, settings.VNPAY_HASH_SECRET)
    return params


def received_total(campaign):
    from donations.services.totals import received

    return received(campaign=campaign)["amount"]


def database_record(start, campaign, received_before):
    """Gifts created and receipts recorded since ``start``, and the campaign's totals."""
    from donations.models import Receipt
    from donations.services.totals import direct_received
    from giving.models import GiftMethod, OnlineGift

    gifts = OnlineGift.objects.filter(created_at__gte=start).select_related("receipt")
    vnpay, transfers = {}, {}
    for gift in gifts:
        receipt_amount = gift.receipt.amount if gift.receipt_id else None
        if gift.method == GiftMethod.VNPAY:
            vnpay[gift.txn_ref] = {
                "amount": gift.amount,
                "status": gift.status,
                "receipt_amount": receipt_amount,
            }
        else:
            transfers[gift.token] = {
                "amount": gift.amount,
                "status": gift.status,
                "has_receipt": receipt_amount is not None,
            }
    receipts = Receipt.objects.filter(recorded_at__gte=start)
    doubled = list(
        receipts.exclude(gateway_reference="")
        .values("gateway_reference")
        .annotate(count=Count("id"))
        .filter(count__gt=1)
        .values_list("gateway_reference", flat=True)
    )
    total = received_total(campaign)
    return {
        "vnpay": vnpay,
        "transfers": transfers,
        "new_receipts": receipts.count(),
        "doubled": doubled,
        "received_delta": total - received_before,
        "totals_agree": total == direct_received(campaign=campaign)["amount"],
    }


def email_tasks(start, wait_seconds):
    """Receipt e-mail tasks queued since ``start`` by status, once the task workers have
    emptied the queue (or after wait_seconds). Empty when tasks run inside the request."""
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(enqueued_at__gte=start, task_path=SEND_RECEIPT_EMAIL)
    deadline = time.monotonic() + wait_seconds
    while queued.filter(status__in=["READY", "RUNNING"]).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(1)
    return dict(queued.values_list("status").annotate(count=Count("id")).order_by())
