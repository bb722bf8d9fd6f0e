"""What an earmarked pledge built, with the stage of each house: the ledger asks support for the
stage through the lookup support registers (donations.earmarks.register_stage_lookup)."""

import datetime

import pytest
from django.urls import reverse

from donations import earmarks
from donations.models import Channel, SupportType
from donations.services import record_pledge, record_receipt, transfer_between_funds
from support import services
from support.models import House
from tests.donations.conftest import at, make_donor

from .conftest import approved_decision

pytestmark = pytest.mark.django_db


def test_the_house_a_pledge_helped_build_shows_its_stage(client, support_world):
    w = support_world
    business = make_donor("Công ty Điện lực Quảng Trị", kind="business")
    pledge = record_pledge(
        donor=business, amount=60_000_000, fund=w.province_fund,
        pledged_on=datetime.date(2026, 10, 17), earmark_area=w.commune,
        earmark_support_type=SupportType.HOUSE_NEW,
    )  # fmt: skip
    record_receipt(
        channel=Channel.CASH, amount=60_000_000, fund=w.province_fund, donor=business,
        received_at=at(datetime.date(2026, 10, 21)), allocate_to=[(pledge, None)],
        receipt_book_number="BL-DL",
    )  # fmt: skip
    transfer_between_funds(
        from_fund=w.province_fund, to_fund=w.commune_fund, amount=60_000_000,
        transferred_on=datetime.date(2026, 10, 25), user=w.front,
    )  # fmt: skip
    decision = approved_decision(w, [w.household], fund=w.commune_fund)
    line = decision.lines.get()
    voucher = services.pay_line(
        line, amount=60_000_000, method="bank", paid_on=datetime.date(2026, 11, 10), user=w.front
    )
    services.advance_house_stage(
        House.objects.get(line=line), stage=House.Stage.STARTED,
        on=datetime.date(2026, 11, 12), user=w.front,
    )  # fmt: skip

    outcome = earmarks.outcome(pledge)
    assert [v.pk for v in outcome.vouchers] == [voucher.pk]
    assert (outcome.vouchers[0].stage_label, outcome.vouchers[0].stage_on) == (
        "Đã khởi công",
        datetime.date(2026, 11, 12),
    )
    client.force_login(w.front)
    page = client.get(reverse("pledge:inspect", args=[pledge.pk])).content.decode()
    assert voucher.number in page and "Đã khởi công (12/11/2026)" in page
