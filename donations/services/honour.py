"""The honour roll's running sums (donations.models.HonourTotal), kept with the receipts.

- A new receipt adds itself to its row (add_to_honour): one INSERT … ON CONFLICT DO UPDATE
  that increments the total and the count and widens the first and last dates, so two
  transactions adding to the same row cannot lose each other's gift.
- A reversal or a change of disclosure recomputes the rows it touches from the receipts
  (refresh_honour): the row is locked first (an upsert that changes nothing), then summed by a
  later statement, which on PostgreSQL sees every receipt committed by then; a receipt still
  being written adds itself when its own upsert gets the lock. A row left with no gift is
  deleted, so a withdrawn name leaves the roll in the same transaction.
- Each time a row's total changes, the campaign's HonourTally (rows per total) moves with it,
  in the same transaction: honour_page() finds where a deep page starts from it.
- rebuild_honour_totals() recomputes every row and tally (after a bulk load, or to repair),
  and honour_rows() is what the rows must hold, for verify_ledger.

Everything runs inside the caller's transaction (the receipt's, the reversal's, the change's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Sum
from django.utils import timezone

from donations.models import Disclosure, HonourTally, HonourTotal, Receipt, Reversal

#: A row's key: campaign, donor, public name.
HonourKey = tuple[int, int, str]
#: Rows per INSERT: 7 parameters each, well under SQLite's limit of 32766.
UPSERT_CHUNK = 1000
KEYS_PER_QUERY = 200
COLUMNS = ("campaign_id", "donor_id", "public_name", "amount", "gifts", "first_at", "last_at")


def honour_key(receipt: Receipt | Mapping[str, Any]) -> HonourKey | None:
    """The HonourTotal key of a receipt (or a dict row with the same names), or None if the
    receipt is not on any honour roll (no campaign, no donor, anonymous, no public name)."""
    get = receipt.get if isinstance(receipt, dict) else lambda name: getattr(receipt, name)
    if (
        get("campaign_id") is None
        or get("donor_id") is None
        or get("disclosure") == Disclosure.ANONYMOUS
        or not get("public_name")
    ):
        return None
    return (get("campaign_id"), get("donor_id"), get("public_name"))


def honour_keys(receipts: Iterable[Receipt | Mapping[str, Any]]) -> set[HonourKey]:
    return {key for key in map(honour_key, receipts) if key is not None}


def _upsert_sql(rows, increment):
    quote = connection.ops.quote_name
    table = quote(HonourTotal._meta.db_table)
    columns = ", ".join(quote(name) for name in COLUMNS)
    target = ", ".join(quote(name) for name in COLUMNS[:3])
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * rows)
    # Only quoted model names and placeholders are formatted in; every value is a parameter.
    insert = f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608
    returning = f" RETURNING {target}, {quote('amount')}, {quote('gifts')}"

    def column(name):
        return f"{table}.{quote(name)}"

    if not increment:
        # Takes the row's lock (waiting for a writer that holds it) and changes nothing.
        update = f"{quote('gifts')} = {column('gifts')}"
    else:
        first, last = quote("first_at"), quote("last_at")
        update = (
            f"{quote('amount')} = {column('amount')} + excluded.{quote('amount')}, "
            f"{quote('gifts')} = {column('gifts')} + excluded.{quote('gifts')}, "
            f"{first} = CASE WHEN excluded.{first} < {column('first_at')} "
            f"THEN excluded.{first} ELSE {column('first_at')} END, "
            f"{last} = CASE WHEN excluded.{last} > {column('last_at')} "
            f"THEN excluded.{last} ELSE {column('last_at')} END"
        )
    return insert + f"ON CONFLICT ({target}) DO UPDATE SET {update}" + returning


def _upsert(rows: Mapping[HonourKey, tuple], increment: bool) -> dict[HonourKey, tuple]:
    """Write {key: (amount, gifts, first_at, last_at)} in key order (no deadlock between two
    writers touching the same rows), a thousand rows a statement; {key: (amount, gifts)} of
    the rows as they are after the statement."""
    keys = sorted(rows)
    moment = connection.ops.adapt_datetimefield_value
    rows = {
        key: (amount, gifts, moment(first), moment(last))
        for key, (amount, gifts, first, last) in rows.items()
    }
    after = {}
    with connection.cursor() as cursor:
        for start in range(0, len(keys), UPSERT_CHUNK):
            chunk = keys[start : start + UPSERT_CHUNK]
            params = [value for key in chunk for value in (*key, *rows[key])]
            cursor.execute(_upsert_sql(len(chunk), increment), params)
            for campaign_id, donor_id, name, amount, gifts in cursor.fetchall():
                after[(campaign_id, donor_id, name)] = (amount, gifts)
    return after


def _move_tallies(changes: Iterable[tuple[int, int | None, int | None]]) -> None:
    """[(campaign, total before or None, total after or None)] of changed honour rows: one row
    fewer at the old total, one more at the new, written in (campaign, total) order."""
    deltas: dict[tuple[int, int], int] = {}
    for campaign_id, before, after in changes:
        if before == after:
            continue
        if before is not None:
            deltas[(campaign_id, before)] = deltas.get((campaign_id, before), 0) - 1
        if after is not None:
            deltas[(campaign_id, after)] = deltas.get((campaign_id, after), 0) + 1
    keys = sorted(key for key, delta in deltas.items() if delta)
    if not keys:
        return
    quote = connection.ops.quote_name
    table = quote(HonourTally._meta.db_table)
    names = quote("names")
    with connection.cursor() as cursor:
        for start in range(0, len(keys), UPSERT_CHUNK):
            chunk = keys[start : start + UPSERT_CHUNK]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({quote('campaign_id')}, {quote('amount')}, {names}) "  # noqa: S608
                f"VALUES {values} ON CONFLICT ({quote('campaign_id')}, {quote('amount')}) "
                f"DO UPDATE SET {names} = {table}.{names} + excluded.{names}",
                [value for key in chunk for value in (*key, deltas[key])],
            )


def add_to_honour(receipts: Iterable[Receipt | Mapping[str, Any]]) -> None:
    """Add new receipts (objects, or dict rows as reconciliation.ledger_batch writes them) to
    their honour rows; receipts on no honour roll are skipped."""
    rows: dict[HonourKey, tuple] = {}
    for receipt in receipts:
        key = honour_key(receipt)
        if key is None:
            continue
        if isinstance(receipt, dict):
            amount, moment = receipt["amount"], receipt["received_at"]
        else:
            amount, moment = receipt.amount, receipt.received_at
        if key in rows:
            total, gifts, first, last = rows[key]
            rows[key] = (total + amount, gifts + 1, min(first, moment), max(last, moment))
        else:
            rows[key] = (amount, 1, moment, moment)
    if not rows:
        return
    after = _upsert(rows, increment=True)
    changes = []
    for key, (amount, gifts) in after.items():
        added, new_gifts = rows[key][0], rows[key][1]
        before = amount - added if gifts > new_gifts else None  # None: the row is new
        changes.append((key[0], before, amount))
    _move_tallies(changes)


def _key_filter(keys):
    """Receipts of these keys (each served by the receipts' honour index)."""
    condition = Q(pk__in=[])
    for campaign_id, donor_id, name in keys:
        condition |= Q(campaign_id=campaign_id, donor_id=donor_id, public_name=name)
    return condition


def refresh_honour(keys: Iterable[HonourKey | None]) -> None:
    """Recompute these rows from the receipts: lock them, sum them, write or delete them."""
    keys = sorted({key for key in keys if key is not None})
    if not keys:
        return
    now = timezone.now()
    with transaction.atomic():
        # A row just created by this lock holds no gift (gifts 0): it was not on the roll.
        before = _upsert(dict.fromkeys(keys, (0, 0, now, now)), increment=False)
        found = {}
        for start in range(0, len(keys), KEYS_PER_QUERY):
            chunk = keys[start : start + KEYS_PER_QUERY]
            for row in honour_rows().filter(_key_filter(chunk)):
                found[(row["campaign_id"], row["donor_id"], row["public_name"])] = row
        changes = []
        for key in keys:
            rows = HonourTotal.objects.filter(
                campaign_id=key[0], donor_id=key[1], public_name=key[2]
            )
            row = found.get(key)
            if row is None:
                rows.delete()
            else:
                rows.update(
                    amount=row["total"],
                    gifts=row["count"],
                    first_at=row["first"],
                    last_at=row["last"],
                )
            old_amount, old_gifts = before[key]
            changes.append(
                (key[0], old_amount if old_gifts else None, row["total"] if row else None)
            )
        _move_tallies(changes)


def honour_rows():
    """What the honour rows must hold, summed by the database from the counting receipts
    (rows with campaign_id, donor_id, public_name, total, count, first, last)."""
    reversed_ = Reversal.objects.filter(receipt=OuterRef("pk"))
    return (
        Receipt.objects.filter(~Exists(reversed_), campaign__isnull=False, donor__isnull=False)
        .exclude(disclosure=Disclosure.ANONYMOUS)
        .exclude(public_name="")
        .values("campaign_id", "donor_id", "public_name")
        .annotate(
            total=Sum("amount"),
            count=Count("id"),
            first=Min("received_at"),
            last=Max("received_at"),
        )
        .order_by()
    )


def rebuild_honour_totals() -> None:
    """Recompute every row from the receipts, in one INSERT … SELECT, then the tallies."""
    quote = connection.ops.quote_name
    table = quote(HonourTotal._meta.db_table)
    columns = ", ".join(quote(name) for name in COLUMNS)
    select, params = honour_rows().query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)  # noqa: S608
        rebuild_honour_tallies()


def tally_rows():
    """What the tallies must hold: honour rows per campaign and total (campaign_id, amount,
    names)."""
    return (
        HonourTotal.objects.filter(gifts__gt=0)
        .values("campaign_id", "amount")
        .annotate(names=Count("id"))
        .order_by()
    )


def rebuild_honour_tallies() -> None:
    quote = connection.ops.quote_name
    table = quote(HonourTally._meta.db_table)
    columns = ", ".join(quote(name) for name in ("campaign_id", "amount", "names"))
    select, params = tally_rows().query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)  # noqa: S608
