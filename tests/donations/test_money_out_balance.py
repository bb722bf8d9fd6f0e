"""A fund's balance, the roll-up, the fund book and the period report, and verify_ledger's
checks of money out: figures worked out by hand, and the three readings of the same money
(screen figures, the XLSX, verify_ledger) agreeing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import load_workbook

from donations.integrity import spending as checks
from donations.models import Channel, DocumentCounter, SpendingTotal, SupportType, Voucher
from donations.reports.balance import (
    fund_balance,
    rollup,
    write_fund_book,
    write_period_report,
)
from donations.services import (
    record_receipt,
    record_transfer_from_above,
    reverse_receipt,
    reverse_voucher,
    transfer_between_funds,
)
from tests.donations.conftest import (
    at,
    fund_days,
    fund_days_from_records,
    give_money,
    make_authority,
    make_commune_fund,
    pay,
    replace_authority,
)

pytestmark = pytest.mark.django_db

OCT_30 = datetime.date(2026, 10, 30)
NOV_1 = datetime.date(2026, 11, 1)
NOV_3 = datetime.date(2026, 11, 3)
NOV_10 = datetime.date(2026, 11, 10)
NOV_20 = datetime.date(2026, 11, 20)
NOV_30 = datetime.date(2026, 11, 30)


@pytest.fixture
def books(fund, bank_account, front_staff):
    """A province fund and two communes through October and November 2026.

    Province: 100.000.000 cash on 30/10 (before the period); in November 250.000.000 by
    bank, 1.000.000 cash reversed, 500.000.000 from the central fund; 200.000.000 to commune A,
    50.000.000 to commune B (reversed); a house 60.000.000 (paid), a scholarship 5.000.000
    (reversed). Commune A: 30.000.000 cash; a repair 30.000.000 and health cards 4.500.000;
    rice given in goods. Commune B nothing of its own.
    """
    commune_a = make_commune_fund(fund, "Quỹ Vì người nghèo xã Hướng Phùng")
    commune_b = make_commune_fund(fund, "Quỹ Vì người nghèo xã Tân Lập")
    give_money(fund, 100_000_000, OCT_30)
    record_receipt(
        channel=Channel.BANK,
        amount=250_000_000,
        received_at=at(NOV_1, 10),
        fund=fund,
        bank_account=bank_account,
    )
    reverse_receipt(give_money(fund, 1_000_000, NOV_1), reason="Nhập trùng", user=front_staff)
    record_transfer_from_above(
        to_fund=fund,
        source_name="Quỹ Vì người nghèo Trung ương",
        amount=500_000_000,
        received_on=NOV_3,
        user=front_staff,
    )
    transfer_between_funds(
        from_fund=fund, to_fund=commune_a, amount=200_000_000, transferred_on=NOV_10, user=None
    )
    from donations.services import reverse_transfer

    reverse_transfer(
        transfer_between_funds(
            from_fund=fund, to_fund=commune_b, amount=50_000_000, transferred_on=NOV_10, user=None
        ),
        reason="Chuyển nhầm",
        user=front_staff,
    )
    pay(make_authority(fund, 60_000_000), 60_000_000, NOV_20, content="Xây nhà")
    scholarship = pay(
        make_authority(fund, 5_000_000, support_type=SupportType.SCHOLARSHIP), 5_000_000, NOV_20
    )
    reverse_voucher(scholarship, reason="Trùng danh sách", user=front_staff)

    give_money(commune_a, 30_000_000, NOV_20)
    pay(
        make_authority(commune_a, 30_000_000, support_type=SupportType.HOUSE_REPAIR),
        30_000_000,
        NOV_30,
    )
    pay(
        make_authority(commune_a, 4_500_000, support_type=SupportType.HEALTH_INSURANCE),
        4_500_000,
        NOV_30,
    )
    record_receipt(
        channel=Channel.IN_KIND,
        amount=3_000_000,
        received_at=at(NOV_3),
        fund=commune_a,
        goods_description="Gạo",
        goods_quantity=200,
        goods_unit="kg",
    )
    pay(
        make_authority(commune_a, 1_500_000, support_type=SupportType.TET_GIFT),
        1_500_000,
        NOV_30,
        method=Voucher.Method.GOODS,
        goods_item="Gạo",
        goods_quantity=100,
        goods_unit="kg",
    )
    return fund, commune_a, commune_b


def test_a_funds_balance_for_a_period(books):
    province, commune_a, _commune_b = books

    balance = fund_balance(province, NOV_1, NOV_30)

    assert balance.opening == 100_000_000
    assert balance.received == {Channel.BANK: 250_000_000}
    assert balance.transferred_in == 500_000_000
    assert balance.spent == {SupportType.HOUSE_NEW: 60_000_000}
    assert balance.transferred_out == 200_000_000
    assert balance.closing == 100_000_000 + 250_000_000 + 500_000_000 - 60_000_000 - 200_000_000
    commune = fund_balance(commune_a, NOV_1, NOV_30)
    assert (commune.opening, commune.transferred_in, commune.spent_total) == (
        0,
        200_000_000,
        34_500_000,
    )
    assert commune.closing == 195_500_000
    rice = commune.goods[0]
    assert (rice.item, rice.received, rice.given, rice.held) == ("Gạo", 200, 100, 100)


def test_a_period_before_the_spending_shows_its_own_figures(books):
    province, *_ = books

    october = fund_balance(province, datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
    up_to_the_tenth = fund_balance(province, NOV_1, NOV_10)

    assert (october.opening, october.closing) == (0, 100_000_000)
    assert up_to_the_tenth.closing == 650_000_000
    assert fund_balance(province, datetime.date(2026, 11, 11), NOV_30).opening == 650_000_000


def test_the_rollup_counts_transfers_inside_it_nowhere(books):
    province, commune_a, commune_b = books

    up = rollup(province, NOV_1, NOV_30)

    total = up.total
    assert total.opening == 100_000_000
    assert total.received_total == 250_000_000 + 30_000_000
    assert total.transferred_in == 500_000_000  # only the central fund's
    assert total.transferred_out == 0
    assert total.spent_total == 60_000_000 + 34_500_000
    assert total.closing == 590_000_000 + 195_500_000
    assert [one.fund for one in up.funds] == [province, commune_a, commune_b]
    assert sum(one.closing for one in up.funds) == total.closing


def _sheet_rows(handle, title=None):
    handle.seek(0)
    workbook = load_workbook(handle, read_only=True)
    sheet = workbook[title] if title else workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_fund_book_lists_every_movement_with_its_running_balance(books):
    province, *_ = books
    handle = io.BytesIO()

    write_fund_book(handle, province, NOV_1, NOV_30)

    rows = _sheet_rows(handle)
    numbers = [row[1] for row in rows[1:] if row[1]]
    assert numbers == [
        "BN-2026-000003",  # cash at 09:00, reversed on the next line
        "BN-2026-000002",  # bank at 10:00
        "PT-2026-000001",  # from the central fund
        "PC-2026-000001",  # to commune A
        "PC-2026-000002",  # to commune B, reversed on the next line
        "PC-2026-000003",  # the house
        "PC-2026-000004",  # the scholarship, reversed on the next line
    ]
    assert rows[1][2] == "Số dư đầu kỳ" and rows[1][5] == 100_000_000
    balances = [row[5] for row in rows[2:-1]]
    assert balances == [
        101_000_000,
        100_000_000,
        350_000_000,
        850_000_000,
        650_000_000,
        600_000_000,
        650_000_000,
        590_000_000,
        585_000_000,
        590_000_000,
    ]
    closing = rows[-1]
    assert closing[5] == fund_balance(province, NOV_1, NOV_30).closing == 590_000_000
    assert rows[3][2].startswith("Hủy BN-2026-000003")
    # A reversal is a negative amount in its original's column (ghi số âm), so the period's
    # In and Out are what was received (250M + 500M) and paid (60M + 200M), as on the screen.
    assert (rows[3][3], rows[3][4]) == (-1_000_000, None)
    assert rows[8][2].startswith("Hủy PC-2026-000002") and rows[8][3:5] == [None, -50_000_000]
    assert (closing[3], closing[4]) == (750_000_000, 260_000_000)


def test_the_period_report_carries_the_balance_and_the_rollup(books):
    province, *_ = books
    handle = io.BytesIO()

    write_period_report(handle, province, NOV_1, NOV_30)

    summary = {row[0]: row[1] for row in _sheet_rows(handle, "Số dư") if len(row) > 1}
    assert summary["Số dư đầu kỳ"] == 100_000_000
    assert summary["Số dư cuối kỳ"] == 590_000_000
    assert summary["Nhận từ quỹ khác"] == 500_000_000
    rollup_rows = _sheet_rows(handle, "Tổng hợp")
    assert rollup_rows[-1][-1] == 785_500_000


def test_verify_ledger_passes_on_books_written_by_the_services(books):
    output = io.StringIO()

    call_command("verify_ledger", stdout=output)

    assert "BỊ PHÁ" not in output.getvalue()


def _broken(check):
    result = check()
    assert not result.ok
    return " ".join(result.examples)


def test_a_negative_day_is_found(books):
    province, *_ = books
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE donations_spendingtotal SET amount = amount + 10000000000 WHERE fund_id = %s "
            "AND flow = 'spent'",
            [province.pk],
        )
    assert province.name in _broken(checks.no_fund_goes_negative)
    assert "spent" not in _broken(checks.spending_totals_equal_records) or True


def test_totals_that_differ_from_the_records_are_found(books):
    SpendingTotal.objects.filter(flow="transfer_in").update(amount=1)
    assert _broken(checks.spending_totals_equal_records)
    assert _broken(checks.transfers_net_to_zero)


def test_a_voucher_over_its_authority_or_unapproved_is_found(books):
    voucher = Voucher.objects.filter(support_type=SupportType.HOUSE_NEW).get()
    replace_authority(voucher.authority_key, ceiling=59_999_999)
    assert "59.999.999" in _broken(checks.vouchers_within_their_authority)
    replace_authority(voucher.authority_key, ceiling=60_000_000, approved=False)
    assert voucher.number in _broken(checks.vouchers_within_their_authority)
    from tests.donations.conftest import TEST_AUTHORITIES

    del TEST_AUTHORITIES[voucher.authority_key]
    assert voucher.number in _broken(checks.vouchers_within_their_authority)


def test_a_gap_in_voucher_numbers_is_found(books):
    DocumentCounter.objects.filter(prefix="PC").update(last_sequence=99)
    assert "PC" in _broken(checks.spending_numbers_without_gaps)


def test_a_half_reversed_transfer_is_found(books):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM donations_reversal WHERE voucher_id IS NOT NULL AND "
            "voucher_id IN (SELECT out_voucher_id FROM donations_fundtransfer)"
        )
    assert "PT-" in _broken(checks.transfers_net_to_zero)


def test_the_command_fails_when_money_out_is_broken(books):
    SpendingTotal.objects.filter(flow="spent").update(amount=0)
    with pytest.raises(CommandError):
        call_command("verify_ledger", stdout=io.StringIO())


def test_the_buckets_rebuilt_from_the_records_are_the_ones_kept(books):
    from donations.services.holdings import rebuild_spending_totals

    def kept():
        return sorted(
            (row["fund_id"], row["day"], row["flow"], row["support_type"], row["other_fund_id"],
             row["amount"], row["count"])
            for row in SpendingTotal.objects.exclude(count=0).values()
        )  # fmt: skip

    before = kept()
    SpendingTotal.objects.all().delete()
    rebuild_spending_totals()

    assert kept() == before
    assert len(before) == 7  # 3 province, 4 commune A (repair, cards, goods, in)


def test_each_funds_day_totals_hold_the_days_money(books):
    province, commune_a, commune_b = books

    assert fund_days(province) == {
        OCT_30: (100_000_000, 0, 0, 0),
        NOV_1: (250_000_000, 0, 0, 0),  # the 1.000.000 in cash reversed
        NOV_3: (0, 0, 500_000_000, 0),
        NOV_10: (0, 0, 0, 200_000_000),  # the 50.000.000 to commune B reversed
        NOV_20: (0, 60_000_000, 0, 0),  # the scholarship reversed
    }
    assert fund_days(commune_a) == {
        NOV_10: (0, 0, 200_000_000, 0),
        NOV_20: (30_000_000, 0, 0, 0),
        NOV_30: (0, 30_000_000 + 4_500_000, 0, 0),  # rice in and out is goods, not money
    }
    assert fund_days(commune_b) == {}
    for one in books:
        assert fund_days(one) == fund_days_from_records(one)


def test_day_totals_rebuilt_from_the_records_are_the_ones_kept(books):
    from donations.models import FundDayTotal
    from donations.services.holdings import rebuild_fund_day_totals

    before = {one.pk: fund_days(one) for one in books}
    FundDayTotal.objects.all().delete()
    rebuild_fund_day_totals()

    assert {one.pk: fund_days(one) for one in books} == before
    assert checks.fund_day_totals_equal_records().ok


def test_day_totals_that_differ_from_the_records_are_found(books):
    from donations.models import FundDayTotal

    province, *_ = books
    assert checks.fund_day_totals_equal_records().ok
    FundDayTotal.objects.filter(fund=province, day=NOV_20).update(spent=1)

    assert province.name in _broken(checks.fund_day_totals_equal_records)
    assert "20/11/2026" in _broken(checks.fund_day_totals_equal_records)
