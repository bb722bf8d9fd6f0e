"""Totals of the ledger, always computed by the database.

"Received" counts receipts that are not reversed, read from LedgerTotal buckets that the
services update in the same transaction as each receipt or reversal (see
donations/models/ledger.py for why). ``direct_received`` sums the receipts themselves: reports
and the consistency check use it, and tests assert both agree.
"""

from __future__ import annotations

import dataclasses
import datetime
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from donations.models import (
    Channel,
    FundDayTotal,
    GoodsTotal,
    LedgerTotal,
    Pledge,
    Receipt,
    Reversal,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from campaigns.models import CampaignPage, SupportItem
    from donations.models import Fund

#: A LedgerTotal bucket's key: fund, campaign, local day, channel, donor kind, area.
BucketKey = tuple[int, int | None, datetime.date, str, str, int | None]


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


#: The columns of a LedgerTotal bucket, in the order of its unique index.
BUCKET_KEY = ("fund_id", "campaign_id", "day", "channel", "donor_kind", "area_id")
NULLABLE_KEYS = frozenset({"campaign_id", "area_id"})
#: Rows per INSERT: 8 or 9 parameters each, well under SQLite's limit of 32766.
UPSERT_CHUNK = 1000


def bucket_key(receipt: Receipt | Mapping[str, Any]) -> BucketKey:
    """The LedgerTotal key of a receipt (or of a dict row with the same names)."""
    get = receipt.get if isinstance(receipt, dict) else lambda name: getattr(receipt, name)
    return (
        get("fund_id"),
        get("campaign_id"),
        local_day(get("received_at")),
        get("channel"),
        get("donor_kind"),
        get("area_id"),
    )


def _sort_key(key):
    return tuple((value is None, 0 if value is None else value) for value in key)


def _upsert_sql(model, key, nullable, values, rows):
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(name) for name in (*key, *values))
    target = ", ".join(
        f"COALESCE({quote(name)}, 0)" if name in nullable else quote(name) for name in key
    )
    placeholders = "(" + ", ".join(["%s"] * (len(key) + len(values))) + ")"
    rows_sql = ", ".join([placeholders] * rows)
    sums = ", ".join(
        f"{quote(name)} = {table}.{quote(name)} + excluded.{quote(name)}" for name in values
    )
    # Only quoted model names and placeholders are formatted in; every value is a parameter.
    insert = f"INSERT INTO {table} ({columns}) VALUES {rows_sql} "  # noqa: S608
    return insert + f"ON CONFLICT ({target}) DO UPDATE SET {sums}"


def upsert_buckets(model, key, nullable, values, buckets) -> None:
    """Add {bucket key: (value, …)} to ``model``'s rows: INSERT … ON CONFLICT DO UPDATE.

    One statement per chunk creates the missing buckets and increments the others, so two
    transactions adding to a new bucket at once cannot create two rows: the second waits on
    the unique index over ``key`` (``nullable`` columns under COALESCE(…, 0)) and then adds to
    the first's row. Keys are written in a fixed order, so two batches touching the same
    buckets cannot deadlock. Must run inside the caller's transaction.
    """
    keys = sorted(buckets, key=_sort_key)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), UPSERT_CHUNK):
            chunk = keys[start : start + UPSERT_CHUNK]
            params = [value for one in chunk for value in (*one, *buckets[one])]
            cursor.execute(_upsert_sql(model, key, nullable, values, len(chunk)), params)


#: The sums of a FundDayTotal row, in this order in add_to_fund_days' values.
FUND_DAY_SUMS = ("received", "spent", "transferred_in", "transferred_out")


def add_to_fund_days(days: Mapping[tuple[int, datetime.date], tuple[int, int, int, int]]) -> None:
    """Add {(fund id, day): (received, spent, transferred in, transferred out)} to FundDayTotal,
    in the caller's transaction (see upsert_buckets)."""
    days = {key: sums for key, sums in days.items() if any(sums)}
    if days:
        upsert_buckets(FundDayTotal, ("fund_id", "day"), frozenset(), FUND_DAY_SUMS, days)


def add_to_buckets(buckets: Mapping[BucketKey, tuple[int, int]]) -> None:
    """Add {bucket key: (amount, gifts)} to LedgerTotal (see upsert_buckets), and the money
    among them to FundDayTotal; runs inside the caller's transaction (the receipt's, the
    reversal's or a statement import's)."""
    upsert_buckets(LedgerTotal, BUCKET_KEY, NULLABLE_KEYS, ("amount", "gifts"), buckets)
    days = {}
    for (fund_id, _campaign, day, channel, _kind, _area), (amount, _gifts) in buckets.items():
        if channel != Channel.IN_KIND:
            days[fund_id, day] = (days.get((fund_id, day), (0,))[0] + amount, 0, 0, 0)
    add_to_fund_days(days)


