"""A commune's official list from XLSX or CSV: all or nothing, a Vietnamese refusal naming the
row and the column, formulas refused, no duplicate CCCD; the template downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from support.imports import COLUMNS
from support.models import Beneficiary, Category, Gender
from tests.support.conftest import SECRET_CCCD

pytestmark = pytest.mark.django_db

HEADINGS = [column.heading for column in COLUMNS]
GOOD = [
    ["Hồ Văn Lục", "Nam", "5", "Hộ nghèo", "045180000001", "+84 912 345 678", "Thôn Cheng", "", ""],
    ["Trần Thị Lan", "Nữ", "3", "hộ cận nghèo", "", "", "", "", "Chồng mất"],
]


def csv_file(rows, name="danh-sach.csv"):
    text = "\n".join(",".join(row) for row in [HEADINGS, *rows])
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in [HEADINGS, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def post(client, world, upload):
    with translation.override("vi"):
        return client.post(
            reverse("beneficiary:import"),
            {"commune": world.commune.pk, "list_year": 2026, "file": upload},
            HTTP_ACCEPT_LANGUAGE="vi",
        )


@pytest.mark.parametrize("make", [csv_file, xlsx_file])
def test_a_good_list_is_imported(client, support_world, make):
    client.force_login(support_world.front)
    response = post(client, support_world, make(GOOD))
    assert response.status_code == 302
    lục = Beneficiary.objects.get(head_name="Hồ Văn Lục")
    assert (lục.head_gender, lục.members_count, lục.category) == (Gender.MALE, 5, Category.POOR)
    assert lục.phone == "0912345678" and lục.commune == support_world.commune
    assert Beneficiary.objects.get(head_name="Trần Thị Lan").category == Category.NEAR_POOR


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (["Lê Văn Tám", "Nam", "4", "Hộ giàu", "", "", "", "", ""], "dòng 3, cột “Phân loại”"),
        (["Lê Văn Tám", "Nam", "4", "Hộ nghèo", "12345", "", "", "", ""], "dòng 3, cột “Số CCCD”"),
        (["=HYPERLINK(1)", "Nam", "4", "Hộ nghèo", "", "", "", "", ""], "dòng 3, cột “Họ và tên"),
        (["Lê Văn Tám", "Nam", "4", "Hộ nghèo", "045180000001", "", "", "", ""], "dòng 3"),
        (["Lê Văn Tám", "", "4", "Hộ nghèo", "", "", "", "", ""], "dòng 3, cột “Giới tính"),
    ],
)
def test_one_bad_row_refuses_the_whole_file(client, support_world, bad_row, expected):
    client.force_login(support_world.front)
    before = Beneficiary.objects.count()
    response = post(client, support_world, csv_file([GOOD[0], bad_row]))
    assert response.status_code == 200
    assert "không nhập" in response.text.lower() or "chưa nhập" in response.text.lower()
    assert expected in response.text
    assert Beneficiary.objects.count() == before


def test_a_known_cccd_is_refused(client, support_world):
    client.force_login(support_world.front)
    row = ["Hồ Thị Nhung", "Nữ", "4", "Hộ nghèo", SECRET_CCCD, "", "", "", ""]
    before = Beneficiary.objects.count()
    response = post(client, support_world, csv_file([row]))
    assert response.status_code == 200
    assert "dòng 2, cột “Số CCCD”" in response.text
    assert Beneficiary.objects.count() == before


def test_the_template_downloads(client, support_world):
    client.force_login(support_world.front)
    response = client.get(reverse("beneficiary:template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS


def xlsx_with_gaps(rows):
    """An XLSX whose rows are written where the sheet shows them: an empty list leaves a
    blank row, as a staff member deleting a row's contents in Excel does."""
    workbook = Workbook()
    sheet = workbook.active
    for number, row in enumerate([HEADINGS, *rows], start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


BAD_CATEGORY = ["Lê Văn Tám", "Nam", "4", "Hộ giàu", "", "", "", "", ""]


@pytest.mark.parametrize("make", [csv_file, xlsx_with_gaps])
def test_a_bad_row_after_a_blank_row_is_named_by_the_row_excel_shows(client, support_world, make):
    # Headings on row 1, a household on row 2, row 3 left blank, the bad household on row 4.
    client.force_login(support_world.front)
    before = Beneficiary.objects.count()

    response = post(client, support_world, make([GOOD[0], [], BAD_CATEGORY]))

    assert response.status_code == 200
    assert "dòng 4, cột “Phân loại”" in response.text
    assert Beneficiary.objects.count() == before


def test_a_repeated_cccd_after_blank_rows_names_both_rows_excel_shows(client, support_world):
    # Row 2: a CCCD; rows 3 and 4 blank; row 5 repeats it.
    client.force_login(support_world.front)
    again = ["Lê Văn Tám", "Nam", "4", "Hộ nghèo", "045180000001", "", "", "", ""]

    response = post(client, support_world, xlsx_with_gaps([GOOD[0], [], [], again]))

    assert response.status_code == 200
    assert "dòng 5, cột “Số CCCD”" in response.text
    assert "đã có ở dòng 2" in response.text
