"""A fund's balance for a period, the roll-up of a fund and the funds under it, the fund book
(sổ quỹ) and the period report, as XLSX.

Figures come from the day tables, a few grouped queries whatever the size of the ledger:
openings and roll-ups from FundDayTotal (one row per fund and day), a fund's own period broken
down by channel and support type from the finer buckets (LedgerTotal for money received,
SpendingTotal for money out and transfers). The fund book lists the records themselves with a
running balance, and a test checks that both agree with each other and with verify_ledger.
Money only: goods received in kind are a stock of their own, by item, shown apart (``goods``).

A reversed record leaves the buckets altogether (as if it had never counted): in the fund book
it is listed with its reversal on the line below, at the original's date, so the running
balance equals the buckets' on every day. The reversal is written as a negative amount in the
original's own column (ghi số âm), so the period's In and Out equal the balance's received and
spent, not both inflated by the reversed amount.
"""

from __future__ import annotations

import dataclasses
import datetime
import heapq
import zoneinfo

from django.conf import settings
from django.db.models import Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from donations.models import (
    Channel,
    Flow,
    Fund,
    FundDayTotal,
    FundTransfer,
    LedgerTotal,
    Receipt,
    SpendingTotal,
    SupportType,
    Voucher,
)
from donations.services.holdings import NET, money_before
from sitewide.formatting import format_date

from .workbook import Sheet, write_workbook

MONEY_CHANNELS = [Channel.CASH, Channel.BANK, Channel.ONLINE]


@dataclasses.dataclass
class GoodsLine:
    item: str
    unit: str
    received: int = 0  # units received in kind in the period
    given: int = 0  # units given out in the period
    held: int = 0  # units held at the end of the period
    received_value: int = 0
    given_value: int = 0


@dataclasses.dataclass
class Balance:
    """opening + received + transferred in − spent − transferred out = closing.

    ``received`` and ``spent`` break the totals down (by money channel, by support type) for a
    fund's own balance (fund_balance); a roll-up's balances carry the totals only."""

    fund: Fund
    start: datetime.date
    end: datetime.date
    opening: int = 0
    received_total: int = 0
    transferred_in: int = 0
    spent_total: int = 0
    transferred_out: int = 0
    received: dict = dataclasses.field(default_factory=dict)  # money channel → đồng
    spent: dict = dataclasses.field(default_factory=dict)  # support type → đồng (money)
    goods: list = dataclasses.field(default_factory=list)  # GoodsLine, for a single fund

    @property
    def closing(self):
        return (
            self.opening
            + self.received_total
            + self.transferred_in
            - self.spent_total
            - self.transferred_out
        )

    def received_rows(self):
        return [(Channel(key).label, self.received.get(key, 0)) for key in MONEY_CHANNELS]

    def spent_rows(self):
        return [
            (SupportType(key).label, amount)
            for key, amount in sorted(self.spent.items(), key=lambda item: _type_order(item[0]))
            if amount
        ]


def _type_order(key):
    return SupportType.values.index(key) if key in SupportType.values else len(SupportType.values)