#: The key of a GoodsTotal row, in the order of its unique index, and its sums.
GOODS_KEY = ("fund_id", "campaign_id", "item", "unit")
GOODS_SUMS = ("quantity", "amount", "gifts")


def add_to_totals(receipt: Receipt, sign: int) -> None:
    """Add (+1) or remove (-1) a receipt from its bucket (and goods in kind from their item's
    GoodsTotal); runs inside the service's transaction."""
    add_to_buckets({bucket_key(receipt): (sign * receipt.amount, sign)})
    if receipt.channel == Channel.IN_KIND:
        key = (receipt.fund_id, receipt.campaign_id, receipt.goods_description, receipt.goods_unit)
        sums = (sign * (receipt.goods_quantity or 0), sign * receipt.amount, sign)
        upsert_buckets(GoodsTotal, GOODS_KEY, frozenset({"campaign_id"}), GOODS_SUMS, {key: sums})


def _not_reversed() -> QuerySet[Receipt]:
    """Receipts that count, for grouping in bulk. NOT EXISTS rather than counting()'s LEFT JOIN
    … IS NULL: PostgreSQL sees an anti-join, estimates the rows right and groups them by hash
    (2,8 s instead of 10 s at a million receipts, where it sorted them on disk)."""
    return Receipt.objects.filter(~Exists(Reversal.objects.filter(receipt=OuterRef("pk"))))


def receipt_buckets() -> QuerySet[Receipt, dict[str, Any]]:
    """Counting receipts summed per LedgerTotal key, by the database: what the buckets must
    hold (rows with ``total`` and ``count``). Used to rebuild them and by verify_ledger."""
    day = TruncDate("received_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return (
        _not_reversed()
        .annotate(day=day)
        .values("fund_id", "campaign_id", "day", "channel", "donor_kind", "area_id")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by()
    )


def goods_buckets() -> QuerySet[Receipt, dict[str, Any]]:
    """Counting receipts in kind summed per GoodsTotal key (``quantity``, ``total``,
    ``count``), by the database: what GoodsTotal must hold."""
    return (
        _not_reversed()
        .filter(channel=Channel.IN_KIND)
        .values("fund_id", "campaign_id", "goods_description", "goods_unit")
        .annotate(
            quantity=Coalesce(Sum("goods_quantity"), 0), total=Sum("amount"), count=Count("id")
        )
        .order_by()
    )


def rebuild_goods_totals() -> None:
    """Recompute GoodsTotal from the receipts, in the caller's transaction."""
    GoodsTotal.objects.all().delete()
    GoodsTotal.objects.bulk_create(
        (
            GoodsTotal(
                fund_id=row["fund_id"],
                campaign_id=row["campaign_id"],
                item=row["goods_description"],
                unit=row["goods_unit"],
                quantity=row["quantity"],
                amount=row["total"],
                gifts=row["count"],
            )
            for row in goods_buckets().iterator()
        ),
        batch_size=1000,
    )


def goods_received(*, campaign: CampaignPage) -> list[dict[str, Any]]:
    """Goods in kind the campaign received, by item and unit, most valuable first: dicts with
    ``goods_description``, ``goods_unit``, ``quantity``, ``total`` and ``count`` (gifts)."""
    return list(
        GoodsTotal.objects.filter(campaign=campaign)
        .values(goods_description=F("item"), goods_unit=F("unit"))
        .annotate(quantity=Sum("quantity"), total=Sum("amount"), count=Sum("gifts"))
        .filter(count__gt=0)
        .order_by("-total", "goods_description")
    )


def rebuild_ledger_totals() -> None:
    """Recompute every bucket from the receipts (after a bulk load, or to repair), goods in
    kind by item too."""
    rows = receipt_buckets()
    with transaction.atomic():
        rebuild_goods_totals()
        LedgerTotal.objects.all().delete()
        LedgerTotal.objects.bulk_create(
            (
                LedgerTotal(
                    fund_id=row["fund_id"],
                    campaign_id=row["campaign_id"],
                    day=row["day"],
                    channel=row["channel"],
                    donor_kind=row["donor_kind"],
                    area_id=row["area_id"],
                    amount=row["total"],
                    gifts=row["count"],
                )
                for row in rows.iterator()
            ),
            batch_size=1000,
        )


def _scope(queryset, campaign=None, fund=None, since=None, until=None, day_field="day"):
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    if fund is not None:
        queryset = queryset.filter(fund=fund)
    if since is not None:
        queryset = queryset.filter(**{f"{day_field}__gte": since})
    if until is not None:
        queryset = queryset.filter(**{f"{day_field}__lte": until})
    return queryset


