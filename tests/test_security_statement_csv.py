"""The public statement CSV cannot tie up the app workers (security review, finding 1).

Before: every request to /ung-ho/<slug>/sao-ke.csv exported the whole campaign again (9–13 s
and 22 MB at 300.000 receipts), with no limit. Now a copy is built once per money version and
stored (donations/public/exports.py); a repeated request is answered from it (X-Cache: HIT)
without a query over the receipts, a large campaign's copy is built in the background, and
what would start a build is limited per client.
"""

import datetime

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse

from donations.models import Channel, Disclosure
from donations.public.statement import StatementFilters
from donations.services import record_receipt, reverse_receipt
from donations.testing import at, make_donor

pytest_plugins = ["donations.testing"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


DAY, NEXT_DAY = datetime.date(2026, 10, 20), datetime.date(2026, 10, 21)


@pytest.fixture
def statement(ledger_campaign):
    day = DAY
    named = make_donor("Nguyễn Văn An", public_display=Disclosure.FULL_NAME)
    hostile = make_donor('=HYPERLINK("https://evil.example/")', public_display=Disclosure.FULL_NAME)
    for index, donor in enumerate([named, hostile, None]):
        record_receipt(
            channel=Channel.CASH,
            amount=1_000_000 * (index + 1),
            received_at=at(day, 10 + index),
            campaign=ledger_campaign,
            donor=donor,
            receipt_book_number=f"Q21-{index:04d}",
        )
    wrong = record_receipt(
        channel=Channel.CASH,
        amount=9_000_000,
        received_at=at(day, 15),
        campaign=ledger_campaign,
        donor=named,
        receipt_book_number="Q21-0099",
    )
    reverse_receipt(wrong, reason="Nhập nhầm")
    return ledger_campaign


def url(campaign, **query):
    return reverse("donations_statement_csv", args=[campaign.slug]), query


def body(response):
    return b"".join(response.streaming_content).decode()


def receipt_queries(captured):
    return [q["sql"] for q in captured if "donations_receipt" in q["sql"]]


def test_second_request_comes_from_the_stored_copy(client, statement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path, query = url(statement)
    first = client.get(path, query)
    assert first.status_code == 200 and first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as captured:
        second = client.get(path, query)
    assert second.status_code == 200 and second["X-Cache"] == "HIT"
    assert receipt_queries(captured.captured_queries) == []
    text = body(second)
    assert text == body(first)
    # The content is what the export always wrote: BOM, heading, rows, formulas neutralised.
    heading = "Thời điểm nhận,Nhà hảo tâm,Số tiền (đồng),Hình thức,Tình trạng\r\n"
    assert text.startswith("\ufeff" + heading)
    assert len(text.strip().splitlines()) == 1 + 4
    assert "'=HYPERLINK" in text and "Đã hủy" in text
    assert second["Content-Type"] == "text/csv; charset=utf-8"
    expected = HttpResponse()
    expected["Content-Disposition"] = f'attachment; filename="sao-ke-{statement.slug}.csv"'
    assert second["Content-Disposition"] == expected["Content-Disposition"]


def test_a_new_gift_gives_a_new_copy(client, statement):
    path, _query = url(statement)
    client.get(path)
    record_receipt(
        channel=Channel.CASH,
        amount=7_777_000,
        received_at=at(NEXT_DAY, 9),
        campaign=statement,
        receipt_book_number="Q21-0100",
    )
    fresh = client.get(path)
    assert fresh["X-Cache"] == "MISS" and "7777000" in body(fresh)
    assert client.get(path)["X-Cache"] == "HIT"


def test_filters_have_their_own_copy_and_spellings_share_it(client, statement):
    path, _query = url(statement)
    one = client.get(path, {"tu_so_tien": "2.000.000", "den_so_tien": "3.000.000"})
    assert one["X-Cache"] == "MISS" and "Nguyễn Văn An" not in body(one)
    two = client.get(path, {"tu_so_tien": "2000000", "den_so_tien": "3000000 ₫", "rac": "x"})
    assert two["X-Cache"] == "HIT"
    assert client.get(path)["X-Cache"] == "MISS"


class QueueSpy:
    """Stands in for the build task: records what was queued, runs nothing."""

    def __init__(self):
        self.calls = []

    def enqueue(self, *args):
        self.calls.append(args)


@pytest.fixture
def large(settings, monkeypatch):
    """Every campaign counts as large; builds are queued, not run."""
    import donations.tasks

    settings.STATEMENT_CSV_INLINE_ROWS = 1
    spy = QueueSpy()
    monkeypatch.setattr(donations.tasks, "build_statement_csv", spy)
    return spy


def test_large_campaign_is_never_exported_in_the_request(client, statement, large):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from donations.public import exports

    path, _query = url(statement)
    with CaptureQueriesContext(connection) as captured:
        pending = client.get(path)
    assert pending.status_code == 503 and pending["Retry-After"]
    assert "đang được chuẩn bị" in pending.content.decode()
    # At most a bounded count of the campaign's receipts, never the rows themselves.
    assert not any("public_name" in sql for sql in receipt_queries(captured.captured_queries))
    assert len(large.calls) == 1
    assert client.get(path).status_code == 503
    assert len(large.calls) == 1  # one build at a time
    exports.build_by_id(*large.calls[0])  # what the worker does
    served = client.get(path)
    assert served["X-Cache"] == "HIT" and "Nguyễn Văn An" in body(served)


def test_while_a_new_copy_is_built_the_previous_one_is_served(client, statement, large):
    from donations.public import exports

    path, _query = url(statement)
    client.get(path)
    exports.build_by_id(*large.calls.pop())
    record_receipt(
        channel=Channel.CASH,
        amount=7_777_000,
        received_at=at(NEXT_DAY, 9),
        campaign=statement,
        receipt_book_number="Q21-0100",
    )
    stale = client.get(path)
    assert stale["X-Cache"] == "STALE" and "7777000" not in body(stale)
    assert len(large.calls) == 1
    assert client.get(path)["X-Cache"] == "STALE"
    assert len(large.calls) == 1
    exports.build_by_id(*large.calls.pop())
    fresh = client.get(path)
    assert fresh["X-Cache"] == "HIT" and "7777000" in body(fresh)


def test_starting_builds_is_limited_per_client(client, statement, settings):
    settings.STATEMENT_CSV_RATE_LIMIT = 2
    path, _query = url(statement)
    other = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get(path, {"ten": "aaa1"}).status_code == 200
    assert client.get(path, {"ten": "aaa2"}).status_code == 200
    refused = client.get(path, {"ten": "aaa3"})
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "quá nhiều" in refused.content.decode()
    # What is stored is still served, and another client has its own budget.
    assert client.get(path, {"ten": "aaa1"})["X-Cache"] == "HIT"
    assert client.get(path, {"ten": "aaa3"}, **other).status_code == 200


def test_old_copies_are_deleted(client, statement):
    from django.core.files.storage import default_storage

    from donations.public import exports

    path, _query = url(statement)
    client.get(path)
    first = exports.stored_copy(statement.pk, StatementFilters())
    record_receipt(
        channel=Channel.CASH,
        amount=5_000,
        received_at=at(NEXT_DAY, 9),
        campaign=statement,
        receipt_book_number="Q21-0101",
    )
    client.get(path)
    second = exports.stored_copy(statement.pk, StatementFilters())
    assert second.name != first.name
    assert default_storage.exists(second.name) and not default_storage.exists(first.name)


def test_the_page_cache_keeps_the_views_own_x_cache(client, statement, settings):
    settings.PAGE_CACHE_ENABLED = True
    path, _query = url(statement)
    assert client.get(path)["X-Cache"] == "MISS"
    assert client.get(path)["X-Cache"] == "HIT"


def test_filtered_copies_do_not_pile_up(client, statement, settings):
    import os
    import time

    from django.core.files.storage import default_storage

    from donations.public import exports

    path, _query = url(statement)
    client.get(path, {"ten": "nguyen"})
    filtered = exports.stored_copy(statement.pk, StatementFilters.from_query({"ten": "nguyen"}))
    old = time.time() - settings.STATEMENT_CSV_FILTERED_SECONDS - 60
    os.utime(default_storage.path(filtered.name), (old, old))
    client.get(path)  # any later build sweeps the folder
    assert not default_storage.exists(filtered.name)
