"""Turning a paid gift into a ledger receipt: the one place online money enters the ledger.

Callers (the IPN, the querydr sweep, reconciliation of transfers) hold the gift's row lock and
an open transaction; the receipt, the donor, the gift's new state and (with the database queue)
its receipt e-mail task commit together or not at all (see schedule_receipt_email).

Donors: a gift with no name gets no Donor (the receipt is anonymous, donor empty). A gift with
a name gets a new Donor record for Front staff — name, phone, e-mail, public display choice —
even when the donor chose to stay anonymous in public. We never attach an online gift to an
existing donor by e-mail or phone: anyone can type someone else's address, and the gift would
then carry another person's name in public. Staff can merge duplicates later.
"""

from __future__ import annotations

import datetime
import functools
import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations.models import Channel, Donor
from donations.services import record_receipt
from donations.services.checks import FUTURE_TOLERANCE
from giving.models import GiftStatus, donor_kind_for

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from donations.models import Receipt
    from giving.models import OnlineGift

logger = logging.getLogger(__name__)

VNPAY_GATEWAY = "vnpay"


def donor_for(gift: OnlineGift) -> Donor | None:
    """A Donor for a named gift (see the module docstring), None for a nameless one."""
    if not gift.donor_name.strip():
        return None
    return Donor.objects.create(
        kind=donor_kind_for(gift.disclosure),
        name=gift.donor_name,
        phone=gift.phone,
        email=gift.email,
        public_display=gift.disclosure,
        note=_("Gave online, payment code %(code)s.") % {"code": gift.payment_code},
    )


def receipt_time(moment: object, now: datetime.datetime | None = None) -> datetime.datetime:
    """When the money arrived: the gateway's time when it is sane, else now."""
    now = now or timezone.now()
    if isinstance(moment, datetime.datetime) and moment <= now + FUTURE_TOLERANCE:
        return moment
    return now


def staff_note(gift: OnlineGift) -> str:
    note = _("Online gift %(code)s.") % {"code": gift.payment_code}
    if gift.message:
        label = _("Message from the donor")
        note = f"{note}\n{label}: {gift.message}"
    return note


def record_vnpay_receipt(
    gift: OnlineGift,
    *,
    transaction_no: str,
    received_at: object,
    user: AbstractBaseUser | None = None,
) -> Receipt:
    """The receipt of a VNPay gift (gift locked by the caller, inside its transaction)."""
    reference = transaction_no if transaction_no and transaction_no != "0" else gift.txn_ref
    receipt = record_receipt(
        channel=Channel.ONLINE,
        amount=gift.amount,
        received_at=receipt_time(received_at),
        campaign=gift.campaign,
        donor=donor_for(gift),
        disclosure=gift.disclosure,
        gateway=VNPAY_GATEWAY,
        gateway_reference=reference,
        note=staff_note(gift),
        user=user,
    )
    mark_paid(gift, receipt)
    return receipt


def mark_paid(gift: OnlineGift, receipt: Receipt) -> None:
    gift.receipt = receipt
    gift.status = GiftStatus.PAID
    gift.paid_at = receipt.received_at
    gift.save()
    schedule_receipt_email(gift)


def schedule_receipt_email(gift: OnlineGift) -> None:
    """Queue the receipt e-mail of a gift just paid (inside the receipt's transaction).

    The gift row itself is the outbox: it commits with the receipt, receipt_email_sent_at
    empty, so a crash can delay the e-mail but never lose it. With the queue in the database
    (production) the task row is written here, in the receipt's transaction, so the receipt and
    its e-mail task commit together or not at all. A queue that runs tasks at once (`make run`,
    the tests) must wait for the commit, since no e-mail may leave for a receipt that rolls
    back; if the process dies between the commit and the send, the sweep
    (send_pending_receipt_emails, `manage.py send_receipt_emails` every few minutes) sends it.
    """
    if not gift.email:
        return
    if queued_in_the_database():
        _enqueue_receipt_email(gift.pk)
    else:
        transaction.on_commit(functools.partial(_enqueue_receipt_email, gift.pk))


def queued_in_the_database() -> bool:
    """True when tasks are rows of this database (django-tasks-db), written in our transaction."""
    from django_tasks_db.backend import DatabaseBackend

    from giving.tasks import send_receipt_email

    return isinstance(send_receipt_email.get_backend(), DatabaseBackend)


def _enqueue_receipt_email(gift_id):
    from giving.tasks import send_receipt_email

    try:
        with transaction.atomic():
            send_receipt_email.enqueue(gift_id)
    except Exception:  # the receipt is safe, and the sweep will send the e-mail later
        logger.exception("Could not queue the receipt e-mail of online gift %s", gift_id)
