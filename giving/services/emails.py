"""The receipt e-mail a donor gets when they left an address.

Sent by a task queued after the receipt committed (recording.schedule_receipt_email), so the
money is on record whatever the mail server does. The gift is *claimed* before sending (a
conditional UPDATE on receipt_email_sent_at), so a task that runs twice sends one e-mail; a
failed send releases the claim and the task fails visibly in the log.
"""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from giving.models import OnlineGift
from sitewide.formatting import format_vnd

logger = logging.getLogger(__name__)


def absolute_url(campaign, path):
    """An absolute URL on the campaign's site (e-mails are sent outside any request)."""
    site = campaign.get_site()
    root = site.root_url if site else ""
    return f"{root}{path}"


def send_receipt_email(gift_id):
    """Send the receipt e-mail of a paid gift once; returns True when one was sent now."""
    claimed = OnlineGift.objects.filter(
        pk=gift_id, receipt__isnull=False, receipt_email_sent_at__isnull=True
    ).exclude(email="")
    if not claimed.update(receipt_email_sent_at=timezone.now()):
        return False
    gift = OnlineGift.objects.select_related("campaign", "receipt").get(pk=gift_id)
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
        body = render_to_string("giving/email/receipt.txt", context)
    try:
        send_mail(subject, body, None, [gift.email])
    except Exception:
        OnlineGift.objects.filter(pk=gift_id).update(receipt_email_sent_at=None)
        logger.exception("The receipt e-mail of online gift %s could not be sent", gift_id)
        raise
    return True
