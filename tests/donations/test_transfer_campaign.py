"""A transfer of a campaign's money carries the campaign: on its out-voucher and its in-record,
in both funds' day buckets, offered by the transfer form among the campaigns of the sending fund
only; the balances and the roll-up are those of any transfer (a transfer is not spending)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from donations.integrity import registered
from donations.models import Flow, FundTransfer, SpendingTotal, Voucher
from donations.reports.balance import fund_balance, rollup
from donations.services import reverse_transfer, transfer_between_funds
from tests.campaigns.conftest import make_campaign
from tests.donations.conftest import give_money, link_campaign, make_commune_fund

pytestmark = pytest.mark.django_db

NOV_2 = datetime.date(2026, 11, 2)
NOV_5 = datetime.date(2026, 11, 5)


@pytest.fixture
def funds(fund, campaign_index):
    commune = make_commune_fund(fund)
    give_money(fund, 200_000_000, NOV_2)
    ours = link_campaign(make_campaign(campaign_index), fund)
    theirs = link_campaign(
        make_campaign(campaign_index, title="Tết vì người nghèo xã Hướng Phùng 2027"), commune
    )
    return fund, commune, ours, theirs


def ledger_checks_failing():
    """verify_ledger's checks of the ledger itself (publishing is disclosure's, on commit)."""
    return [
        check.name
        for check in registered()
        if check.name.startswith("donations.") and not check.run().ok
    ]


def test_both_sides_and_both_buckets_carry_the_campaign(funds):
    fund, commune, ours, _theirs = funds

    transfer = transfer_between_funds(
        from_fund=fund, to_fund=commune, amount=80_000_000, transferred_on=NOV_5, user=None,
        campaign=ours,
    )  # fmt: skip

    assert transfer.campaign == ours and transfer.out_voucher.campaign == ours
    buckets = {
        (row.fund_id, row.flow): (row.campaign_id, row.other_fund_id, row.amount)
        for row in SpendingTotal.objects.all()
    }
    assert buckets == {
        (fund.pk, Flow.TRANSFER_OUT): (ours.pk, commune.pk, 80_000_000),
        (commune.pk, Flow.TRANSFER_IN): (ours.pk, fund.pk, 80_000_000),
    }
    # Balances as for any transfer: 200.000.000 received, 80.000.000 passed down.
    assert fund_balance(fund, NOV_2, NOV_5).closing == 120_000_000
    assert fund_balance(commune, NOV_2, NOV_5).closing == 80_000_000
    together = rollup(fund, NOV_2, NOV_5).total
    assert (together.transferred_in, together.transferred_out) == (0, 0)
    assert (together.received_total, together.spent_total, together.closing) == (
        200_000_000, 0, 200_000_000,
    )  # fmt: skip
    assert ledger_checks_failing() == []

    reverse_transfer(transfer, reason="Chuyển nhầm quỹ", user=None)
    assert set(SpendingTotal.objects.values_list("amount", flat=True)) == {0}
    assert ledger_checks_failing() == []


def test_a_campaign_that_does_not_collect_into_the_sending_fund_is_refused(funds):
    fund, commune, _ours, theirs = funds

    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        transfer_between_funds(
            from_fund=fund, to_fund=commune, amount=10_000_000, transferred_on=NOV_5,
            user=None, campaign=theirs,
        )  # fmt: skip

    assert refused.value.message_dict == {
        "campaign": [
            "Tết vì người nghèo xã Hướng Phùng 2027 không thu vào Quỹ Vì người nghèo tỉnh "
            "Quảng Trị: không thể chuyển tiền của chiến dịch này từ quỹ đó."
        ]
    }
    assert not FundTransfer.objects.exists() and not Voucher.objects.exists()


def options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option value=\"(\d+)\"[^>]*>([^<]+)</option>", select)


def test_the_form_offers_the_campaigns_of_the_sending_fund(client, funds, front_staff):
    fund, commune, ours, theirs = funds
    client.force_login(front_staff)
    url = reverse("fundtransfer:add")
    data = {
        "from_fund": fund.pk,
        "to_fund": commune.pk,
        "amount": "30.000.000",
        "transferred_on": "05/11/2026",
    }

    form = client.get(url).content.decode()
    offered = dict(options(form, "campaign"))
    assert offered[str(ours.pk)] == "Ngày vì người nghèo 2026"
    refused = client.post(url, {**data, "campaign": theirs.pk}, HTTP_ACCEPT_LANGUAGE="vi")
    done = client.post(url, {**data, "campaign": ours.pk, "reference": "UNC 7"})
    plain = client.post(url, {**data, "reference": "UNC 8"})

    assert refused.status_code == 200
    assert "không thu vào Quỹ Vì người nghèo tỉnh Quảng Trị" in refused.content.decode()
    transfer = FundTransfer.objects.get(reference="UNC 7")
    assert done.status_code == 302 and transfer.campaign == ours
    assert transfer.out_voucher.campaign == ours
    assert FundTransfer.objects.get(reference="UNC 8").campaign is None
    assert plain.status_code == 302
    page = client.get(reverse("fundtransfer:inspect", args=[transfer.pk])).content.decode()
    assert "Ngày vì người nghèo 2026" in page
    assert FundTransfer.objects.count() == 2
