"""Recording receipts, reversing them, and changing how a gift is shown in public."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from donations.models import Channel, Disclosure, Fund, Receipt, Reversal
from donations.public import exports
from sitewide.caching import invalidation
from sitewide.formatting import format_date, format_vnd
from sitewide.text import fold

from . import audit
from .allocations import allocate_many, lock_pledges
from .checks import fund_for, past_moment, reason_given, whole_dong
from .holdings import lowest_balance_from
from .honour import add_to_honour, honour_keys, refresh_honour
from .numbering import take_next_number
from .totals import add_to_totals, local_day

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from campaigns.models import CampaignPage
    from donations.models import Donor, Fund, Pledge

CHANNEL_FIELDS = {
    Channel.CASH: ("receipt_book_number",),
    Channel.BANK: ("bank_account",),
    Channel.ONLINE: ("gateway", "gateway_reference"),
    Channel.IN_KIND: ("goods_description",),
}
DETAIL_FIELDS = (
    "receipt_book_number",
    "bank_account",
    "bank_reference",
    "gateway",
    "gateway_reference",
    "goods_description",
    "goods_quantity",
    "goods_unit",
    "payer_name",
    "memo",
    "note",
)


def _check_details(channel, fund, details):
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the money arrived.")})
    missing_messages = {
        "receipt_book_number": _("Give the number in the receipt book for cash."),
        "bank_account": _("Choose the bank account the transfer arrived in."),
        "gateway": _("Give the payment gateway."),
        "gateway_reference": _("Give the gateway's transaction reference."),
        "goods_description": _("Describe the goods received."),
    }
    for field in CHANNEL_FIELDS[channel]:
        value = details.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValidationError({field: missing_messages[field]})
    account = details.get("bank_account")
    if account is not None and account.fund_id not in (None, fund.pk):
        raise ValidationError({"bank_account": _("This bank account belongs to another fund.")})


def public_name_for(donor: Donor | None, disclosure: str) -> str:
    if donor is None:
        return ""
    return donor.public_name(disclosure)


def record_receipt(
    *,
    channel: str,
    amount: int,
    received_at: datetime.datetime,
    user: AbstractBaseUser | None = None,
    fund: Fund | None = None,
    campaign: CampaignPage | None = None,
    donor: Donor | None = None,
    disclosure: str | None = None,
    corrects: Receipt | None = None,
    allocate_to: Sequence[tuple[Pledge, int | None]] = (),
    **details: Any,
) -> Receipt:
    """Record money or goods that arrived, numbered BN-<year>-<n> in its fund.

    ``allocate_to`` is a list of (pledge, amount) paid by this receipt, written in the same
    transaction (a bank line matched to pledges becomes receipt and allocations at once).
    ``corrects`` points at a reversed receipt that this one records again correctly.
    """
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown receipt fields: {sorted(unknown)}")
    whole_dong(amount)
    past_moment(received_at)
    fund = fund_for(fund, campaign)
    _check_details(channel, fund, details)
    if disclosure is None:
        disclosure = donor.public_display if donor is not None else Disclosure.ANONYMOUS
    if disclosure not in Disclosure.values:
        raise ValidationError({"disclosure": _("Choose how the gift is shown in public.")})
    if corrects is not None and not Reversal.objects.filter(receipt=corrects).exists():
        raise ValidationError(
            {"corrects": _("Only a reversed receipt can be recorded again as a correction.")}
        )
    cleaned = {
        key: (value.strip() if isinstance(value, str) else value) for key, value in details.items()
    }
    public_name = public_name_for(donor, disclosure)

    with transaction.atomic():
        year = local_day(received_at).year
        sequence, number = take_next_number(fund, year)
        receipt = Receipt.objects.create(
            fund=fund,
            campaign=campaign,
            number=number,
            year=year,
            sequence=sequence,
            channel=channel,
            amount=amount,
            received_at=received_at,
            donor=donor,
            donor_kind=donor.kind if donor is not None else "",
            area_id=donor.area_id if donor is not None else None,
            disclosure=disclosure,
            public_name=public_name,
            public_name_folded=fold(public_name),
            corrects=corrects,
            recorded_by=user,
            **cleaned,
        )
        add_to_totals(receipt, +1)
        add_to_honour([receipt])
        audit.log_entry(
            receipt,
            audit.RECORD_RECEIPT,
            user=user,
            amount=amount,
            detail=Channel(channel).label,
        )
        if allocate_to:
            allocate_many(receipt, allocate_to, user=user)
    return receipt


def reverse_receipt(
    receipt: Receipt, *, reason: str, user: AbstractBaseUser | None = None
) -> Receipt:
    """Undo a receipt: it stays on record, marked reversed, and stops counting.

    Its live allocations are reversed with it, so no pledge stays paid by money that no longer
    counts. Rows are locked receipt first, then pledges by id: the order allocate() uses too,
    so the two cannot deadlock; then the fund, whose money from the receipt's day on must
    still cover it once it is gone (refused when the fund has spent it already).
    """
    reason = reason_given(reason)
    with transaction.atomic():
        locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
        if Reversal.objects.filter(receipt=locked).exists():
            raise ValidationError(_("This receipt is already reversed."))
        live = list(locked.allocations.filter(reversal__isnull=True).order_by("pledge_id", "id"))
        pledges = lock_pledges({allocation.pledge_id for allocation in live})
        for allocation in live:
            Reversal.objects.create(allocation=allocation, reason=reason, created_by=user)
            pledge = pledges[allocation.pledge_id]
            for target in (pledge, locked):
                audit.log_entry(
                    target,
                    audit.REVERSE_ALLOCATION,
                    user=user,
                    amount=allocation.amount,
                    reason=reason,
                    detail=f"{locked.number} → {pledge.code}",
                )
        if locked.channel != Channel.IN_KIND:
            # Money already spent cannot be un-received: the fund's balance from the
            # receipt's day on must still cover it (the fund's lock, as vouchers take it).
            fund = Fund.objects.select_for_update(no_key=True).get(pk=locked.fund_id)
            day = local_day(locked.received_at)
            available = lowest_balance_from(fund.pk, day)
            if locked.amount > available:
                raise ValidationError(
                    _(
                        "%(fund)s has spent this money already: from %(day)s on it holds "
                        "%(available)s, less than the receipt's %(amount)s. Reverse the "
                        "payments made with it first."
                    )
                    % {
                        "fund": fund,
                        "day": format_date(day),
                        "available": format_vnd(max(available, 0)),
                        "amount": format_vnd(locked.amount),
                    }
                )
        Reversal.objects.create(receipt=locked, reason=reason, created_by=user)
        add_to_totals(locked, -1)
        refresh_honour(honour_keys([locked]))
        audit.log_entry(
            locked, audit.REVERSE_RECEIPT, user=user, amount=locked.amount, reason=reason
        )
    return locked


def change_donor_disclosure(
    donor: Donor, disclosure: str, *, user: AbstractBaseUser | None = None, reason: str = ""
) -> Donor:
    """The donor's choice for every gift they made, past and future (reversed ones too: they
    stay listed on the public statement). Used when a donor withdraws or gives consent."""
    if disclosure not in Disclosure.values:
        raise ValidationError({"disclosure": _("Choose how the gift is shown in public.")})
    reason = (reason or "").strip()
    with transaction.atomic():
        # FOR NO KEY UPDATE: two changes of the donor still wait for each other, but a gift
        # of theirs being recorded meanwhile does not (its foreign-key check at COMMIT takes
        # a key share, which FOR UPDATE would block while this waits for the gift's rows).
        locked = type(donor).objects.select_for_update(no_key=True).get(pk=donor.pk)
        locked.public_display = disclosure
        locked.save(update_fields=["public_display"])
        receipts = list(Receipt.objects.select_for_update().filter(donor=locked).order_by("pk"))
        named_before = honour_keys(receipts)
        for receipt in receipts:
            _apply_disclosure(receipt, locked, disclosure, user, reason)
        refresh_honour(named_before | honour_keys(receipts))
        audit.log_entry(
            locked,
            audit.CHANGE_DISCLOSURE,
            user=user,
            reason=reason,
            detail=Disclosure(disclosure).label,
        )
        _public_names_changed({receipt.campaign_id for receipt in receipts})
    return locked


def _public_names_changed(campaign_ids):
    """A name given or withdrawn shows, or is gone, everywhere at once: every cached page and
    fragment is stale (the generation, not only the money version, whose rule keeps a copy a
    few seconds; the honour roll's rows are keyed by it too), and the campaigns' stored
    statement CSVs are never served again."""
    invalidation.site_changed()
    exports.forget_copies(campaign_ids)


def _apply_disclosure(receipt, donor, disclosure, user, reason):
    before = receipt.get_disclosure_display()
    receipt.disclosure = disclosure
    receipt.public_name = public_name_for(donor, disclosure)
    receipt.public_name_folded = fold(receipt.public_name)
    receipt.save(update_fields=["disclosure", "public_name", "public_name_folded"])
    audit.log_entry(
        receipt,
        audit.CHANGE_DISCLOSURE,
        user=user,
        reason=reason,
        detail=f"{before} → {receipt.get_disclosure_display()}",
    )


def change_disclosure(
    receipt: Receipt, disclosure: str, *, user: AbstractBaseUser | None = None, reason: str = ""
) -> Receipt:
    """The donor gives or withdraws consent to be named (personal-data law): only the public
    display of the gift changes, never its money, and the change is logged.

    A reversed receipt is closed to it: it stays listed on the public statement as the donor's
    choice for all their gifts has it (change_donor_disclosure, on the donor's page)."""
    if disclosure not in Disclosure.values:
        raise ValidationError({"disclosure": _("Choose how the gift is shown in public.")})
    with transaction.atomic():
        locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
        if Reversal.objects.filter(receipt=locked).exists():
            raise ValidationError(
                _(
                    "Receipt %(number)s is reversed: how it is shown follows the donor's "
                    "choice for all their gifts, changed on the donor's page."
                )
                % {"number": locked.number}
            )
        named_before = honour_keys([locked])
        _apply_disclosure(locked, locked.donor, disclosure, user, (reason or "").strip())
        refresh_honour(named_before | honour_keys([locked]))
        _public_names_changed({locked.campaign_id})
    return locked
