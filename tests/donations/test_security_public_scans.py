"""Cheap requests cannot make the database read a whole campaign (security review, finding 5).

Before, at 300.000 receipts: an amount filter that matched nothing walked the whole campaign
(0,16–0,39 s), a name filter of one or two letters too, and `vinh-danh/?trang=9999` summed
every named gift to show an empty page. Now the amount filter has an index, a name filter
needs three letters (the trigram index's minimum), and a page past the end of the honour roll
redirects to the last page without summing again (the roll is now read from its running sums,
donations.models.HonourTotal, and never from the receipts).
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from donations.models import Channel, Disclosure, DonorKind
from donations.public.statement import StatementFilters, statement_rows
from donations.services import record_receipt
from tests.donations.conftest import at, make_donor

DAY = datetime.date(2026, 10, 20)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def roll(ledger_campaign, monkeypatch):
    """Five named organisations, two to a page of the honour roll."""
    from donations.views import public

    monkeypatch.setattr(public, "HONOUR_PAGE_SIZE", 2)
    for index in range(5):
        record_receipt(
            channel=Channel.CASH,
            amount=1_000_000 * (index + 1),
            received_at=at(DAY, 9 + index),
            campaign=ledger_campaign,
            donor=make_donor(f"Đơn vị số {index}", kind=DonorKind.ORGANISATION,
                             public_display=Disclosure.ORGANISATION),
            receipt_book_number=f"Q31-{index:04d}",
        )  # fmt: skip
    return ledger_campaign


def test_an_honour_page_past_the_end_redirects_to_the_last(client, roll):
    url = reverse("donations_honour_roll", args=[roll.slug])
    response = client.get(url, {"trang": "9999"})
    assert response.status_code == 302 and response["Location"] == f"{url}?trang=3"
    assert "Đơn vị số 0" in client.get(response["Location"]).content.decode()
    assert client.get(url, {"trang": "3"}).status_code == 200


def test_pages_past_the_end_do_not_sum_the_gifts_again(client, roll):
    url = reverse("donations_honour_roll", args=[roll.slug])
    client.get(url, {"trang": "50"})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"trang": "51"}).status_code == 302
        assert client.get(url, {"trang": "9999"}).status_code == 302
    assert not [q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"]]
    assert not [q["sql"] for q in captured.captured_queries if "donations_receipt" in q["sql"]]
    assert not [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]


def test_an_empty_roll_redirects_to_its_first_page(client, ledger_campaign):
    url = reverse("donations_honour_roll", args=[ledger_campaign.slug])
    response = client.get(url, {"trang": "2"})
    assert response.status_code == 302 and response["Location"] == url


def test_a_name_filter_needs_three_letters(client, roll):
    url = reverse("donations_statement", args=[roll.slug])
    body = client.get(url, {"ten": "sô"}).content.decode()
    assert "Nhập ít nhất ba chữ cái" in body
    assert body.count("Đơn vị số") == 5  # refused, not applied
    assert StatementFilters.from_query({"ten": "ab "}).name == ""
    assert StatementFilters.from_query({"ten": "Số 1"}).name == "so 1"
    body = client.get(url, {"ten": "so 1"}).content.decode()
    assert "Đơn vị số 1" in body and "Đơn vị số 2" not in body


def _many_receipts(campaign, count):
    """`count` anonymous copies of one receipt of the campaign, then fresh statistics: the
    planner must see a campaign large enough for its choice to matter."""
    from donations.models import Receipt

    table = Receipt._meta.db_table
    overrides = {
        "number": "'BN-PLAN-' || g",
        "sequence": "1000000 + g",
        "amount": "100000 + (g %% 7) * 50000",
        "received_at": "r.received_at - g * interval '1 minute'",
        "disclosure": "'anonymous'",
        "public_name": "''",
        "public_name_folded": "''",
        "receipt_book_number": "'P' || g",
    }
    columns = [f.column for f in Receipt._meta.concrete_fields if f.column != "id"]
    values = [overrides.get(column, f"r.{column}") for column in columns]
    first = Receipt.objects.filter(campaign=campaign).order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - our own names
            f"SELECT {', '.join(values)} FROM {table} r, generate_series(1, %s) g "
            "WHERE r.id = %s",
            [count, first.pk],
        )
        cursor.execute(f"ANALYZE {table}")


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "index"),
    [
        ({"tu_so_tien": "999999999"}, "receipt_statement_amount"),
        ({"tu_so_tien": "120000", "den_so_tien": "140000"}, "receipt_statement_amount"),
        ({"ten": "khong ai co ten nay"}, "receipt_public_name_trgm"),
    ],
)
def test_a_filter_that_matches_nothing_is_read_from_an_index(roll, query, index):
    _many_receipts(roll, 30_000)
    filters = StatementFilters.from_query(query)
    page = statement_rows(roll, filters).order_by("-received_at", "-id")[:51]
    plan = _plan(page)
    assert "Seq Scan on donations_receipt" not in plan, plan
    assert index in plan, plan
