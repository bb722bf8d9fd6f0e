"""The demo ledger: believable, complete (every channel and pledge state) and idempotent."""

import datetime

from django.db.models import Count

from donations import demo
from donations.models import Channel, Donor, Pledge, PledgeStatus, Receipt, Reversal
from donations.services import totals
from donations.testing import make_bank_account
from tests.factories import make_campaign

pytest_plugins = ["donations.testing"]


def test_demo_ledger_is_complete_and_idempotent(campaign_index, demo_campaign):
    current = demo_campaign
    make_campaign(
        campaign_index,
        title="Ngày vì người nghèo 2025",
        slug="ngay-vi-nguoi-ngheo-2025",
        start_date=datetime.date(2025, 10, 17),
        end_date=datetime.date(2025, 11, 18),
    )
    make_bank_account(None, number="0771000160160")

    demo.load()
    counts = (Donor.objects.count(), Pledge.objects.count(), Receipt.objects.count())
    demo.load()
    assert (Donor.objects.count(), Pledge.objects.count(), Receipt.objects.count()) == counts

    assert 55 <= counts[0] <= 65
    channels = set(Receipt.objects.values_list("channel", flat=True))
    assert channels == set(Channel.values)
    statuses = {pledge.status for pledge in Pledge.objects.with_paid().filter(campaign=current)}
    assert {
        PledgeStatus.PAID,
        PledgeStatus.PARTLY_PAID,
        PledgeStatus.OPEN,
        PledgeStatus.OVERPAID,
        PledgeStatus.CANCELLED,
    } <= statuses
    assert Pledge.objects.overdue().exists()
    assert Reversal.objects.filter(receipt__isnull=False).exclude(reason="").exists()
    kinds = Donor.objects.values("kind").annotate(n=Count("id"))
    assert {row["kind"] for row in kinds} == {
        "business",
        "organisation",
        "individual",
        "household",
        "overseas",
    }
    assert totals.received(campaign=current) == totals.direct_received(campaign=current)
