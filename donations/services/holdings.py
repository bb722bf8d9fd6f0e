"""What a fund holds, read from the day buckets, and the buckets of money out.

Money a fund holds = money received (LedgerTotal, every channel but goods in kind) + transfers
in − money spent − transfers out (SpendingTotal). Goods received in kind are a stock of their
own, counted by item (the receipt's goods description) in units, never mixed with money.

The services check a voucher, a transfer or a reversal against ``lowest_balance_from``: the
lowest end-of-day balance from its day on, so a voucher dated last month cannot spend money
that a later voucher already spent. They call it holding the fund's row lock
(SELECT … FOR UPDATE on donations_fund), which every writer that takes money away takes first:
two vouchers at once are checked one after the other.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from donations.models import (
    Channel,
    Flow,
    FundTransfer,
    LedgerTotal,
    Receipt,
    SpendingTotal,
    Voucher,
)
from sitewide.formatting import format_date, format_vnd

from .totals import upsert_buckets

if TYPE_CHECKING:
    from donations.models import Fund

#: A SpendingTotal bucket's key, in the order of its unique index.
SPENDING_KEY = ("fund_id", "day", "flow", "support_type", "area_id", "campaign_id", "other_fund_id")
SPENDING_NULLABLE = frozenset({"area_id", "campaign_id", "other_fund_id"})
#: The sign of each flow in a fund's money.
MONEY_SIGN = {Flow.SPENT: -1, Flow.TRANSFER_OUT: -1, Flow.TRANSFER_IN: +1, Flow.GOODS_OUT: 0}


def add_to_spending(buckets) -> None:
    """Add {SPENDING_KEY tuple: (amount, count)} to SpendingTotal, in the caller's transaction."""
    upsert_buckets(SpendingTotal, SPENDING_KEY, SPENDING_NULLABLE, ("amount", "count"), buckets)


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
    return (
        transfer.to_fund_id,
        transfer.transferred_on,
        Flow.TRANSFER_IN,
        "",
        None,
        None,
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


def _money_received(fund_ids):
    return LedgerTotal.objects.filter(fund_id__in=fund_ids).exclude(channel=Channel.IN_KIND)


def _money_moved(fund_ids):
    return SpendingTotal.objects.filter(fund_id__in=fund_ids).exclude(flow=Flow.GOODS_OUT)


def _signed(rows):
    """{day: net} from SpendingTotal rows grouped by day and flow."""
    net = defaultdict(int)
    for row in rows:
        net[row["day"]] += MONEY_SIGN[row["flow"]] * row["total"]
    return net


def money_before(fund_ids, day: datetime.date | None) -> int:
    """Money held at the start of ``day`` (None: now, everything), from the buckets."""
    received = _money_received(fund_ids)
    moved = _money_moved(fund_ids)
    if day is not None:
        received = received.filter(day__lt=day)
        moved = moved.filter(day__lt=day)
    total = received.aggregate(total=Coalesce(Sum("amount"), 0))["total"]
    rows = moved.values("flow").annotate(total=Sum("amount")).order_by()
    return total + sum(MONEY_SIGN[row["flow"]] * row["total"] for row in rows)


def money_by_day(fund_ids, since: datetime.date | None = None) -> dict[datetime.date, int]:
    """{day: net money in − out} for each day with a movement, from ``since`` on."""
    received = _money_received(fund_ids)
    moved = _money_moved(fund_ids)
    if since is not None:
        received = received.filter(day__gte=since)
        moved = moved.filter(day__gte=since)
    net = _signed(moved.values("day", "flow").annotate(total=Sum("amount")).order_by())
    for row in received.values("day").annotate(total=Sum("amount")).order_by():
        net[row["day"]] += row["total"]
    return dict(net)


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
        "to_fund_id", "transferred_on", "from_fund_id", "amount"
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
