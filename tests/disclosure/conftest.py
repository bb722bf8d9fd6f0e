"""Builders for disclosure's tests: support's world (a province fund with money, a commune
fund, board and staff, a household whose every private field is filled) plus a campaign of the
province fund with named, masked and anonymous gifts (from donors with contact details), a
gift in kind, and an approved house decision of the campaign paid for the secret household."""

import datetime

import pytest

from donations.models import Channel, Disclosure, Voucher
from donations.services import record_receipt
from public_record.models import Entry
from support import services as support_services
from tests.campaigns.conftest import make_campaign
from tests.donations.conftest import at, link_campaign, make_bank_account, make_donor
from tests.public_record.conftest import signing_key  # noqa: F401 - a fixed key for checkpoints
from tests.support.conftest import DAY, approved_decision, support_world  # noqa: F401

SECRET_DONOR_PHONE = "0912345678"
SECRET_DONOR_EMAIL = "an.bi.mat@example.vn"
SECRET_DONOR_ADDRESS = "Số 9 ngõ Bí Mật"
SECRET_MEMO = "CK UNG HO BAO LU SDT 0912345678"
SECRET_PAYER = "NGUYEN VAN AN BI MAT"


def gift(world, amount, day, donor=None, disclosure=None, **details):
    details.setdefault("channel", Channel.CASH)
    if details["channel"] == Channel.CASH:
        details.setdefault("receipt_book_number", f"Q{amount}")
    return record_receipt(
        amount=amount,
        received_at=at(day),
        fund=world.province_fund,
        campaign=world.campaign,
        donor=donor,
        disclosure=disclosure,
        **details,
    )


def entries_text():
    return "\n".join(Entry.objects.order_by("index").values_list("data", flat=True))


@pytest.fixture
def world(support_world, campaign_index, django_capture_on_commit_callbacks):  # noqa: F811
    w = support_world
    w.campaign = link_campaign(make_campaign(campaign_index), w.province_fund)
    w.account = make_bank_account(w.province_fund)
    w.donor = make_donor(
        "Nguyễn Văn An", phone=SECRET_DONOR_PHONE, email=SECRET_DONOR_EMAIL,
        address=SECRET_DONOR_ADDRESS,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        w.named = gift(w, 5_000_000, datetime.date(2026, 10, 21), w.donor, Disclosure.FULL_NAME)
        w.bank = gift(
            w, 3_000_000, datetime.date(2026, 10, 22), channel=Channel.BANK,
            bank_account=w.account, memo=SECRET_MEMO, payer_name=SECRET_PAYER,
        )  # fmt: skip
        w.goods = gift(
            w, 2_000_000, datetime.date(2026, 10, 22), channel=Channel.IN_KIND,
            goods_description="Gạo", goods_quantity=200, goods_unit="kg",
        )  # fmt: skip
        decision = support_services.propose_decision(
            fund=w.province_fund,
            support_level=w.house_level,
            title="Hỗ trợ xây mới nhà Đại đoàn kết đợt 1",
            beneficiaries=[w.household],
            user=w.front,
            campaign=w.campaign,
        )
        w.decision = support_services.approve_decision(
            decision, user=w.board, number="7/QĐ-BVĐ", decided_on=DAY
        )
        w.line = w.decision.lines.get()
        w.voucher = support_services.pay_line(
            w.line, amount=60_000_000, method=Voucher.Method.BANK, paid_on=DAY, user=w.front
        )
    return w
