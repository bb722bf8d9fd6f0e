"""LedgerTotal buckets: one row per bucket key (NULL campaign and area included), written by an
upsert, so concurrent writers can neither duplicate a bucket nor lose an increment."""

import datetime
import threading
import time
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction

from donations.models import Channel, LedgerTotal
from donations.services import record_receipt, reverse_receipt
from donations.services import totals as ledger_totals
from tests.donations.conftest import at

DAY = datetime.date(2026, 10, 17)


def cash(fund, amount, book, campaign=None):
    return record_receipt(
        channel=Channel.CASH,
        amount=amount,
        received_at=at(DAY),
        fund=fund,
        campaign=campaign,
        receipt_book_number=book,
    )


@pytest.mark.django_db
def test_a_bucket_with_null_campaign_and_area_cannot_have_two_rows(fund):
    keys = {"fund": fund, "day": DAY, "channel": Channel.CASH, "donor_kind": ""}
    LedgerTotal.objects.create(**keys, amount=100, gifts=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerTotal.objects.create(**keys, amount=200, gifts=1)


@pytest.mark.django_db
def test_receipts_without_campaign_or_donor_add_up_in_one_row(fund):
    first = cash(fund, 300_000, "Q01-0001")
    cash(fund, 200_000, "Q01-0002")
    reverse_receipt(first, reason="Ghi nhầm số tiền")

    assert list(LedgerTotal.objects.values_list("amount", "gifts")) == [(200_000, 1)]
    assert ledger_totals.received(fund=fund) == ledger_totals.direct_received(fund=fund)


@pytest.mark.django_db
def test_one_upsert_writes_new_buckets_and_adds_to_existing_ones(fund, ledger_campaign):
    cash(fund, 100_000, "Q02-0001", campaign=ledger_campaign)
    existing = (fund.pk, ledger_campaign.pk, DAY, Channel.CASH.value, "", None)
    new = (fund.pk, None, DAY, Channel.BANK.value, "", None)

    ledger_totals.add_to_buckets({existing: (50_000, 2), new: (70_000, 1)})

    rows = LedgerTotal.objects.values_list("campaign_id", "channel", "amount", "gifts")
    assert sorted(rows, key=str) == sorted(
        [(ledger_campaign.pk, "cash", 150_000, 3), (None, "bank", 70_000, 1)], key=str
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_first_receipts_of_a_bucket_make_one_row(fund):
    """No receipt counter serialises these writers: only the unique index does."""
    writers = 6
    barrier = threading.Barrier(writers)
    errors = []

    def write(index):
        receipt = SimpleNamespace(
            fund_id=fund.pk,
            campaign_id=None,
            received_at=at(DAY),
            channel=Channel.CASH.value,
            donor_kind="",
            area_id=None,
            amount=1_000 * (index + 1),
        )
        try:
            barrier.wait()
            with transaction.atomic():
                ledger_totals.add_to_totals(receipt, +1)
                time.sleep(0.2)  # keep the transaction open while the others write
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(index,)) for index in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert list(LedgerTotal.objects.values_list("amount", "gifts")) == [
        (sum(1_000 * (index + 1) for index in range(writers)), writers)
    ]
