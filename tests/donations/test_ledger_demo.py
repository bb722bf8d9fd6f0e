"""The demo ledger: believable, complete (every channel and pledge state) and idempotent."""

import datetime

from django.db.models import Count

from donations import demo
from donations.models import (
    BankAccount,
    Channel,
    Donor,
    Pledge,
    PledgeStatus,
    Receipt,
    Reversal,
)
from donations.public.accounts import campaign_accounts
from donations.services import totals
from tests.campaigns.conftest import make_campaign


def test_demo_ledger_is_complete_and_idempotent(campaign_index, demo_campaign):
    current = demo_campaign
    past = make_campaign(
        campaign_index,
        title="Ngày vì người nghèo 2025",
        slug="ngay-vi-nguoi-ngheo-2025",
        start_date=datetime.date(2025, 10, 17),
        end_date=datetime.date(2025, 11, 18),
    )
    demo.load()
    counts = (Donor.objects.count(), Pledge.objects.count(), Receipt.objects.count())
    links = set(BankAccount.campaigns.through.objects.values_list("pk", flat=True))
    demo.load()
    assert (Donor.objects.count(), Pledge.objects.count(), Receipt.objects.count()) == counts
    assert set(BankAccount.campaigns.through.objects.values_list("pk", flat=True)) == links

    # The Fund's accounts, each campaign showing the ones the demo gives it; what staff
    # changed since is left alone.
    assert BankAccount.objects.filter(fund__isnull=False).count() == len(demo.ACCOUNTS)
    for campaign in (current, past):
        shown = [a.account_number for a in campaign_accounts(campaign)]
        assert sorted(shown) == sorted(demo.CAMPAIGN_ACCOUNTS[campaign.slug])
    removed = campaign_accounts(current).first()
    current.bank_accounts.remove(removed)
    demo.load()
    assert removed not in campaign_accounts(current)

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
