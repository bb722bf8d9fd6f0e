"""Creating a gift from the donate form, and sending a VNPay donor to the gateway."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations import codes
from donations.models import CampaignFund, Disclosure, Pledge
from donations.models.donors import normalise_phone
from donations.public.accounts import campaign_accounts
from giving import conf
from giving.models import GiftMethod, OnlineGift
from giving.payments import vnpay
from sitewide.text import nfc

if TYPE_CHECKING:
    from campaigns.models import CampaignPage
    from donations.models import BankAccount

CODE_ATTEMPTS = 8
CAMPAIGN_INFO_MAX = 60


def transfer_account(campaign: CampaignPage) -> BankAccount | None:
    """The account a transfer QR code points at: the campaign's first active one, in the order
    the campaign page lists them (bank name, account number)."""
    return campaign_accounts(campaign).first()


def accepts_gifts(campaign: CampaignPage, on: datetime.date | None = None) -> bool:
    """Online gifts only go to a live, running campaign whose money has a fund to go to:
    without a fund, a paid gift could not be recorded and would be stuck."""
    return campaign.live and campaign.is_running(on) and has_fund(campaign)


def has_fund(campaign: CampaignPage) -> bool:
    """Whether the campaign is linked to a fund; no query when the link was fetched with the
    page (the route cache selects it, CampaignPage.route_select_related)."""
    try:
        return campaign.ledger_fund is not None
    except CampaignFund.DoesNotExist:
        return False


def check_amount(amount: object) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError({"amount": _("The amount must be a whole number of đồng.")})
    low, high = conf.min_amount(), conf.max_amount()
    if not low <= amount <= high:
        from sitewide.formatting import format_vnd

        raise ValidationError(
            {
                "amount": _("Give between %(low)s and %(high)s.")
                % {"low": format_vnd(low), "high": format_vnd(high)}
            }
        )
    return amount


def _fresh_code():
    """A payment code no pledge uses either: reconciliation looks codes up in both tables."""
    for _attempt in range(CODE_ATTEMPTS):
        code = codes.new_code()
        if not Pledge.objects.filter(code=code).exists():
            return code
    raise RuntimeError("Could not draw a payment code.")


def txn_ref_for(method: str, code: str, now: datetime.datetime) -> str:
    """VNPay refuses a TxnRef seen before, even after our database is reset: code + local time.
    A transfer has no gateway reference of its own; its code is its reference."""
    if method == GiftMethod.TRANSFER:
        return code
    return f"{code}{timezone.localtime(now):%y%m%d%H%M%S}"


def create_gift(
    *,
    campaign: CampaignPage,
    method: str,
    amount: int,
    disclosure: str = Disclosure.ANONYMOUS,
    donor_name: str = "",
    consent: bool = False,
    phone: str = "",
    email: str = "",
    message: str = "",
    ip: str | None = None,
    now: datetime.datetime | None = None,
) -> OnlineGift:
    """A pending gift with a fresh payment code (and, for a transfer, the account to pay to).

    Codes are random: a clash with another gift is caught by the unique constraint and drawn
    again inside a savepoint, rather than checked first and raced.
    """
    check_amount(amount)
    if method not in GiftMethod.values:
        raise ValidationError({"method": _("Choose how you want to give.")})
    if disclosure not in Disclosure.values:
        raise ValidationError({"disclosure": _("Choose how your gift is shown in public.")})
    donor_name = nfc(donor_name).strip()
    if disclosure != Disclosure.ANONYMOUS:
        if not donor_name:
            raise ValidationError({"donor_name": _("Give the name to publish.")})
        if not consent:
            raise ValidationError({"consent": _("Publishing a name needs your consent.")})
    if not accepts_gifts(campaign):
        raise ValidationError(_("This campaign is not receiving online gifts now."))
    bank_account = None
    if method == GiftMethod.TRANSFER:
        bank_account = transfer_account(campaign)
        if bank_account is None:
            raise ValidationError(
                {"method": _("This campaign has no bank account for transfers yet.")}
            )
    now = now or timezone.now()
    for _attempt in range(CODE_ATTEMPTS):
        code = _fresh_code()
        try:
            with transaction.atomic():
                return OnlineGift.objects.create(
                    campaign=campaign,
                    method=method,
                    amount=amount,
                    disclosure=disclosure,
                    donor_name=donor_name,
                    consent=bool(consent) and disclosure != Disclosure.ANONYMOUS,
                    phone=normalise_phone(phone),
                    email=(email or "").strip(),
                    message=nfc(message).strip(),
                    payment_code=code,
                    txn_ref=txn_ref_for(method, code, now),
                    bank_account=bank_account,
                    ip_address=ip,
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not store the gift with a unique payment code.")


def order_info(gift: OnlineGift) -> str:
    """ASCII only (VNPay's rule): "Ung ho Ngay vi nguoi ngheo 2026 UH7K3Q9X"."""
    title = vnpay.sanitize_order_info(gift.campaign.title)[:CAMPAIGN_INFO_MAX].strip()
    return vnpay.sanitize_order_info(f"Ung ho {title} {gift.payment_code}")


def start_vnpay_payment(
    gift: OnlineGift, *, return_url: str, ip: str | None, now: datetime.datetime | None = None
) -> str:
    """The signed URL that sends the donor to VNPay. vnp_CreateDate is stored with the gift:
    querydr must send it back exactly (rebuilding it is a classic cause of "not found")."""
    request = vnpay.build_payment_url(
        gift.txn_ref, gift.amount, order_info(gift), return_url, ip or "127.0.0.1", now=now
    )
    gift.vnp_create_date = request.create_date
    gift.save(update_fields=["vnp_create_date", "updated_at"])
    from giving.tasks import schedule_settlement

    schedule_settlement(gift)
    return request.url
