"""The honour roll's running sums under concurrency (PostgreSQL only): gifts of one donor
recorded at once, while one of their gifts is reversed and the donor changes how they are
shown, leave exactly the rows the receipts sum to."""

import datetime

import pytest

from donations.models import Channel, Disclosure, HonourTotal
from donations.services import change_donor_disclosure, record_receipt, reverse_receipt
from donations.services.honour import honour_rows
from tests.conftest import run_together
from tests.donations.conftest import at, make_donor

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DAY = datetime.date(2026, 10, 20)


def stored():
    return {
        (row.campaign_id, row.donor_id, row.public_name): (row.amount, row.gifts)
        for row in HonourTotal.objects.all()
    }


def expected():
    return {
        (row["campaign_id"], row["donor_id"], row["public_name"]): (row["total"], row["count"])
        for row in honour_rows()
    }


def test_gifts_reversals_and_a_withdrawal_at_once_leave_exact_rows(ledger_campaign):
    donor = make_donor("Phạm Thị Hồng", public_display=Disclosure.FULL_NAME)
    early = record_receipt(
        channel=Channel.CASH,
        amount=5_000_000,
        received_at=at(DAY, 8),
        campaign=ledger_campaign,
        donor=donor,
        receipt_book_number="Q18-R000",
    )

    def give(index):
        return lambda: record_receipt(
            channel=Channel.CASH,
            amount=100_000 * (index + 1),
            received_at=at(DAY, 9 + index),
            campaign=ledger_campaign,
            donor=donor,
            receipt_book_number=f"Q18-R{index + 1:03d}",
        )

    jobs = [give(index) for index in range(6)]
    jobs.append(lambda: reverse_receipt(early, reason="Chuyển khoản bị hoàn"))
    jobs.append(lambda: change_donor_disclosure(donor, Disclosure.MASKED, reason="Tên rút gọn"))
    run_together(jobs)

    assert stored() == expected()
    # 100.000 + … + 600.000, all under one name; the reversed gift is out.
    assert sum(amount for amount, _gifts in stored().values()) == 2_100_000