def subtree_ids(fund: Fund) -> list[int]:
    """The fund and every fund that reports to it, at any depth."""
    ids = [fund.pk]
    frontier = [fund.pk]
    while frontier:
        frontier = list(Fund.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.extend(frontier)
    return ids


def opening_balance(fund: Fund, start: datetime.date) -> int:
    """Money the fund holds at the start of ``start``: one sum over its FundDayTotal rows."""
    return money_before([fund.pk], start)


def fund_balance(fund: Fund, start: datetime.date, end: datetime.date) -> Balance:
    """The fund's own balance over [start, end] (both days included), with its goods.

    The opening comes from FundDayTotal; the period's figures from the finer buckets, which
    break them down by channel and support type (a few hundred rows for one fund)."""
    balance = Balance(fund=fund, start=start, end=end, opening=opening_balance(fund, start))
    period = Q(fund=fund, day__gte=start, day__lte=end)
    received = (
        LedgerTotal.objects.filter(period)
        .exclude(channel=Channel.IN_KIND)
        .values("channel")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in received:
        if row["total"]:  # else a bucket all reversed
            balance.received[row["channel"]] = row["total"]
    moved = (
        SpendingTotal.objects.filter(period)
        .exclude(flow=Flow.GOODS_OUT)
        .values("flow", "support_type")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in moved:
        if not row["total"]:
            continue
        if row["flow"] == Flow.SPENT:
            kind = row["support_type"] or SupportType.OTHER
            balance.spent[kind] = balance.spent.get(kind, 0) + row["total"]
        elif row["flow"] == Flow.TRANSFER_IN:
            balance.transferred_in += row["total"]
        elif row["flow"] == Flow.TRANSFER_OUT:
            balance.transferred_out += row["total"]
    balance.received_total = sum(balance.received.values())
    balance.spent_total = sum(balance.spent.values())
    balance.goods = goods_lines(fund, start, end)
    return balance


@dataclasses.dataclass
class Rollup:
    total: Balance  # the subtree as one fund: transfers inside it left out (totals only)
    funds: list  # Balance of each fund, as that fund's own books show it (totals only)


def rollup(fund: Fund, start: datetime.date, end: datetime.date) -> Rollup:
    """The fund and the funds under it (commune → province): each fund's own figures, and
    their sum with the transfers between them left out, so no đồng is counted twice.

    Each fund's figures are one grouped query over FundDayTotal; the transfers inside the
    subtree in the period, one more over the transfer buckets. Their opening needs no such
    care: both sides of a transfer fall on the same day, so they cancel in the sum."""
    ids = subtree_ids(fund)
    funds = list(Fund.objects.filter(pk__in=ids).order_by("level", "name"))
    own = {one.pk: Balance(fund=one, start=start, end=end) for one in funds}
    before, period = Q(day__lt=start), Q(day__gte=start)
    sums = (
        FundDayTotal.objects.filter(fund_id__in=ids, day__lte=end)
        .values("fund_id")
        .annotate(
            opening=Sum(NET, filter=before, default=0),
            received=Sum("received", filter=period, default=0),
            transferred_in=Sum("transferred_in", filter=period, default=0),
            spent=Sum("spent", filter=period, default=0),
            transferred_out=Sum("transferred_out", filter=period, default=0),
        )
        .order_by()
    )
    total = Balance(fund=fund, start=start, end=end)
    for row in sums:
        balance = own[row["fund_id"]]
        balance.opening = row["opening"]
        balance.received_total = row["received"]
        balance.transferred_in = row["transferred_in"]
        balance.spent_total = row["spent"]
        balance.transferred_out = row["transferred_out"]
        total.opening += balance.opening
        total.received_total += balance.received_total
        total.transferred_in += balance.transferred_in
        total.spent_total += balance.spent_total
        total.transferred_out += balance.transferred_out
    internal = (
        SpendingTotal.objects.filter(
            fund_id__in=ids,
            other_fund_id__in=ids,
            flow__in=[Flow.TRANSFER_IN, Flow.TRANSFER_OUT],
            day__gte=start,
            day__lte=end,
        )
        .values("flow")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in internal:
        if row["flow"] == Flow.TRANSFER_IN:
            total.transferred_in -= row["total"]
        else:
            total.transferred_out -= row["total"]
    ordered = [own[fund.pk]] + [own[one.pk] for one in funds if one.pk != fund.pk]
    return Rollup(total=total, funds=ordered)


def goods_lines(fund: Fund, start: datetime.date, end: datetime.date) -> list[GoodsLine]:
    """Goods by item: received in kind and given out in the period, held at its end."""
    lines = {}

    def line(item, unit):
        if item not in lines:
            lines[item] = GoodsLine(item=item, unit=unit)
        elif unit and not lines[item].unit:
            lines[item].unit = unit
        return lines[item]

    receipts = Receipt.objects.counting().filter(fund=fund, channel=Channel.IN_KIND)
    receipts = receipts.annotate(day=_local_day("received_at")).filter(day__lte=end)
    for row in receipts.values(
        "goods_description", "goods_unit", "day", "goods_quantity", "amount"
    ):
        one = line(row["goods_description"], row["goods_unit"])
        one.held += row["goods_quantity"] or 0
        if row["day"] >= start:
            one.received += row["goods_quantity"] or 0
            one.received_value += row["amount"]
    given = Voucher.objects.live().filter(fund=fund, method=Voucher.Method.GOODS, paid_on__lte=end)
    for row in given.values("goods_item", "goods_unit", "paid_on", "goods_quantity", "amount"):
        one = line(row["goods_item"], row["goods_unit"])
        one.held -= row["goods_quantity"] or 0
        if row["paid_on"] >= start:
            one.given += row["goods_quantity"] or 0
            one.given_value += row["amount"]
    return [lines[item] for item in sorted(lines)]


def _local_day(field):
    return TruncDate(field, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


# The fund book ----------------------------------------------------------------------------------

#: Order of movements within a day: money in first, then money out.
IN_FIRST, OUT_AFTER = 0, 1


def _reversal_text(row):
    return _("Reversal of %(number)s (%(day)s): %(reason)s") % {
        "number": row["number"],
        "day": format_date(timezone.localtime(row["reversal__created_at"]).date()),
        "reason": row["reversal__reason"],
    }


def _local_midnight(day):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)


def _receipt_movements(fund, start, end):
    # A range on received_at itself (not on its local day), so the (fund, received_at) index
    # gives the period's receipts already in order rather than every receipt of the fund.
    rows = (
        Receipt.objects.filter(
            fund=fund,
            received_at__gte=_local_midnight(start),
            received_at__lt=_local_midnight(end + datetime.timedelta(days=1)),
        )
        .exclude(channel=Channel.IN_KIND)
        .annotate(day=_local_day("received_at"))
        .values_list(
            "day",
            "received_at",
            "number",
            "amount",
            "channel",
            "donor__name",
            "payer_name",
            "reversal__reason",
            "reversal__created_at",
        )
        .order_by("received_at", "id")
    )
    labels = dict(Channel.choices)
    anonymous = _("Anonymous donor")
    for day, moment, number, amount, channel, donor, payer, reason, reversed_at in rows.iterator(
        chunk_size=5000
    ):
        text = f"{labels.get(channel, channel)}: {donor or payer or anonymous}"
        yield (day, IN_FIRST, moment, number, text, amount, 0)
        if reversed_at is not None:
            reversal = {
                "number": number,
                "reversal__reason": reason,
                "reversal__created_at": reversed_at,
            }
            yield (day, IN_FIRST, moment, "", _reversal_text(reversal), -amount, 0)


def _transfer_in_movements(fund, start, end):
    rows = (
        FundTransfer.objects.filter(
            to_fund=fund, transferred_on__gte=start, transferred_on__lte=end
        )
        .values(
            "transferred_on",
            "created_at",
            "number",
            "amount",
            "from_fund__name",
            "source_name",
            "reversal__reason",
            "reversal__created_at",
        )
        .order_by("transferred_on", "created_at", "id")
    )
    for row in rows.iterator(chunk_size=5000):
        text = _("Received from %(source)s") % {
            "source": row["from_fund__name"] or row["source_name"]
        }
        day, moment = row["transferred_on"], row["created_at"]
        yield (day, IN_FIRST, moment, row["number"], text, row["amount"], 0)
        if row["reversal__created_at"] is not None:
            yield (day, IN_FIRST, moment, "", _reversal_text(row), -row["amount"], 0)


def _voucher_movements(fund, start, end):
    rows = (
        Voucher.objects.filter(fund=fund, paid_on__gte=start, paid_on__lte=end)
        .exclude(method=Voucher.Method.GOODS)
        .values(
            "paid_on",
            "created_at",
            "number",
            "amount",
            "kind",
            "recipient_name",
            "content",
            "reversal__reason",
            "reversal__created_at",
        )
        .order_by("paid_on", "created_at", "id")
    )
    for row in rows.iterator(chunk_size=5000):
        if row["kind"] == Voucher.Kind.TRANSFER_OUT:
            text = _("Transferred to %(fund)s") % {"fund": row["recipient_name"]}
        else:
            text = " · ".join(part for part in (row["recipient_name"], row["content"]) if part)
        day, moment = row["paid_on"], row["created_at"]
        yield (day, OUT_AFTER, moment, row["number"], text, 0, row["amount"])
        if row["reversal__created_at"] is not None:
            yield (day, OUT_AFTER, moment, "", _reversal_text(row), 0, -row["amount"])


def _merged(*streams):
    """The movements of several date-ordered streams in one date order (a k-way merge: never
    the whole list in memory)."""
    return heapq.merge(*streams, key=lambda movement: movement[:3])


def fund_book_rows(fund: Fund, start: datetime.date, end: datetime.date):
    """[day, number, description, in, out, balance] per movement, after an opening row and
    before a closing row."""
    opening = opening_balance(fund, start)
    yield [start, "", _("Opening balance"), None, None, opening]
    balance = opening
    total_in = total_out = 0
    for day, _order, _moment, number, text, money_in, money_out in _merged(
        _receipt_movements(fund, start, end),
        _transfer_in_movements(fund, start, end),
        _voucher_movements(fund, start, end),
    ):
        balance += money_in - money_out
        total_in += money_in
        total_out += money_out
        yield [day, number, text, money_in or None, money_out or None, balance]
    yield [end, "", _("Closing balance"), total_in, total_out, balance]


def write_fund_book(target, fund: Fund, start: datetime.date, end: datetime.date) -> None:
    title = _("Fund book")
    sheet = Sheet(
        title=title,
        headings=[_("Date"), _("Number"), _("Description"), _("In"), _("Out"), _("Balance")],
        rows=fund_book_rows(fund, start, end),
        money_columns={3, 4, 5},
        widths={"A": 12, "B": 16, "C": 60, "D": 16, "E": 16, "F": 18},
    )
    write_workbook(target, [sheet])


def _balance_rows(balance: Balance):
    yield [_("Opening balance"), balance.opening]
    for label, amount in balance.received_rows():
        yield [_("Received: %(channel)s") % {"channel": label}, amount]
    yield [_("Received from other funds"), balance.transferred_in]
    for label, amount in balance.spent_rows():
        yield [_("Spent: %(type)s") % {"type": label}, amount]
    yield [_("Spent in total"), balance.spent_total]
    yield [_("Transferred to other funds"), balance.transferred_out]
    yield [_("Closing balance"), balance.closing]


def period_report_sheets(fund: Fund, start: datetime.date, end: datetime.date) -> list[Sheet]:
    balance = fund_balance(fund, start, end)
    period = _("%(fund)s, from %(start)s to %(end)s") % {
        "fund": fund,
        "start": format_date(start),
        "end": format_date(end),
    }
    summary = [[period], [], *_balance_rows(balance)]
    up = rollup(fund, start, end)
    rollup_rows = [
        [
            one.fund.name,
            one.opening,
            one.received_total,
            one.transferred_in,
            one.spent_total,
            one.transferred_out,
            one.closing,
        ]
        for one in up.funds
    ]
    total = up.total
    rollup_rows.append(
        [
            _("All together (transfers between these funds left out)"),
            total.opening,
            total.received_total,
            total.transferred_in,
            total.spent_total,
            total.transferred_out,
            total.closing,
        ]
    )
    goods = [
        [line.item, line.unit, line.received, line.given, line.held, line.received_value]
        for line in balance.goods
    ]
    return [
        Sheet(
            title=_("Balance"),
            headings=[_("Item"), _("Amount (đồng)")],
            rows=summary,
            money_columns={1},
            widths={"A": 50, "B": 20},
        ),
        Sheet(
            title=_("Roll-up"),
            headings=[
                _("Fund"),
                _("Opening balance"),
                _("Money received"),
                _("Transferred in"),
                _("Spent"),
                _("Transferred out"),
                _("Closing balance"),
            ],
            rows=rollup_rows,
            money_columns={1, 2, 3, 4, 5, 6},
            widths={"A": 50},
        ),
        Sheet(
            title=_("Goods"),
            headings=[
                _("Goods"),
                _("Unit"),
                _("Units received"),
                _("Units given"),
                _("Held at the end"),
                _("Value received (đồng)"),
            ],
            rows=goods,
            money_columns={5},
            widths={"A": 40},
        ),
    ]


def write_period_report(target, fund: Fund, start: datetime.date, end: datetime.date) -> None:
    write_workbook(target, period_report_sheets(fund, start, end))
