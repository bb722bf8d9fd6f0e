"""'Kiểm tra khoản ủng hộ' finds online gifts by their payment code (giving/gift_checks.py)."""

import re

import pytest
from django.urls import reverse

from donations.models import Disclosure
from donations.public import checks
from giving.gift_checks import online_gift_awaiting_money, receipts_of_online_gifts
from giving.models import GiftMethod
from giving.services.transfers import record_transfer
from tests.donations.conftest import at
from tests.giving.conftest import make_gift

NOT_FOUND = "Không tìm thấy khoản ủng hộ"
NOT_YET = "chưa nhận được tiền"


def answer(client, reference, amount):
    body = client.post(
        reverse("donations_check_gift"), {"reference": reference, "amount": amount}
    ).content.decode()
    return re.sub(r"\s+", " ", body)


@pytest.fixture
def paid_transfer(giving_campaign, giving_account):
    gift = make_gift(
        giving_campaign,
        amount=300_000,
        method=GiftMethod.TRANSFER,
        disclosure=Disclosure.MASKED,
        donor_name="Nguyễn Văn Bình",
        consent=True,
        phone="0912345678",
    )
    record_transfer(
        gift,
        amount=298_000,  # the bank took a fee
        received_at=at(giving_campaign.start_date, 10),
        bank_account=giving_account,
        bank_reference="FT26330001",
        memo=f"MBVCB.6986253876.{gift.payment_code} UNG HO",
    )
    gift.refresh_from_db()
    return gift


def test_the_lookups_are_registered_by_the_giving_app():
    assert receipts_of_online_gifts in checks.REFERENCE_LOOKUPS
    assert online_gift_awaiting_money in checks.AWAITING_LOOKUPS


def test_a_paid_transfer_shows_received_date_and_public_name(client, paid_transfer):
    day = paid_transfer.receipt.received_at.strftime("%d/%m/%Y")
    for amount in ("298.000", "300000"):  # what arrived, or what the donor meant to give
        body = answer(client, paid_transfer.payment_code.lower(), amount)
        assert f"Đã nhận: 298.000 ₫ ngày {day}." in body
        assert "Nguyễn V. B." in body
        assert "0912345678" not in body and "Nguyễn Văn Bình" not in body
        assert NOT_FOUND not in body


def test_a_pending_transfer_says_not_yet_received(client, giving_campaign):
    gift = make_gift(giving_campaign, amount=500_000, method=GiftMethod.TRANSFER)
    body = answer(client, f" {gift.payment_code} ", "500.000 ₫")
    assert NOT_YET in body
    assert "Đã nhận" not in body and NOT_FOUND not in body


def test_a_wrong_amount_says_nothing_about_the_gift(client, giving_campaign, paid_transfer):
    pending = make_gift(giving_campaign, amount=500_000, method=GiftMethod.TRANSFER)
    unknown = answer(client, "UH2222226", "298.000")
    for reference, amount in ((paid_transfer.payment_code, "297.000"), (pending.payment_code, "1")):
        body = answer(client, reference, amount)
        assert NOT_FOUND in body
        assert NOT_YET not in body and "Đã nhận" not in body and "Nguyễn V. B." not in body
        miss = re.search(r'<p class="notice" role="status">(.*?)</p>', body).group(1)
        assert miss == re.search(r'<p class="notice" role="status">(.*?)</p>', unknown).group(1)


def test_a_failed_vnpay_gift_is_not_reported_as_awaiting(client, giving_campaign):
    gift = make_gift(giving_campaign, amount=200_000, method=GiftMethod.VNPAY)
    gift.status = "failed"
    gift.save(update_fields=["status"])
    body = answer(client, gift.payment_code, "200.000")
    assert NOT_FOUND in body and NOT_YET not in body
