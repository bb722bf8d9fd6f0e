"""The receipt e-mail a donor gets when they left an address.

Sent by a task queued with the receipt (recording.schedule_receipt_email), so the money is on
record whatever the mail server does, and retried by a sweep (send_pending_receipt_emails) for
any gift paid whose e-mail has not gone: the gift row is the outbox. Sending holds the gift's
row lock and marks it sent in the same transaction: two runs at once send one e-mail, and a
process that dies mid-send leaves the gift unsent, to be sent again (at least once: a second
thank-you is better than a lost receipt). A failed send changes nothing and fails the task
visibly in the log.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from giving.models import RECEIVED_STATUSES, OnlineGift
from sitewide.formatting import format_vnd

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from campaigns.models import CampaignPage

logger = logging.getLogger(__name__)

#: Gifts whose e-mail one sweep sends at most (the next sweep takes the rest).
SWEEP_LIMIT = 200


def absolute_url(campaign: CampaignPage, path: str) -> str:
    """An absolute URL on the campaign's site (e-mails are sent outside any request)."""
    site = campaign.get_site()
    root = site.root_url if site else ""
    return f"{root}{path}"


def awaiting_email() -> QuerySet[OnlineGift]:
    """Paid gifts with an address whose receipt (still counting) has not been e-mailed."""
    return OnlineGift.objects.filter(
        status__in=RECEIVED_STATUSES,
        receipt__isnull=False,
        receipt__reversal__isnull=True,
        receipt_email_sent_at__isnull=True,
    ).exclude(email="")


def _message(gift):
    with translation.override("vi"):
        context = {
            "gift": gift,
            "receipt": gift.receipt,
            "amount": format_vnd(gift.receipt.amount),
            "campaign": gift.campaign,
            "campaign_url": gift.campaign.get_full_url() or "",
            "status_url": absolute_url(
                gift.campaign, reverse("giving:gift_status", args=[gift.token])
            ),
        }
        subject = _("Receipt %(number)s: thank you for your gift") % {"number": gift.receipt.number}
        return subject, render_to_string("giving/email/receipt.txt", context)


def send_receipt_email(gift_id: int) -> bool:
    """Send the receipt e-mail of a paid gift once; returns True when one was sent now."""
    try:
        with transaction.atomic():
            gift = (
                awaiting_email()
                .select_for_update(of=("self",))
                .select_related("campaign", "receipt")
                .filter(pk=gift_id)
                .first()
            )
            if gift is None:
                return False
            subject, body = _message(gift)
            send_mail(subject, body, None, [gift.email])
            OnlineGift.objects.filter(pk=gift.pk).update(receipt_email_sent_at=timezone.now())
    except Exception:
        logger.exception("The receipt e-mail of online gift %s could not be sent", gift_id)
        raise
    return True


def send_pending_receipt_emails(limit: int = SWEEP_LIMIT) -> tuple[int, int]:
    """Send the e-mails a crash, a full queue or a mail server down left unsent; returns
    (sent, failed). Each gift is sent in its own transaction."""
    sent = failed = 0
    for gift_id in list(awaiting_email().order_by("pk").values_list("pk", flat=True)[:limit]):
        try:
            sent += send_receipt_email(gift_id)
        except Exception:  # noqa: BLE001 - logged by send_receipt_email; the next sweep retries
            failed += 1
    return sent, failed
