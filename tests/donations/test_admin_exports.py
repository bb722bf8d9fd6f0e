"""The donors' and pledges' spreadsheets staff download from the admin lists read as the screens
do: kinds and statuses in Vietnamese, dates dd/mm/yyyy in the CSV (date cells in the XLSX)."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from donations.services import record_pledge
from tests.donations.conftest import make_donor

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows_of(response):
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def test_the_donors_csv_names_each_kind_in_vietnamese(client, front_staff):
    make_donor("Công ty TNHH Thủy sản Cửa Việt", kind="business")
    client.force_login(front_staff)

    rows = rows_of(client.get(reverse("donor:index"), {"export": "csv"}))

    assert rows[0][:2] == ["Tên", "Loại"]
    assert rows[1][:2] == ["Công ty TNHH Thủy sản Cửa Việt", "Doanh nghiệp"]


def test_the_pledges_csv_writes_dates_the_vietnamese_way_and_the_xlsx_keeps_dates(
    client, front_staff, ledger_campaign
):
    donor = make_donor("Hợp tác xã Hồ tiêu Vĩnh Linh", kind="organisation")
    record_pledge(
        donor=donor, campaign=ledger_campaign, amount=60_000_000,
        pledged_on=datetime.date(2026, 10, 17), due_on=datetime.date(2026, 11, 5),
    )  # fmt: skip
    client.force_login(front_staff)

    rows = rows_of(client.get(reverse("pledge:index"), {"export": "csv"}))
    sheet = openpyxl.load_workbook(
        io.BytesIO(body(client.get(reverse("pledge:index"), {"export": "xlsx"})))
    ).active

    assert "17/10/2026" in rows[1] and "05/11/2026" in rows[1]
    assert not any("2026-10-17" in cell for cell in rows[1])
    values = [cell.value for cell in sheet[2]]
    assert datetime.datetime(2026, 11, 5) in values or datetime.date(2026, 11, 5) in values
