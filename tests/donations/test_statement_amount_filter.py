"""The public statement's amount filter (issue 18, national scale): whichever way the database
serves it (on SQLite: by id through the amount index for a rare range, by walking the campaign
in date order for a common one), a page holds the newest receipts in the range, in order."""

import datetime

import pytest
from django.db import connection

from donations.models import Channel, Receipt
from donations.public import statement
from donations.public.statement import StatementFilters, statement_page
from donations.services import record_receipt
from tests.donations.conftest import at

DAY = datetime.date(2026, 10, 20)
# (hour, minute, amount): written out of amount order, so date order and amount order differ.
GIFTS = [
    (8, 0, 500_000), (8, 30, 2_000_000), (9, 0, 100_000), (9, 30, 2_500_000), (10, 0, 50_000),
    (10, 30, 2_000_000), (11, 0, 1_000_000_000), (11, 30, 200_000),
]  # fmt: skip


@pytest.fixture
def gifts(ledger_campaign):
    for index, (hour, minute, amount) in enumerate(GIFTS):
        record_receipt(
            channel=Channel.CASH,
            amount=amount,
            received_at=at(DAY, hour, minute),
            campaign=ledger_campaign,
            receipt_book_number=f"Q18-A{index}",
        )
    return ledger_campaign


def shown(campaign, query, size=None):
    filters = StatementFilters.from_query(query)
    return [row["amount"] for row in statement_page(campaign, filters, size=size).rows]


@pytest.mark.parametrize("cap", [2000, 1], ids=["by-id", "walk"])
def test_amount_ranges_newest_first(gifts, cap, monkeypatch):
    monkeypatch.setattr(statement, "AMOUNT_ROWS_CAP", cap)
    assert shown(gifts, {"tu_so_tien": "2.000.000"}) == [
        1_000_000_000, 2_000_000, 2_500_000, 2_000_000
    ]  # fmt: skip
    assert shown(gifts, {"tu_so_tien": "100.000", "den_so_tien": "500.000"}) == [
        200_000, 100_000, 500_000
    ]  # fmt: skip
    assert shown(gifts, {"den_so_tien": "50.000"}) == [50_000]
    assert shown(gifts, {"tu_so_tien": "3.000.000.000"}) == []
    assert shown(gifts, {"tu_so_tien": "2.000.000"}, size=2) == [1_000_000_000, 2_000_000]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner only")
def test_a_common_range_walks_the_campaign_in_date_order(gifts, monkeypatch):
    """Past the cap, SQLite cannot take the amount index (it would sort the whole range)."""
    monkeypatch.setattr(statement, "AMOUNT_ROWS_CAP", 1)
    filters = StatementFilters.from_query({"tu_so_tien": "2.000.000"})
    rows = filters.apply(Receipt.objects.filter(campaign=gifts)).order_by("-received_at", "-id")
    sql, params = rows[:51].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(step) for step in cursor.fetchall())
    assert "receipt_statement_amount" not in plan and "TEMP B-TREE" not in plan
