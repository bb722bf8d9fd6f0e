"""Money out: payment vouchers under an authority, transfers between funds, their reversals and
the handover record.

Every function checks its input first (a clear Vietnamese message, nothing written), then in one
transaction locks the fund (SELECT … FOR UPDATE on donations_fund: every writer that takes
money away from a fund takes that lock first, funds in id order when there are two), checks the
balance, numbers, writes, updates the day buckets and logs. The lock order is fund → the
authority's rows (the resolver's own lock) → counters → buckets; reverse_receipt locks the
receipt, its pledges, then the fund, and nothing locks a receipt after a fund.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations.models import CampaignFund, Fund, FundTransfer, Reversal, SupportType, Voucher
from donations.spending import resolve_authority
from sitewide.formatting import format_date, format_vnd

from . import audit
from .checks import reason_given, whole_dong
from .holdings import add_transfer_to_totals, add_voucher_to_totals, goods_stock, require_money
from .numbering import TRANSFER_IN_PREFIX, VOUCHER_PREFIX, take_next_number

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.core.files import File

    from campaigns.models import CampaignPage
    from donations.spending import Authority

HANDOVER_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".webp")
HANDOVER_MAX_BYTES = 10 * 1024 * 1024


def past_day(day: object, field: str) -> datetime.date:
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        raise ValidationError({field: _("Give the date (dd/mm/yyyy).")})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    return day


def _lock_funds(*funds: Fund) -> dict[int, Fund]:
    ids = sorted({fund.pk for fund in funds})
    locked = {
        fund.pk: fund for fund in Fund.objects.select_for_update(no_key=True).filter(pk__in=ids)
    }
    return locked


def _check_authority(authority: Authority | None, amount: int, user) -> Authority:
    if authority is None:
        raise ValidationError(_("The decision this voucher pays under cannot be found."))
    if not authority.approved:
        raise ValidationError(_("The decision is not approved: nothing can be paid under it."))
    if authority.refusal:
        raise ValidationError(authority.refusal)
    if user is not None and authority.approver_id is not None and authority.approver_id == user.pk:
        raise ValidationError(
            _("You approved this decision: someone else records the payment under it.")
        )
    paid = sum(
        Voucher.objects.live().filter(authority_key=authority.key).values_list("amount", flat=True)
    )
    if paid + amount > authority.ceiling:
        raise ValidationError(
            {
                "amount": _(
                    "The decision allows %(ceiling)s; %(paid)s is paid already, so at most "
                    "%(left)s remains."
                )
                % {
                    "ceiling": format_vnd(authority.ceiling),
                    "paid": format_vnd(paid),
                    "left": format_vnd(max(authority.ceiling - paid, 0)),
                }
            }
        )
    return authority


def _check_goods(method, goods_item, goods_quantity, goods_unit):
    if method not in Voucher.Method.values:
        raise ValidationError({"method": _("Choose how the support is paid.")})
    if method != Voucher.Method.GOODS:
        return "", None, ""
    goods_item = (goods_item or "").strip()
    if not goods_item:
        raise ValidationError({"goods_item": _("Name the goods given.")})
    whole = isinstance(goods_quantity, int) and not isinstance(goods_quantity, bool)
    if not whole or goods_quantity <= 0:
        raise ValidationError({"goods_quantity": _("Give the quantity of goods, more than 0.")})
    return goods_item, goods_quantity, (goods_unit or "").strip()


def record_voucher(
    *,
    authority_key: str,
    amount: int,
    paid_on: datetime.date,
    method: str,
    user: AbstractBaseUser | None,
    content: str = "",
    place: str = "",
    goods_item: str = "",
    goods_quantity: int | None = None,
    goods_unit: str = "",
    recipient_name: str | None = None,
) -> Voucher:
    """Pay support under an approved authority: a voucher PC-<year>-<n> in the authority's fund.

    Refused (ValidationError, nothing written) when the amount is not whole đồng above 0, the
    day is in the future, the authority is unknown or not approved, the live vouchers under it
    would exceed its ceiling, the user approved it, or the fund (for goods: the item's stock)
    does not hold enough from that day on.
    """
    whole_dong(amount)
    past_day(paid_on, "paid_on")
    goods_item, goods_quantity, goods_unit = _check_goods(
        method, goods_item, goods_quantity, goods_unit
    )
    authority = _check_authority(resolve_authority(authority_key), amount, user)

    with transaction.atomic():
        fund = Fund.objects.select_for_update(no_key=True).filter(pk=authority.fund_id).first()
        if fund is None:
            raise ValidationError(_("The decision's fund cannot be found."))
        # Again under the locks: the decision may have changed since it was first read.
        authority = _check_authority(resolve_authority(authority_key, lock=True), amount, user)
        if authority.fund_id != fund.pk:
            raise ValidationError(_("The decision changed fund while the voucher was written."))
        if method == Voucher.Method.GOODS:
            stock = goods_stock(fund.pk, goods_item, until=paid_on)
            if goods_quantity > stock:
                raise ValidationError(
                    {
                        "goods_quantity": _(
                            "%(fund)s holds %(stock)s %(unit)s of “%(item)s”: it cannot give "
                            "%(quantity)s."
                        )
                        % {
                            "fund": fund,
                            "stock": max(stock, 0),
                            "unit": goods_unit,
                            "item": goods_item,
                            "quantity": goods_quantity,
                        }
                    }
                )
        else:
            require_money(fund, amount, paid_on)
        sequence, number = take_next_number(fund, paid_on.year, VOUCHER_PREFIX)
        voucher = Voucher.objects.create(
            fund=fund,
            number=number,
            year=paid_on.year,
            sequence=sequence,
            kind=Voucher.Kind.SUPPORT,
            method=method,
            amount=amount,
            paid_on=paid_on,
            authority_key=authority.key,
            authority_label=authority.label,
            recipient_name=(recipient_name or authority.recipient_name).strip(),
            content=(content or "").strip(),
            place=(place or "").strip(),
            support_type=authority.support_type
            if authority.support_type in SupportType.values
            else SupportType.OTHER,
            area_id=authority.area_id,
            campaign_id=authority.campaign_id,
            goods_item=goods_item,
            goods_quantity=goods_quantity,
            goods_unit=goods_unit,
            prepared_by=user,
            approved_by_id=authority.approver_id,
        )
        add_voucher_to_totals(voucher, +1)
        audit.log_entry(
            voucher,
            audit.RECORD_VOUCHER,
            user=user,
            amount=amount,
            detail=f"{voucher.recipient_name} · {authority.label}",
        )
    return voucher


def reverse_voucher(voucher: Voucher, *, reason: str, user: AbstractBaseUser | None) -> Voucher:
    """Undo a support voucher: it stays on record, marked reversed, and stops counting (its
    money is back in the fund, its amount back under the decision's ceiling)."""
    reason = reason_given(reason)
    if voucher.kind != Voucher.Kind.SUPPORT:
        raise ValidationError(
            _("This voucher is the out-side of a transfer: reverse the transfer instead.")
        )
    with transaction.atomic():
        _lock_funds(voucher.fund)
        locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if Reversal.objects.filter(voucher=locked).exists():
            raise ValidationError(_("This voucher is already reversed."))
        Reversal.objects.create(voucher=locked, reason=reason, created_by=user)
        add_voucher_to_totals(locked, -1)
        audit.log_entry(
            locked, audit.REVERSE_VOUCHER, user=user, amount=locked.amount, reason=reason
        )
    return locked


def attach_handover(
    voucher: Voucher,
    *,
    file: File,
    received_by: str,
    handed_over_on: datetime.date,
    place: str,
    user: AbstractBaseUser | None,
) -> Voucher:
    """The handover record (biên bản bàn giao): who received, when, where, and its scan or
    photo (kept in private storage). Attached once, to a voucher that is not reversed."""
    received_by = (received_by or "").strip()
    if not received_by:
        raise ValidationError({"received_by": _("Give the name of who received the support.")})
    past_day(handed_over_on, "handed_over_on")
    if handed_over_on < voucher.paid_on:
        raise ValidationError(
            {"handed_over_on": _("The handover cannot come before the voucher's date.")}
        )
    name = getattr(file, "name", "") or ""
    if not file or os.path.splitext(name)[1].lower() not in HANDOVER_EXTENSIONS:
        raise ValidationError(
            {"file": _("Attach the signed record as a PDF or a photo (JPG, PNG, WebP).")}
        )
    if (getattr(file, "size", 0) or 0) > HANDOVER_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    with transaction.atomic():
        locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if Reversal.objects.filter(voucher=locked).exists():
            raise ValidationError(_("This voucher is reversed: nothing is handed over under it."))
        if locked.has_handover:
            raise ValidationError(_("This voucher's handover record is attached already."))
        locked.handover_received_by = received_by
        locked.handed_over_on = handed_over_on
        locked.handover_place = (place or "").strip()
        locked.handover_recorded_by = user
        locked.handover_recorded_at = timezone.now()
        locked.handover_file.save(os.path.basename(name), file, save=False)
        locked.save(update_fields=sorted(Voucher.mutable_fields))
        audit.log_entry(
            locked,
            audit.ATTACH_HANDOVER,
            user=user,
            detail=f"{received_by}, {format_date(handed_over_on)}",
        )
    return locked


def _check_transfer(amount, day, field):
    whole_dong(amount)
    return past_day(day, field)


def _check_transfer_campaign(campaign, from_fund):
    """A transfer carries a campaign's money only out of the fund the campaign collects into."""
    if campaign is None:
        return None
    fund_id = (
        CampaignFund.objects.filter(campaign=campaign).values_list("fund_id", flat=True).first()
    )
    if fund_id != from_fund.pk:
        raise ValidationError(
            {
                "campaign": _(
                    "%(campaign)s does not collect into %(fund)s: its money cannot leave it."
                )
                % {"campaign": campaign.title, "fund": from_fund}
            }
        )
    return campaign


def _write_in_record(*, to_fund, amount, day, user, reference, content, **source) -> FundTransfer:
    sequence, number = take_next_number(to_fund, day.year, TRANSFER_IN_PREFIX)
    return FundTransfer.objects.create(
        to_fund=to_fund,
        amount=amount,
        transferred_on=day,
        reference=(reference or "").strip(),
        content=(content or "").strip(),
        number=number,
        year=day.year,
        sequence=sequence,
        recorded_by=user,
        **source,
    )


def transfer_between_funds(
    *,
    from_fund: Fund,
    to_fund: Fund,
    amount: int,
    transferred_on: datetime.date,
    user: AbstractBaseUser | None,
    reference: str = "",
    content: str = "",
    campaign: CampaignPage | None = None,
) -> FundTransfer:
    """Money from one fund to another (the province to a commune): an out-voucher PC-… in
    ``from_fund`` and an in-record PT-… in ``to_fund``, in one transaction. Not spending: a
    roll-up over both funds counts it nowhere.

    With ``campaign`` (one collecting into ``from_fund``), the campaign's money: both sides
    carry it, so the campaign's disclosure lists the transfer among transfers to lower funds,
    and what the receiving fund pays under the campaign counts as the campaign's support."""
    _check_transfer(amount, transferred_on, "transferred_on")
    if from_fund is None or to_fund is None or from_fund.pk == to_fund.pk:
        raise ValidationError({"to_fund": _("Choose two different funds.")})
    if not to_fund.is_active:
        raise ValidationError({"to_fund": _("%(fund)s is not in use.") % {"fund": to_fund}})
    campaign = _check_transfer_campaign(campaign, from_fund)
    content = (content or "").strip() or _("Transfer to %(fund)s") % {"fund": to_fund}
    with transaction.atomic():
        funds = _lock_funds(from_fund, to_fund)
        giver, receiver = funds[from_fund.pk], funds[to_fund.pk]
        require_money(giver, amount, transferred_on)
        sequence, number = take_next_number(giver, transferred_on.year, VOUCHER_PREFIX)
        voucher = Voucher.objects.create(
            fund=giver,
            number=number,
            year=transferred_on.year,
            sequence=sequence,
            kind=Voucher.Kind.TRANSFER_OUT,
            method=Voucher.Method.BANK,
            amount=amount,
            paid_on=transferred_on,
            recipient_name=receiver.name,
            content=content,
            campaign=campaign,
            prepared_by=user,
        )
        transfer = _write_in_record(
            to_fund=receiver,
            amount=amount,
            day=transferred_on,
            user=user,
            reference=reference,
            content=content,
            from_fund=giver,
            out_voucher=voucher,
            campaign=campaign,
        )
        add_transfer_to_totals(transfer, +1)
        detail = f"{voucher.number} {giver} → {transfer.number} {receiver}"
        for record in (voucher, transfer):
            audit.log_entry(record, audit.RECORD_TRANSFER, user=user, amount=amount, detail=detail)
    return transfer


def record_transfer_from_above(
    *,
    to_fund: Fund,
    source_name: str,
    amount: int,
    received_on: datetime.date,
    user: AbstractBaseUser | None,
    reference: str = "",
) -> FundTransfer:
    """Money a fund receives from a fund this ledger does not keep (the central fund): an
    in-record PT-… in ``to_fund``."""
    _check_transfer(amount, received_on, "received_on")
    source_name = (source_name or "").strip()
    if not source_name:
        raise ValidationError({"source_name": _("Name where the money comes from.")})
    with transaction.atomic():
        receiver = _lock_funds(to_fund)[to_fund.pk]
        transfer = _write_in_record(
            to_fund=receiver,
            amount=amount,
            day=received_on,
            user=user,
            reference=reference,
            content=_("Received from %(source)s") % {"source": source_name},
            source_name=source_name,
        )
        add_transfer_to_totals(transfer, +1)
        audit.log_entry(
            transfer,
            audit.RECORD_TRANSFER,
            user=user,
            amount=amount,
            detail=f"{source_name} → {transfer.number} {receiver}",
        )
    return transfer


def reverse_transfer(
    transfer: FundTransfer, *, reason: str, user: AbstractBaseUser | None
) -> FundTransfer:
    """Undo a transfer: its in-record and its out-voucher are both reversed, the money is back
    where it came from. Refused when the receiving fund has spent it already."""
    reason = reason_given(reason)
    with transaction.atomic():
        funds = [transfer.to_fund] + ([transfer.from_fund] if transfer.from_fund_id else [])
        locked_funds = _lock_funds(*funds)
        locked = FundTransfer.objects.select_for_update().get(pk=transfer.pk)
        if Reversal.objects.filter(transfer=locked).exists():
            raise ValidationError(_("This transfer is already reversed."))
        require_money(locked_funds[locked.to_fund_id], locked.amount, locked.transferred_on)
        Reversal.objects.create(transfer=locked, reason=reason, created_by=user)
        if locked.out_voucher_id:
            Reversal.objects.create(voucher=locked.out_voucher, reason=reason, created_by=user)
        add_transfer_to_totals(locked, -1)
        for record in (locked.out_voucher, locked):
            if record is not None:
                audit.log_entry(
                    record, audit.REVERSE_TRANSFER, user=user, amount=locked.amount, reason=reason
                )
    return locked
