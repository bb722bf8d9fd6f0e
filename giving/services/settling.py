"""Settling VNPay gifts whose IPN never came: ask VNPay (querydr), then record or expire.

A gift is only asked about once VNPay's payment window *and* a grace period have passed
(giving.conf.settle_after): callbacks can come a minute or two after vnp_ExpireDate, and a gift
cancelled at ExpireDate exactly would turn away real money. Nothing is decided without VNPay's
signed answer; when VNPay cannot be reached the gift stays pending for the next sweep.
Used by the settle_vnpay management command and by the django-tasks tasks in giving/tasks.py.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from giving import conf
from giving.models import GiftStatus, OnlineGift
from giving.payments import vnpay, vnpay_api

from .confirming import Confirmation, PaymentOutcome, confirm_payment, expire_gift

if TYPE_CHECKING:
    from django.db.models import QuerySet

logger = logging.getLogger(__name__)

NOT_FOUND = "91"
NOT_COMPLETED = "01"
FAILED_STATUSES = frozenset({"02", "04", "07"})
SWEEP_LIMIT = 500


def server_ip() -> str:
    """vnp_IpAddr of our own requests to VNPay's API."""
    return getattr(settings, "VNPAY_SERVER_IP", "") or "127.0.0.1"


def due_for_settlement(now: datetime.datetime | None = None) -> QuerySet[OnlineGift]:
    cutoff = (now or timezone.now()) - conf.settle_after()
    return OnlineGift.objects.pending_vnpay().filter(created_at__lte=cutoff).order_by("created_at")


def settle_gift(gift: OnlineGift, now: datetime.datetime | None = None) -> str:
    """Settle one pending VNPay gift; returns "paid", "failed", "expired" or "unchanged"."""
    if gift.status != GiftStatus.PENDING:
        return "unchanged"
    if not gift.vnp_create_date:
        # The payment URL was never built: the donor never reached VNPay.
        return "expired" if expire_gift(gift.pk) else "unchanged"
    try:
        result = vnpay_api.querydr(
            txn_ref=gift.txn_ref,
            transaction_date=gift.vnp_create_date,
            ip=server_ip(),
            order_info=f"Truy van {gift.payment_code}",
            now=now,
        )
    except vnpay.VNPayError as error:
        logger.warning("querydr for %s failed, will try again: %s", gift.txn_ref, error)
        return "unchanged"
    if result.response_code == NOT_FOUND or (
        result.ok and result.transaction_status == NOT_COMPLETED
    ):
        return "expired" if expire_gift(gift.pk) else "unchanged"
    if not result.ok:
        logger.warning(
            "querydr for %s answered %s, will try again", gift.txn_ref, result.response_code
        )
        return "unchanged"
    if result.transaction_status != "00" and result.transaction_status not in FAILED_STATUSES:
        logger.warning(
            "querydr for %s: status %s left for staff", gift.txn_ref, result.transaction_status
        )
        return "unchanged"
    confirmation = confirm_payment(PaymentOutcome.from_querydr(result))
    if confirmation is Confirmation.PAID:
        return "paid"
    if confirmation is Confirmation.FAILED:
        return "failed"
    if confirmation is Confirmation.WRONG_AMOUNT:
        logger.error("querydr for %s reports another amount; left for staff", gift.txn_ref)
    return "unchanged"


def settle_pending(now: datetime.datetime | None = None, limit: int = SWEEP_LIMIT) -> Counter[str]:
    """Settle every VNPay gift pending past the window; returns a Counter of outcomes."""
    outcomes = Counter()
    for gift in due_for_settlement(now)[:limit]:
        outcomes[settle_gift(gift, now=now)] += 1
    return outcomes
