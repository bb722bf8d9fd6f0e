"""Reports: the XLSX campaign report carries the same totals as the admin dashboard."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from donations.models import Channel, Disclosure, DonorKind
from donations.services import allocate, record_pledge, record_receipt, reverse_receipt
from donations.services import totals as ledger_totals
from tests.donations.conftest import at, make_bank_account, make_donor
from tests.sitewide.conftest import make_area

DAY = datetime.date(2026, 10, 20)


@pytest.fixture
def busy_campaign(ledger_campaign, fund):
    account = make_bank_account(fund)
    cam_lo, gio_linh = make_area("Xã Cam Lộ"), make_area("Xã Gio Linh")
    business = make_donor("Công ty TNHH Sao Mai", kind=DonorKind.BUSINESS, area=cam_lo)
    person = make_donor("Hoàng Thị Lan", area=gio_linh, public_display=Disclosure.MASKED)
    overseas = make_donor("Phạm Văn Kiều", kind=DonorKind.OVERSEAS)
    big = record_pledge(
        donor=business,
        campaign=ledger_campaign,
        amount=200_000_000,
        pledged_on=datetime.date(2026, 10, 17),
        due_on=datetime.date(2026, 10, 31),
    )
    record_pledge(donor=person, campaign=ledger_campaign, amount=5_000_000, due_on=None)
    transfer = record_receipt(
        channel=Channel.BANK,
        amount=120_000_000,
        received_at=at(DAY, 9),
        campaign=ledger_campaign,
        donor=business,
        bank_account=account,
    )
    allocate(transfer, big)
    record_receipt(
        channel=Channel.CASH,
        amount=2_000_000,
        received_at=at(DAY, 10),
        campaign=ledger_campaign,
        donor=person,
        receipt_book_number="Q12-0001",
    )
    record_receipt(
        channel=Channel.ONLINE,
        amount=500_000,
        received_at=at(DAY, 11),
        campaign=ledger_campaign,
        donor=overseas,
        gateway="vnpay",
        gateway_reference="14000001",
    )
    record_receipt(
        channel=Channel.IN_KIND,
        amount=80_000_000,
        received_at=at(DAY, 12),
        campaign=ledger_campaign,
        goods_description="300 tấn xi măng",
    )
    mistake = record_receipt(
        channel=Channel.CASH,
        amount=7_000_000,
        received_at=at(DAY, 13),
        campaign=ledger_campaign,
        receipt_book_number="Q12-0002",
    )
    reverse_receipt(mistake, reason="Ghi trùng")
    return ledger_campaign


def money(text):
    return int(re.sub(r"\D", "", text))


def dashboard_figures(client, campaign):
    body = client.get(reverse("ledger:index"), {"campaign": campaign.pk}).content.decode()
    figures = dict(re.findall(r'data-figure="([a-z_]+)">([^<(]*)', body))
    return {key: money(value) for key, value in figures.items() if key != "received-today"}


def summary_sheet(workbook):
    values = {}
    for row in workbook["Tổng hợp"].iter_rows(values_only=True):
        if row and row[0] and len(row) > 1 and isinstance(row[1], int):
            values.setdefault(row[0], row[1])
    return values


def test_report_totals_equal_the_dashboard(client, busy_campaign, front_staff, tmp_path):
    client.force_login(front_staff)
    screen = dashboard_figures(client, busy_campaign)
    assert screen["received"] == 202_500_000  # the reversed 7 million is not counted
    assert screen["in_kind"] == 80_000_000 and screen["gifts"] == 4
    assert screen["pledged"] == 205_000_000 and screen["paid"] == 120_000_000

    output = tmp_path / "bao-cao.xlsx"
    call_command("export_campaign_report", busy_campaign.slug, output=str(output))
    workbook = load_workbook(output, read_only=True)
    summary = summary_sheet(workbook)
    assert summary["Đã tiếp nhận (tiền và hiện vật, đã đối soát)"] == screen["received"]
    assert summary["trong đó hiện vật (quy đổi)"] == screen["in_kind"]
    assert summary["Số lượt ủng hộ"] == screen["gifts"]
    assert summary["Đã đăng ký"] == screen["pledged"]
    assert summary["Đã nộp theo cam kết"] == screen["paid"]
    assert summary["Còn phải nộp theo cam kết"] == screen["outstanding"]
    assert summary["Quá hạn theo cam kết"] == screen["overdue"]

    receipts = list(workbook["Phiếu thu"].iter_rows(values_only=True))
    assert len([row for row in receipts[1:] if row and row[0] and row[0].startswith("BN-")]) == 5
    total_row = receipts[-1]
    assert total_row[0] == "Tổng được tính"
    assert (total_row[6], total_row[7]) == (screen["received"], screen["gifts"])

    per_donor = [row for row in workbook["Cam kết theo nhà hảo tâm"].iter_rows(values_only=True)]
    assert sum(row[3] for row in per_donor[1:]) == screen["pledged"]
    assert sum(row[4] for row in per_donor[1:]) == screen["paid"]
    assert sum(row[5] for row in per_donor[1:]) == screen["outstanding"]


def test_breakdowns_in_the_report_match_the_running_totals(busy_campaign, tmp_path):
    output = tmp_path / "bao-cao.xlsx"
    call_command("export_campaign_report", busy_campaign.slug, output=str(output))
    rows = list(load_workbook(output, read_only=True)["Tổng hợp"].iter_rows(values_only=True))
    start = rows.index(("Theo hình thức", "Số tiền", "Lượt"))
    by_channel = {row[0]: row[1] for row in rows[start + 1 : start + 5]}
    assert by_channel == {
        "Chuyển khoản": 120_000_000,
        "Hiện vật": 80_000_000,
        "Tiền mặt tại cơ quan": 2_000_000,
        "Thanh toán trực tuyến": 500_000,
    }
    start = rows.index(("Theo địa bàn", "Số tiền", "Lượt"))
    by_area = {row[0]: row[1] for row in rows[start + 1 :] if row and row[0]}
    assert by_area == {
        "Xã Cam Lộ": 120_000_000,
        "Chưa rõ địa bàn": 80_500_000,
        "Xã Gio Linh": 2_000_000,
    }
    direct = ledger_totals.direct_received(campaign=busy_campaign)
    assert sum(by_channel.values()) == direct["amount"]


def test_admin_download_is_the_same_workbook(client, busy_campaign, front_staff):
    client.force_login(front_staff)
    response = client.get(reverse("ledger:campaign_report", args=[busy_campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a zip: an XLSX workbook


def test_export_command_refuses_an_unknown_campaign(db, tmp_path):
    with pytest.raises(CommandError, match="Không có chiến dịch"):
        call_command("export_campaign_report", "khong-co", output=str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


def test_fast_row_writer_writes_the_same_cells_as_openpyxl_append(busy_campaign, tmp_path):
    from donations.reports.campaign import campaign_sheets
    from donations.reports.workbook import write_workbook

    write_workbook(tmp_path / "fast.xlsx", campaign_sheets(busy_campaign), fast=True)
    write_workbook(tmp_path / "plain.xlsx", campaign_sheets(busy_campaign), fast=False)
    fast, plain = load_workbook(tmp_path / "fast.xlsx"), load_workbook(tmp_path / "plain.xlsx")
    assert fast.sheetnames == plain.sheetnames
    for name in fast.sheetnames:
        rows = [
            [(cell.value, cell.number_format, cell.font.b) for cell in row]
            for row in fast[name].iter_rows()
        ]
        expected = [
            [(cell.value, cell.number_format, cell.font.b) for cell in row]
            for row in plain[name].iter_rows()
        ]
        if name == "Tổng hợp":  # row 3 holds the moment each report was made
            rows, expected = rows[:2] + rows[3:], expected[:2] + expected[3:]
        assert rows == expected, name
    receipt = plain["Phiếu thu"]["B2"]
    assert receipt.number_format == "dd/mm/yyyy hh:mm"
    assert receipt.value == datetime.datetime(2026, 10, 20, 9, 0)  # Vietnamese time
    assert plain["Phiếu thu"]["G2"].number_format == "#,##0"
