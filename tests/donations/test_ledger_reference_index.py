"""Ledger records stay out of Wagtail's reference index: thousands are written a minute on a
campaign night, and "what refers to this campaign" is asked of the ledger, not of "Usage"."""

import datetime

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex

from donations.models import Allocation, Channel, Receipt, Reversal
from donations.services import record_pledge, record_receipt, reverse_receipt
from reconciliation.models import Decision
from tests.donations.conftest import at


def test_receipts_allocations_and_reversals_write_no_reference_rows(
    ledger_campaign, donor, front_staff
):
    for model in (Receipt, Allocation, Reversal, Decision):
        ReferenceIndex.register_model(model)  # what registering an admin viewset does
        assert not ReferenceIndex.is_indexed(model)
    pledge = record_pledge(
        donor=donor,
        campaign=ledger_campaign,
        amount=5_000_000,
        pledged_on=datetime.date(2026, 10, 17),
        user=front_staff,
    )
    receipt = record_receipt(
        channel=Channel.CASH,
        amount=5_000_000,
        received_at=at(datetime.date(2026, 10, 20)),
        receipt_book_number="Q01-0007",
        campaign=ledger_campaign,
        donor=donor,
        allocate_to=[(pledge, None)],
        user=front_staff,
    )
    reverse_receipt(receipt, reason="Ghi nhầm chiến dịch", user=front_staff)

    ledger_types = ContentType.objects.get_for_models(Receipt, Allocation, Reversal).values()
    assert not ReferenceIndex.objects.filter(content_type__in=ledger_types).exists()
