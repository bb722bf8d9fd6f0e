"""Invariants under concurrency, with real threads and connections (PostgreSQL only)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from donations.models import Allocation, Channel, Receipt
from donations.services import allocate, record_pledge, record_receipt, unallocated_amount
from donations.services import totals as ledger_totals
from tests.donations.conftest import at, make_donor, run_together

# serialized_rollback: the flush after each test empties the tables, including the page tree
# and groups that migrations create; they are restored before the next one.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8


def test_concurrent_allocations_never_exceed_the_receipt(ledger_campaign):
    donor = make_donor("Công ty CP Sữa Việt")
    pledges = [
        record_pledge(donor=donor, campaign=ledger_campaign, amount=4_000_000)
        for _ in range(THREADS)
    ]
    receipt = record_receipt(
        channel=Channel.CASH,
        amount=10_000_000,
        received_at=at(datetime.date(2026, 10, 20)),
        campaign=ledger_campaign,
        donor=donor,
        receipt_book_number="Q02-0001",
    )

    results = run_together(lambda index: allocate(receipt, pledges[index], 4_000_000), THREADS)

    succeeded = [result for result in results if isinstance(result, Allocation)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(succeeded) == 2, results
    assert len(refused) == THREADS - 2
    assert unallocated_amount(receipt) == 2_000_000


def test_concurrent_receipts_get_consecutive_numbers_and_exact_totals(ledger_campaign):
    def record(index):
        return record_receipt(
            channel=Channel.CASH,
            amount=100_000 + index,
            received_at=at(datetime.date(2026, 10, 21)),
            campaign=ledger_campaign,
            receipt_book_number=f"Q03-{index:04d}",
        )

    results = run_together(record, THREADS)

    assert all(isinstance(result, Receipt) for result in results), results
    sequences = sorted(Receipt.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS + 1))
    expected = sum(100_000 + index for index in range(THREADS))
    assert ledger_totals.received(campaign=ledger_campaign)["amount"] == expected
    assert ledger_totals.direct_received(campaign=ledger_campaign)["amount"] == expected
