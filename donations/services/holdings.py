"""What a fund holds, read from the day buckets, and the buckets of money out.

Money a fund holds = money received (LedgerTotal, every channel but goods in kind) + transfers
in − money spent − transfers out (SpendingTotal). FundDayTotal keeps the same four sums per
fund and day, updated with both, so a balance reads one row per day rather than every bucket
of the day. Goods received in kind are a stock of their own, counted by item (the receipt's
goods description) in units, never mixed with money.

The services check a voucher, a transfer or a reversal against ``lowest_balance_from``: the
lowest end-of-day balance from its day on, so a voucher dated last month cannot spend money
that a later voucher already spent. They call it holding the fund's row lock
(SELECT … FOR UPDATE on donations_fund), which every writer that takes money away takes first:
two vouchers at once are checked one after the other.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _

from donations.models import (
    Channel,
    Flow,
    FundDayTotal,
    FundTransfer,
    Receipt,
    Reversal,
    SpendingTotal,
    Voucher,
)
from sitewide.formatting import format_date, format_vnd

from .totals import FUND_DAY_SUMS, add_to_fund_days, upsert_buckets

if TYPE_CHECKING:
    from donations.models import Fund

#: A SpendingTotal bucket's key, in the order of its unique index.
SPENDING_KEY = ("fund_id", "day", "flow", "support_type", "area_id", "campaign_id", "other_fund_id")
SPENDING_NULLABLE = frozenset({"area_id", "campaign_id", "other_fund_id"})
#: The sign of each flow in a fund's money.
MONEY_SIGN = {Flow.SPENT: -1, Flow.TRANSFER_OUT: -1, Flow.TRANSFER_IN: +1, Flow.GOODS_OUT: 0}
#: Where each flow of money goes in a FundDayTotal row (an index into FUND_DAY_SUMS).
FUND_DAY_COLUMN = {
    Flow.SPENT: FUND_DAY_SUMS.index("spent"),
    Flow.TRANSFER_IN: FUND_DAY_SUMS.index("transferred_in"),
    Flow.TRANSFER_OUT: FUND_DAY_SUMS.index("transferred_out"),
}
#: A fund's money on a day, from a FundDayTotal row.
NET = F("received") + F("transferred_in") - F("spent") - F("transferred_out")


def add_to_spending(buckets) -> None:
    """Add {SPENDING_KEY tuple: (amount, count)} to SpendingTotal, and the money among them to
    FundDayTotal, in the caller's transaction."""
    upsert_buckets(SpendingTotal, SPENDING_KEY, SPENDING_NULLABLE, ("amount", "count"), buckets)
    days = defaultdict(lambda: [0, 0, 0, 0])
    for (fund_id, day, flow, *_rest), (amount, _count) in buckets.items():
        if flow in FUND_DAY_COLUMN:
            days[fund_id, day][FUND_DAY_COLUMN[flow]] += amount
    add_to_fund_days({key: tuple(sums) for key, sums in days.items()})


def voucher_flow(voucher: Voucher) -> str:
    if voucher.kind == Voucher.Kind.TRANSFER_OUT:
        return Flow.TRANSFER_OUT
    return Flow.GOODS_OUT if voucher.method == Voucher.Method.GOODS else Flow.SPENT


def voucher_key(voucher: Voucher, other_fund_id: int | None = None) -> tuple:
    return (
        voucher.fund_id,
        voucher.paid_on,
        voucher_flow(voucher),
        voucher.support_type or "",
        voucher.area_id,
        voucher.campaign_id,
        other_fund_id,
    )


def transfer_in_key(transfer: FundTransfer) -> tuple:
    """The in-side's bucket: the campaign whose money it is, as on its out-voucher's."""
    return (
        transfer.to_fund_id,
        transfer.transferred_on,
        Flow.TRANSFER_IN,
        "",
        None,
        transfer.campaign_id,
        transfer.from_fund_id,
    )


def add_voucher_to_totals(voucher: Voucher, sign: int, other_fund_id: int | None = None) -> None:
    add_to_spending({voucher_key(voucher, other_fund_id): (sign * voucher.amount, sign)})


def add_transfer_to_totals(transfer: FundTransfer, sign: int) -> None:
    """The transfer's in-side and, between two funds, its out-voucher: one statement."""
    buckets = {transfer_in_key(transfer): (sign * transfer.amount, sign)}
    if transfer.out_voucher_id:
        key = voucher_key(transfer.out_voucher, transfer.to_fund_id)
        buckets[key] = (sign * transfer.amount, sign)
    add_to_spending(buckets)


def money_before(fund_ids, day: datetime.date | None) -> int:
    """Money held at the start of ``day`` (None: now, everything), from FundDayTotal."""
    rows = FundDayTotal.objects.filter(fund_id__in=fund_ids)
    if day is not None:
        rows = rows.filter(day__lt=day)
    return rows.aggregate(total=Coalesce(Sum(NET), 0))["total"]


def money_by_day(fund_ids, since: datetime.date | None = None) -> dict[datetime.date, int]:
    """{day: net money in − out} for each day with a movement, from ``since`` on."""
    rows = FundDayTotal.objects.filter(fund_id__in=fund_ids)
    if since is not None:
        rows = rows.filter(day__gte=since)
    return {
        row["day"]: row["total"] for row in rows.values("day").annotate(total=Sum(NET)).order_by()
    }


def lowest_balance_from(fund_id: int, day: datetime.date) -> int:
    """The lowest end-of-day money balance of the fund on ``day`` and every day after it: the
    most that may leave the fund on ``day`` without any day's balance going negative."""
    balance = money_before([fund_id], day)
    net = money_by_day([fund_id], since=day)
    lowest = None if day in net else balance
    for one_day in sorted(net):
        balance += net[one_day]
        lowest = balance if lowest is None else min(lowest, balance)
    return balance if lowest is None else lowest