def received(
    campaign: CampaignPage | None = None,
    fund: Fund | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> dict[str, int]:
    """{'amount', 'in_kind', 'gifts'} of counting receipts, from the buckets."""
    totals = _scope(LedgerTotal.objects.all(), campaign, fund, since, until).aggregate(
        total=Coalesce(Sum("amount"), 0),
        goods=Coalesce(Sum("amount", filter=Q(channel=Channel.IN_KIND)), 0),
        count=Coalesce(Sum("gifts"), 0),
    )
    return _named(totals)


def _named(totals):
    # Aggregates are named apart from the fields they sum: an aggregate called "amount"
    # would shadow the field for the aggregates after it.
    return {"amount": totals["total"], "in_kind": totals["goods"], "gifts": totals["count"]}


def direct_received(
    campaign: CampaignPage | None = None, fund: Fund | None = None
) -> dict[str, int]:
    """The same figures summed from the receipts themselves (slower; for checks and reports)."""
    queryset = Receipt.objects.counting()
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    if fund is not None:
        queryset = queryset.filter(fund=fund)
    return _named(
        queryset.aggregate(
            total=Coalesce(Sum("amount"), 0),
            goods=Coalesce(Sum("amount", filter=Q(channel=Channel.IN_KIND)), 0),
            count=Count("id"),
        )
    )


BREAKDOWNS = {"channel": "channel", "donor_kind": "donor_kind", "area": "area__name"}


def breakdown(
    by: str,
    campaign: CampaignPage | None = None,
    fund: Fund | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> list[tuple[Any, int, int]]:
    """[(key, amount, gifts)] of counting receipts grouped by channel, donor kind or area."""
    field = BREAKDOWNS[by]
    rows = (
        _scope(LedgerTotal.objects.all(), campaign, fund, since, until)
        .values(field)
        .annotate(total=Sum("amount"), count=Sum("gifts"))
        .filter(count__gt=0)
        .order_by("-total", field)
    )
    return [(row[field], row["total"], row["count"]) for row in rows]


def pledge_figures(
    campaign: CampaignPage | None = None,
    fund: Fund | None = None,
    on: datetime.date | None = None,
) -> dict[str, int]:
    """Pledged, paid against pledges, outstanding and overdue, aggregated in one query."""
    on = on or timezone.localdate()
    queryset = Pledge.objects.all()
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    if fund is not None:
        queryset = queryset.filter(fund=fund)
    active = Q(cancelled_at__isnull=True)
    overdue = active & Q(due_on__lt=on, outstanding__gt=0)
    # Named apart from the annotations they sum ("paid", "outstanding"), as in _named().
    figures = queryset.with_paid().aggregate(
        pledged=Coalesce(Sum("amount", filter=active), 0),
        pledges=Count("id", filter=active),
        total_paid=Coalesce(Sum("paid"), 0),
        total_outstanding=Coalesce(Sum("outstanding"), 0),
        overdue_amount=Coalesce(Sum("outstanding", filter=overdue), 0),
        overdue_pledges=Count("id", filter=overdue),
    )
    figures["paid"] = figures.pop("total_paid")
    figures["outstanding"] = figures.pop("total_outstanding")
    return figures


@dataclasses.dataclass
class SupportItemProgress:
    name: str
    unit_cost: int
    target_count: int
    equivalent: int  # how many units the money received would pay for


@dataclasses.dataclass
class CampaignTotals:
    received: int
    in_kind: int
    gifts: int
    pledged: int
    pledges: int
    target: int
    support_items: list[SupportItemProgress]

    @property
    def progress_percent(self) -> int:
        if not self.target:
            return 0
        return min(100, self.received * 100 // self.target)


def campaign_totals(
    campaign: CampaignPage, support_items: Iterable[SupportItem] | None = None
) -> CampaignTotals:
    """Everything the public money panel shows: three small aggregate queries (two when the
    caller has the campaign's support items already)."""
    money = received(campaign=campaign)
    pledges = Pledge.objects.filter(campaign=campaign, cancelled_at__isnull=True).aggregate(
        pledged=Coalesce(Sum("amount"), 0), count=Count("id")
    )
    items = [
        SupportItemProgress(
            name=item.name,
            unit_cost=item.unit_cost,
            target_count=item.target_count,
            equivalent=money["amount"] // item.unit_cost if item.unit_cost else 0,
        )
        for item in (campaign.support_items.all() if support_items is None else support_items)
    ]
    return CampaignTotals(
        received=money["amount"],
        in_kind=money["in_kind"],
        gifts=money["gifts"],
        pledged=pledges["pledged"],
        pledges=pledges["count"],
        target=campaign.target_amount,
        support_items=items,
    )
