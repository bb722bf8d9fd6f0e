"""Where earmarked money went: "a business adopts a commune".

A pledge may be earmarked for a commune (and a support type). The money that pays it is received
by a fund (usually the province's) and reaches the commune when that fund transfers money to
the commune's fund (``transfer_between_funds``). Money is fungible, so the ledger does not keep
earmarked sub-accounts; it follows the earmark with one rule, computed on reading (nothing
stored, nothing to keep in step):

- **First in, first out.** The live transfers into the commune's funds from another fund, in date
  order, carry the earmarked money received for that commune (live allocations of earmarked
  pledges, live receipts), oldest first; a transfer carries only money received on or before its
  date. Money received straight into the commune's own fund is there already. A transfer from
  above (the central Fund) carries nothing earmarked here.
- **What it built.** Once any of a pledge's money has reached the commune's fund (or was received
  by it), the support paid there afterwards (live vouchers of that fund for households of that
  commune, and of the support type if the earmark names one) is "hỗ trợ tại xã X từ quỹ nhận
  khoản này"; so is support in that commune paid by the receiving fund itself after the money
  arrived. It is never said to be paid with these very đồng.

House stages are the support app's: it registers a lookup (``register_stage_lookup``) from its
AppConfig.ready(), as it registers its authorities (donations.spending).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable

from django.db.models import Q
from django.utils import timezone

_stage_lookups: list[Callable[[Iterable[str]], dict]] = []


def register_stage_lookup(lookup):
    """``lookup(authority_keys)`` → {key: (stage label, date or None)} for the keys it knows."""
    if lookup not in _stage_lookups:
        _stage_lookups.append(lookup)


def stages_for(keys):
    keys = [key for key in keys if key]
    found = {}
    for lookup in _stage_lookups:
        found.update(lookup(keys))
    return found


@dataclasses.dataclass
class Carried:
    allocation_id: int
    pledge_id: int
    pledge_code: str
    receipt_id: int
    receipt_number: str
    received_on: datetime.date
    amount: int
    arrived: int = 0  # of amount, how much has reached the commune's fund
    arrived_on: datetime.date | None = None  # when the first part of it did
    transfers: list = dataclasses.field(default_factory=list)  # [(transfer, amount)]

    @property
    def waiting(self):
        return self.amount - self.arrived


@dataclasses.dataclass
class CommuneEarmarks:
    area: object
    carried: list  # [Carried], oldest first
    received: int = 0  # earmarked, received by funds other than the commune's own
    arrived: int = 0  # of which transferred to the commune's funds

    @property
    def waiting(self):
        return self.received - self.arrived


def _local_date(moment):
    return timezone.localtime(moment).date()


def commune_funds(area):
    from donations.models import Fund

    return Fund.objects.filter(area=area)


def follow(area):
    """CommuneEarmarks for one commune: each earmarked allocation and what carried it there."""
    from donations.models import Allocation, FundTransfer

    local_funds = set(commune_funds(area).values_list("pk", flat=True))
    allocations = (
        Allocation.objects.filter(
            pledge__earmark_area=area, reversal__isnull=True, receipt__reversal__isnull=True
        )
        .select_related("receipt", "pledge")
        .order_by("receipt__received_at", "receipt_id", "pk")
    )
    result = CommuneEarmarks(area=area, carried=[])
    queue = []
    for allocation in allocations:
        receipt = allocation.receipt
        item = Carried(
            allocation_id=allocation.pk,
            pledge_id=allocation.pledge_id,
            pledge_code=allocation.pledge.code,
            receipt_id=receipt.pk,
            receipt_number=receipt.number,
            received_on=_local_date(receipt.received_at),
            amount=allocation.amount,
        )
        result.carried.append(item)
        if receipt.fund_id in local_funds:
            item.arrived, item.arrived_on = item.amount, item.received_on
        else:
            result.received += item.amount
            queue.append(item)
    transfers = (
        FundTransfer.objects.live()
        .filter(to_fund_id__in=local_funds, from_fund__isnull=False)
        .exclude(from_fund_id__in=local_funds)
        .order_by("transferred_on", "pk")
    )
    for transfer in transfers:
        room = transfer.amount
        for item in queue:
            if room == 0 or item.received_on > transfer.transferred_on:
                break
            take = min(room, item.waiting)
            if take == 0:
                continue
            item.arrived += take
            item.arrived_on = item.arrived_on or transfer.transferred_on
            item.transfers.append((transfer, take))
            room -= take
            result.arrived += take
    return result


def waiting_by_commune(funds=None):
    """[CommuneEarmarks] of every commune with earmarked money not yet transferred to it,
    received by one of ``funds`` (all funds when None), largest waiting first."""
    from donations.models import Allocation
    from sitewide.models import Area

    allocations = Allocation.objects.filter(
        pledge__earmark_area__isnull=False, reversal__isnull=True, receipt__reversal__isnull=True
    )
    if funds is not None:
        allocations = allocations.filter(receipt__fund__in=funds)
    area_ids = set(allocations.values_list("pledge__earmark_area", flat=True))
    rows = [follow(area) for area in Area.objects.filter(pk__in=area_ids).order_by("name")]
    return sorted((row for row in rows if row.waiting > 0), key=lambda row: -row.waiting)


def carried_by(transfer):
    """[(Carried, amount)] the transfer carries, by the first-in-first-out rule."""
    area = transfer.to_fund.area
    if area is None:
        return []
    return [
        (item, amount)
        for item in follow(area).carried
        for carrier, amount in item.transfers
        if carrier.pk == transfer.pk
    ]


@dataclasses.dataclass
class Outcome:
    """What a pledge's money has reached and what was paid there since."""

    pledge: object
    area: object
    received: int
    arrived: int
    arrived_on: datetime.date | None
    vouchers: list  # [Voucher] with .stage_label, .stage_on set where the support app knows
    spent: int


def outcome(pledge):
    """Outcome for an earmarked pledge (None for one without an earmark)."""
    from donations.models import Voucher

    area = pledge.earmark_area
    if area is None:
        return None
    mine = [item for item in follow(area).carried if item.pledge_id == pledge.pk]
    received = sum(item.amount for item in mine)
    arrived = sum(item.arrived for item in mine)
    arrival_dates = [item.arrived_on for item in mine if item.arrived_on]
    arrived_on = min(arrival_dates) if arrival_dates else None
    first_received = min((item.received_on for item in mine), default=None)
    conditions = Q(pk__in=[])
    if arrived_on is not None:
        conditions |= Q(fund__in=commune_funds(area), paid_on__gte=arrived_on)
    if first_received is not None:
        conditions |= Q(fund_id=pledge.fund_id, paid_on__gte=first_received)
    vouchers = Voucher.objects.live().filter(conditions, area=area)
    if pledge.earmark_support_type:
        vouchers = vouchers.filter(support_type=pledge.earmark_support_type)
    vouchers = list(vouchers.select_related("fund").order_by("paid_on", "pk"))
    stages = stages_for(voucher.authority_key for voucher in vouchers)
    for voucher in vouchers:
        voucher.stage_label, voucher.stage_on = stages.get(voucher.authority_key, ("", None))
    return Outcome(
        pledge=pledge,
        area=area,
        received=received,
        arrived=arrived,
        arrived_on=arrived_on,
        vouchers=vouchers,
        spent=sum(voucher.amount for voucher in vouchers),
    )


def outcomes_by_pledge(pledges):
    """{pledge id: Outcome} for the earmarked ones among ``pledges``."""
    return {pledge.pk: outcome(pledge) for pledge in pledges if pledge.earmark_area_id}