def goods_stock(fund_id: int, item: str, until: datetime.date | None = None) -> int:
    """Units of ``item`` the fund holds: received in kind (by ``until``, counting receipts
    whose goods description is the item) less every live goods voucher of the item."""
    received = Receipt.objects.counting().filter(
        fund_id=fund_id, channel=Channel.IN_KIND, goods_description=item
    )
    if until is not None:
        received = received.filter(received_at__date__lte=until)
    given = Voucher.objects.live().filter(
        fund_id=fund_id, method=Voucher.Method.GOODS, goods_item=item
    )
    total_in = received.aggregate(total=Coalesce(Sum("goods_quantity"), 0))["total"]
    total_out = given.aggregate(total=Coalesce(Sum("goods_quantity"), 0))["total"]
    return total_in - total_out


def goods_items(fund_id: int) -> list[str]:
    """The items the fund has received in kind, by name."""
    return list(
        Receipt.objects.counting()
        .filter(Q(fund_id=fund_id), Q(channel=Channel.IN_KIND), ~Q(goods_description=""))
        .values_list("goods_description", flat=True)
        .distinct()
        .order_by("goods_description")
    )


def require_money(fund: Fund, amount: int, day: datetime.date, field: str = "amount") -> None:
    """Holding the fund's lock: refuse unless ``amount`` may leave it on ``day``."""
    available = lowest_balance_from(fund.pk, day)
    if amount > available:
        raise ValidationError(
            {
                field: _(
                    "%(fund)s holds %(available)s from %(day)s on: it cannot pay out %(amount)s."
                )
                % {
                    "fund": fund,
                    "available": format_vnd(max(available, 0)),
                    "day": format_date(day),
                    "amount": format_vnd(amount),
                }
            }
        )


def spending_buckets() -> dict[tuple, tuple[int, int]]:
    """{SPENDING_KEY: (amount, count)} of the live vouchers and transfers: what SpendingTotal
    must hold. Used to rebuild it and by verify_ledger."""
    expected = defaultdict(lambda: [0, 0])
    vouchers = Voucher.objects.live().values(
        "fund_id",
        "paid_on",
        "kind",
        "method",
        "support_type",
        "area_id",
        "campaign_id",
        "amount",
        "transfer__to_fund_id",
    )
    for row in vouchers.iterator(chunk_size=5000):
        voucher = Voucher(**{name: row[name] for name in row if "__" not in name})
        sums = expected[voucher_key(voucher, row["transfer__to_fund_id"])]
        sums[0] += row["amount"]
        sums[1] += 1
    transfers = FundTransfer.objects.live().values(
        "to_fund_id", "transferred_on", "from_fund_id", "campaign_id", "amount"
    )
    for row in transfers.iterator(chunk_size=5000):
        sums = expected[transfer_in_key(FundTransfer(**row))]
        sums[0] += row["amount"]
        sums[1] += 1
    return {key: tuple(value) for key, value in expected.items()}


def rebuild_spending_totals() -> None:
    """Recompute every SpendingTotal bucket from the records (after a bulk load, or to repair)."""
    buckets = spending_buckets()
    with transaction.atomic():
        SpendingTotal.objects.all().delete()
        SpendingTotal.objects.bulk_create(
            (
                SpendingTotal(
                    **dict(zip(SPENDING_KEY, key, strict=True)), amount=amount, count=count
                )
                for key, (amount, count) in buckets.items()
            ),
            batch_size=1000,
        )


def fund_day_sums() -> dict[tuple[int, datetime.date], tuple[int, int, int, int]]:
    """{(fund id, day): (received, spent, transferred in, transferred out)} summed from the
    records themselves (counting receipts in money, live vouchers in money, live transfers in),
    not from the buckets: what FundDayTotal must hold. Used to rebuild it and by verify_ledger.
    Days whose four sums are all 0 are left out."""
    sums = defaultdict(lambda: [0, 0, 0, 0])
    local_day = TruncDate("received_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    receipts = (
        Receipt.objects.filter(~Exists(Reversal.objects.filter(receipt=OuterRef("pk"))))
        .exclude(channel=Channel.IN_KIND)
        .annotate(local_day=local_day)
        .values("fund_id", "local_day")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in receipts.iterator():
        sums[row["fund_id"], row["local_day"]][0] += row["total"]
    vouchers = (
        Voucher.objects.filter(~Exists(Reversal.objects.filter(voucher=OuterRef("pk"))))
        .exclude(method=Voucher.Method.GOODS)
        .values("fund_id", "paid_on", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in vouchers.iterator():
        column = 3 if row["kind"] == Voucher.Kind.TRANSFER_OUT else 1
        sums[row["fund_id"], row["paid_on"]][column] += row["total"]
    transfers = (
        FundTransfer.objects.filter(~Exists(Reversal.objects.filter(transfer=OuterRef("pk"))))
        .values("to_fund_id", "transferred_on")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in transfers.iterator():
        sums[row["to_fund_id"], row["transferred_on"]][2] += row["total"]
    return {key: tuple(values) for key, values in sums.items() if any(values)}


def rebuild_fund_day_totals() -> None:
    """Recompute every FundDayTotal row from the records (after a bulk load, or to repair)."""
    days = fund_day_sums()
    with transaction.atomic():
        FundDayTotal.objects.all().delete()
        FundDayTotal.objects.bulk_create(
            (
                FundDayTotal(
                    fund_id=fund_id, day=day, **dict(zip(FUND_DAY_SUMS, values, strict=True))
                )
                for (fund_id, day), values in days.items()
            ),
            batch_size=1000,
        )
