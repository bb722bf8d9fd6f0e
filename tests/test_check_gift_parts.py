"""'Kiểm tra khoản ủng hộ' finds a pledge paid in several parts (by its code and the amount
pledged, paid in all, or one part) and a transfer split into several receipts (by the amount
as sent), on ledgers built by hand."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from donations.models import Channel, DonorKind
from donations.public.checks import find_gifts
from donations.services import allocate, record_pledge, record_receipt, reverse_receipt
from donations.testing import at, make_bank_account, make_donor
from reconciliation.models import Decision, StatementLine
from reconciliation.services import reverse_decision, split_line, take_lines
from reconciliation.services.intake import statement_incoming
from reconciliation.statements import StatementLine as ParsedLine

pytest_plugins = ["donations.testing"]

DAY = datetime.date(2026, 10, 20)
NOT_FOUND = "Không tìm thấy khoản ủng hộ"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def numbers(reference, amount):
    return sorted(receipt.number for receipt in find_gifts(reference, amount))


def answer(client, reference, amount):
    body = client.post(
        reverse("donations_check_gift"), {"reference": reference, "amount": amount}
    ).content.decode()
    return re.sub(r"\s+", " ", body)


@pytest.fixture
def parts(ledger_campaign, fund):
    """A pledge of 150.000.000 paid by a transfer (50.000.000), cash (30.000.000) and 25.000.000
    of a 90.000.000 transfer that also paid another pledge: 105.000.000 paid in three parts."""
    account = make_bank_account(fund)
    donor = make_donor("Công ty CP Xây dựng Trường Sơn", kind=DonorKind.BUSINESS)
    pledge = record_pledge(
        donor=donor, campaign=ledger_campaign, amount=150_000_000, pledged_on=DAY
    )
    other = record_pledge(donor=donor, campaign=ledger_campaign, amount=65_000_000, pledged_on=DAY)

    def gift(amount, hour, **kwargs):
        if "receipt_book_number" not in kwargs:
            kwargs.update(channel=Channel.BANK, bank_account=account)
        else:
            kwargs.update(channel=Channel.CASH)
        return record_receipt(
            amount=amount,
            received_at=at(DAY, hour),
            campaign=ledger_campaign,
            donor=donor,
            **kwargs,
        )

    first = gift(50_000_000, 9, bank_reference="FT26293001")
    allocate(first, pledge)
    cash = gift(30_000_000, 10, receipt_book_number="Q03-0007")
    allocate(cash, pledge)
    shared = gift(90_000_000, 11, bank_reference="FT26293002")
    allocate(shared, pledge, 25_000_000)
    allocate(shared, other, 65_000_000)
    return {"pledge": pledge, "other": other, "first": first, "cash": cash, "shared": shared}


def test_a_pledge_paid_in_parts_is_found_by_what_was_pledged_or_paid(parts):
    code = parts["pledge"].code
    every_part = sorted(parts[key].number for key in ("first", "cash", "shared"))
    assert numbers(code, 150_000_000) == every_part  # pledged
    assert numbers(code, 105_000_000) == every_part  # paid in all
    assert numbers(code, 30_000_000) == [parts["cash"].number]  # one part
    assert numbers(code, 25_000_000) == [parts["shared"].number]  # its part of a transfer
    assert numbers(code, 90_000_000) == [parts["shared"].number]  # that transfer as sent
    assert numbers(code.lower(), 150_000_000) == every_part
    assert numbers(code, 104_000_000) == []
    assert numbers(parts["other"].code, 150_000_000) == []


def test_a_reversed_part_stops_counting_towards_what_was_paid(parts):
    code = parts["pledge"].code
    reverse_receipt(parts["cash"], reason="Ghi nhầm số tiền")
    assert numbers(code, 105_000_000) == []
    assert numbers(code, 75_000_000) == sorted([parts["first"].number, parts["shared"].number])


def test_the_page_shows_each_part_and_the_pledges_progress(client, parts):
    body = answer(client, parts["pledge"].code, "150.000.000")
    code = parts["pledge"].code
    assert f"Cam kết {code}: 150.000.000 ₫; đã nhận 105.000.000 ₫, qua 3 lần." in body, body
    for amount in ("50.000.000", "30.000.000", "90.000.000"):
        assert f"Đã nhận: {amount} ₫ ngày 20/10/2026." in body
    assert NOT_FOUND not in body
    miss = answer(client, parts["pledge"].code, "104.000.000")
    assert NOT_FOUND in miss and "Cam kết" not in miss


@pytest.fixture
def split(ledger_campaign, fund, front_staff):
    """A transfer of 100.000.000 from a company that paid its own pledge (60.000.000) and its
    director's (40.000.000); staff split the line, which records two receipts."""
    account = make_bank_account(fund)
    company = make_donor("Công ty TNHH Thủy sản Cửa Tùng", kind=DonorKind.BUSINESS)
    director = make_donor("Phan Văn Lực")
    pledge_a = record_pledge(
        donor=company, campaign=ledger_campaign, amount=60_000_000, pledged_on=DAY
    )
    pledge_b = record_pledge(
        donor=director, campaign=ledger_campaign, amount=40_000_000, pledged_on=DAY
    )
    memo = f"CT TNHH THUY SAN CUA TUNG {pledge_a.code} UNG HO"
    parsed = ParsedLine(row=None, booked_at=at(DAY, 14), amount=100_000_000, memo=memo)
    take_lines(account, statement_incoming(account, [parsed]))
    line = StatementLine.objects.get(memo=memo)
    assert line.in_queue  # the code's pledge owes less than the line: staff decide
    decision = split_line(line, [(pledge_a, 60_000_000), (pledge_b, 40_000_000)], user=front_staff)
    receipts = {receipt.amount: receipt for receipt in decision.receipts.all()}
    return {
        "a": pledge_a,
        "b": pledge_b,
        "decision": decision,
        "receipt_a": receipts[60_000_000],
        "receipt_b": receipts[40_000_000],
        "user": front_staff,
    }


