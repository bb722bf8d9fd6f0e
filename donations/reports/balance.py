"""A fund's balance for a period, the roll-up of a fund and the funds under it, the fund book
(sổ quỹ) and the period report, as XLSX.

Figures come from the day buckets (LedgerTotal for money received, SpendingTotal for money out
and transfers), a few grouped queries whatever the size of the ledger; the fund book lists the
records themselves with a running balance, and a test checks that both agree with each other
and with verify_ledger. Money only: goods received in kind are a stock of their own, by item,
shown apart (``goods``).

A reversed record leaves the buckets altogether (as if it had never counted): in the fund book
it is listed with its reversal on the line below, at the original's date, so the running
balance equals the buckets' on every day.
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
    FundTransfer,
    LedgerTotal,
    Receipt,
    SpendingTotal,
    SupportType,
    Voucher,
)
from donations.services.holdings import MONEY_SIGN
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
    """opening + received + transferred in − spent − transferred out = closing."""

    fund: Fund
    start: datetime.date
    end: datetime.date
    opening: int = 0
    received: dict = dataclasses.field(default_factory=dict)  # money channel → đồng
    transferred_in: int = 0
    spent: dict = dataclasses.field(default_factory=dict)  # support type → đồng (money)
    transferred_out: int = 0
    goods: list = dataclasses.field(default_factory=list)  # GoodsLine, for a single fund

    @property
    def received_total(self):
        return sum(self.received.values())

    @property
    def spent_total(self):
        return sum(self.spent.values())

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


def _balances(funds, start, end, internal=frozenset()):
    """{fund id: Balance} for ``funds`` over [start, end], in four grouped queries.

    A transfer whose other side is in ``internal`` is left out of both sides' figures (and out
    of the opening, where its two sides cancel anyway): a roll-up's own view."""
    by_id = {fund.pk: fund for fund in funds}
    result = {pk: Balance(fund=fund, start=start, end=end) for pk, fund in by_id.items()}
    ids = list(by_id)
    money_in = LedgerTotal.objects.filter(fund_id__in=ids).exclude(channel=Channel.IN_KIND)
    moved = SpendingTotal.objects.filter(fund_id__in=ids).exclude(flow=Flow.GOODS_OUT)
    for row in (
        money_in.filter(day__lt=start).values("fund_id").annotate(total=Sum("amount")).order_by()
    ):
        result[row["fund_id"]].opening += row["total"]
    opening_moves = moved.filter(day__lt=start).exclude(other_fund_id__in=internal)
    for row in opening_moves.values("fund_id", "flow").annotate(total=Sum("amount")).order_by():
        result[row["fund_id"]].opening += MONEY_SIGN[row["flow"]] * row["total"]
    period = Q(day__gte=start, day__lte=end)
    for row in (
        money_in.filter(period)
        .values("fund_id", "channel")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        if not row["total"]:
            continue  # a bucket all reversed
        received = result[row["fund_id"]].received
        received[row["channel"]] = received.get(row["channel"], 0) + row["total"]
    period_moves = (
        moved.filter(period)
        .exclude(other_fund_id__in=internal)
        .values("fund_id", "flow", "support_type")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in period_moves:
        balance = result[row["fund_id"]]
        if not row["total"]:
            continue
        if row["flow"] == Flow.SPENT:
            kind = row["support_type"] or SupportType.OTHER
            balance.spent[kind] = balance.spent.get(kind, 0) + row["total"]
        elif row["flow"] == Flow.TRANSFER_IN:
            balance.transferred_in += row["total"]
        elif row["flow"] == Flow.TRANSFER_OUT:
            balance.transferred_out += row["total"]
    return result


def fund_balance(fund: Fund, start: datetime.date, end: datetime.date) -> Balance:
    """The fund's own balance over [start, end] (both days included), with its goods."""
    balance = _balances([fund], start, end)[fund.pk]
    balance.goods = goods_lines(fund, start, end)
    return balance


@dataclasses.dataclass
class Rollup:
    total: Balance  # the subtree as one fund: transfers inside it left out
    funds: list  # Balance of each fund, as that fund's own books show it


def rollup(fund: Fund, start: datetime.date, end: datetime.date) -> Rollup:
    """The fund and the funds under it (commune → province): each fund's own figures, and
    their sum with the transfers between them left out, so no đồng is counted twice."""
    ids = subtree_ids(fund)
    funds = list(Fund.objects.filter(pk__in=ids).order_by("level", "name"))
    own = _balances(funds, start, end)
    netted = _balances(funds, start, end, internal=frozenset(ids))
    total = Balance(fund=fund, start=start, end=end)
    for balance in netted.values():
        total.opening += balance.opening
        total.transferred_in += balance.transferred_in
        total.transferred_out += balance.transferred_out
        for key, amount in balance.received.items():
            total.received[key] = total.received.get(key, 0) + amount
        for key, amount in balance.spent.items():
            total.spent[key] = total.spent.get(key, 0) + amount
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


def _receipt_movements(fund, start, end):
    rows = (
        Receipt.objects.filter(fund=fund)
        .exclude(channel=Channel.IN_KIND)
        .annotate(day=_local_day("received_at"))
        .filter(day__gte=start, day__lte=end)
        .values(
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
    for row in rows.iterator(chunk_size=5000):
        giver = row["donor__name"] or row["payer_name"] or _("Anonymous donor")
        text = f"{labels.get(row['channel'], row['channel'])}: {giver}"
        yield (row["day"], IN_FIRST, row["received_at"], row["number"], text, row["amount"], 0)
        if row["reversal__created_at"] is not None:
            yield (
                row["day"],
                IN_FIRST,
                row["received_at"],
                "",
                _reversal_text(row),
                0,
                row["amount"],
            )


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
            yield (day, IN_FIRST, moment, "", _reversal_text(row), 0, row["amount"])


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
            yield (day, OUT_AFTER, moment, "", _reversal_text(row), row["amount"], 0)


def _merged(*streams):
    """The movements of several date-ordered streams in one date order (a k-way merge: never
    the whole list in memory)."""
    return heapq.merge(*streams, key=lambda movement: movement[:3])


def fund_book_rows(fund: Fund, start: datetime.date, end: datetime.date):
    """[day, number, description, in, out, balance] per movement, after an opening row and
    before a closing row."""
    opening = _balances([fund], start, end)[fund.pk].opening
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