def test_a_split_transfer_is_found_by_the_amount_as_sent(split):
    both = sorted([split["receipt_a"].number, split["receipt_b"].number])
    assert numbers(split["a"].code, 100_000_000) == both  # the code the donor wrote
    assert numbers(split["b"].code, 100_000_000) == both  # a pledge code it paid
    assert numbers(split["receipt_b"].number, 100_000_000) == both  # a receipt number
    assert numbers(split["a"].code, 60_000_000) == [split["receipt_a"].number]
    assert numbers(split["b"].code, 40_000_000) == [split["receipt_b"].number]
    assert numbers(split["a"].code, 99_000_000) == []


def test_a_reversed_split_is_not_found_by_the_amount_as_sent(split):
    reverse_decision(split["decision"], reason="Chia sai", user=split["user"])
    assert numbers(split["a"].code, 100_000_000) == []
    assert Decision.objects.filter(line=split["decision"].line).count() == 2


def test_the_page_shows_the_parts_of_a_split_transfer(client, split):
    body = answer(client, split["a"].code.lower(), "100.000.000 ₫")
    assert "Tìm thấy 2 khoản, tổng cộng 100.000.000 ₫." in body, body
    assert "Đã nhận: 60.000.000 ₫ ngày 20/10/2026." in body
    assert "Đã nhận: 40.000.000 ₫ ngày 20/10/2026." in body
    assert NOT_FOUND not in body


def test_a_memo_with_two_codes_split_automatically_is_found_as_sent(ledger_campaign, fund):
    account = make_bank_account(fund)
    one = record_pledge(
        donor=make_donor("Nguyễn Thị Mai"),
        campaign=ledger_campaign,
        amount=3_000_000,
        pledged_on=DAY,
    )
    two = record_pledge(
        donor=make_donor("Nguyễn Văn Tâm"),
        campaign=ledger_campaign,
        amount=2_000_000,
        pledged_on=DAY,
    )
    memo = f"UNG HO {one.code} {two.code}"
    parsed = ParsedLine(row=None, booked_at=at(DAY, 15), amount=5_000_000, memo=memo)
    take_lines(account, statement_incoming(account, [parsed]))
    assert not StatementLine.objects.get(memo=memo).in_queue
    found = find_gifts(two.code, 5_000_000)
    assert sorted(receipt.amount for receipt in found) == [2_000_000, 3_000_000]
