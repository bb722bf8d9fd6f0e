"""Pledges in bulk: an XLSX or CSV file is checked whole (a clear refusal naming row and
column, nothing written), previewed (which donor each row uses or creates), and written only
when staff confirm, each pledge with its payment code."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from donations.models import Donor, Pledge
from mobilisation.models import CeremonyPledge, PledgeImport
from mobilisation.services.donors import match_donor, match_donor_ids
from mobilisation.services.imports import ImportRefused, confirm_import, stage_import
from tests.donations.conftest import make_donor
from tests.sitewide.conftest import make_area

pytestmark = pytest.mark.django_db

HEADINGS = "Tên đơn vị;Loại;Mã số thuế;Số điện thoại;Số tiền;Hàng hóa;Hạn nộp;Ghi chú"


def csv_file(*rows, headings=HEADINGS):
    return ("\n".join([headings, *rows]) + "\n").encode()


def xlsx_file(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_preview_says_which_donor_each_row_uses_and_writes_nothing(ceremony, business):
    by_phone = make_donor("Trần Thị Bích", phone="0912345678")
    by_name = make_donor("Hợp tác xã Nông nghiệp Hướng Phùng", kind="organisation", phone="")
    data = csv_file(
        "Cty CP Xi măng (tên khác);Doanh nghiệp;3200123456;;500.000.000;;31/12/2026;",
        "Bà Bích;Cá nhân;;+84 912 345 678;2.000.000;;;",
        "HOP TAC XA NONG NGHIEP HUONG PHUNG;Tổ chức, cơ quan;;;30.000.000;3 tấn gạo;;",
        "Công ty TNHH Mới Thành Lập;Doanh nghiệp;3200999999;;10.000.000;;;",
        "Công ty TNHH Mới Thành Lập (chi nhánh);Doanh nghiệp;3200999999;;5.000.000;;;",
    )
    staged = stage_import(data=data, filename="cam-ket.csv", campaign=ceremony.campaign)
    assert Pledge.objects.count() == 0
    rows = staged.rows
    assert [(row["row"], row["donor_id"], row["match"]) for row in rows[:3]] == [
        (2, business.pk, "tax_code"),
        (3, by_phone.pk, "phone"),
        (4, by_name.pk, "name"),
    ]
    assert (rows[3]["donor_id"], rows[3]["same_as"]) == (None, None)
    assert (rows[4]["donor_id"], rows[4]["same_as"]) == (None, 5)
    assert rows[2]["goods"] == "3 tấn gạo"
    assert rows[0]["due_on"] == "2026-12-31"


def test_confirming_writes_every_pledge_with_its_code_and_each_new_donor_once(ceremony, business):
    data = csv_file(
        ";;3200123456;;500.000.000;;;",
        "Công ty TNHH Mới Thành Lập;Doanh nghiệp;3200999999;;10.000.000;;;",
        "Công ty TNHH Mới Thành Lập;;3200999999;;5.000.000;;;Đợt 2",
    )
    with pytest.raises(ImportRefused):  # the first row has no name
        stage_import(data=data, filename="a.csv", campaign=ceremony.campaign)
    data = csv_file(
        "Xi măng Đồng Hà;;3200123456;;500.000.000;;;",
        "Công ty TNHH Mới Thành Lập;Doanh nghiệp;3200999999;;10.000.000;;;",
        "Công ty TNHH Mới Thành Lập;;3200999999;;5.000.000;;;Đợt 2",
    )
    staged = stage_import(
        data=data, filename="a.csv", campaign=ceremony.campaign, ceremony=ceremony
    )
    pledges = confirm_import(staged)
    assert [p.amount for p in pledges] == [500_000_000, 10_000_000, 5_000_000]
    assert pledges[0].donor == business
    assert pledges[1].donor == pledges[2].donor
    assert Donor.objects.filter(tax_code="3200999999").count() == 1
    assert len({p.code for p in pledges}) == 3 and all(p.code for p in pledges)
    assert {p.pledged_on for p in pledges} == {ceremony.held_on}
    assert CeremonyPledge.objects.filter(ceremony=ceremony).count() == 3
    with pytest.raises(ImportRefused):
        confirm_import(staged)
    assert Pledge.objects.count() == 3


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("Công ty A;;;;mười triệu;;;", "E"),
        ("Công ty A;;;;1,5;;;", "E"),
        ("Công ty A;;;;0;;;", "E"),
        ("Công ty A;Hợp tác;;;1.000.000;;;", "B"),
        ("Công ty A;;12345;;1.000.000;;;", "C"),
        ("Công ty A;;;;1.000.000;;32/13/2026;", "G"),
        ('=HYPERLINK("http://x");;;;1.000.000;;;', "A"),
    ],
)
def test_a_bad_cell_refuses_the_whole_file_naming_its_row_and_column(ceremony, row, column):
    data = csv_file("Công ty B;;;;2.000.000;;;", row)
    with pytest.raises(ImportRefused) as refused:
        stage_import(data=data, filename="a.csv", campaign=ceremony.campaign)
    assert str(refused.value).startswith(f"Dòng 3, cột {column}")
    assert PledgeImport.objects.count() == 0 and Pledge.objects.count() == 0


def test_the_refusal_is_in_vietnamese(ceremony):
    data = csv_file("Công ty A;;;;1,5;;;")
    with translation.override("vi"), pytest.raises(ImportRefused) as refused:
        stage_import(data=data, filename="a.csv", campaign=ceremony.campaign)
    assert str(refused.value).startswith("Dòng 2, cột E")


def test_an_xlsx_formula_is_refused_not_run(ceremony):
    data = xlsx_file([["Tên đơn vị", "Số tiền"], ["Công ty A", "=1000000*2"]])
    with pytest.raises(ImportRefused) as refused:
        stage_import(data=data, filename="a.xlsx", campaign=ceremony.campaign)
    assert str(refused.value).startswith("Dòng 2, cột B")


def test_a_due_date_before_the_ceremony_is_refused(ceremony):
    data = csv_file("Công ty A;;;;1.000.000;;01/10/2026;")
    with pytest.raises(ImportRefused) as refused:
        stage_import(data=data, filename="a.csv", campaign=ceremony.campaign, ceremony=ceremony)
    assert str(refused.value).startswith("Dòng 2")


def test_the_template_file_is_accepted_as_it_is(client, front_staff, ceremony):
    make_area("Xã A Dơi")  # the commune its example earmarks, as in the demo's areas
    client.force_login(front_staff)
    response = client.get(reverse("pledge_import:template"))
    data = b"".join(response.streaming_content)
    assert load_workbook(io.BytesIO(data)).active.max_row == 4
    staged = stage_import(data=data, filename="mau.xlsx", campaign=ceremony.campaign)
    assert [row["amount"] for row in staged.rows] == [500_000_000, 2_000_000, 30_000_000]


def test_a_500_row_file_refused_once_then_accepted_through_the_admin(client, front_staff, ceremony):
    rows = [
        [
            f"Công ty số {n}",
            "Doanh nghiệp",
            f"32{n:08d}",
            "",
            1_000_000 * n,
            "",
            datetime.date(2026, 12, 31),
            "",
        ]
        for n in range(1, 501)
    ]  # noqa: E501
    bad = [row[:] for row in rows]
    bad[299][4] = "ba triệu"
    headings = [
        "Tên đơn vị",
        "Loại",
        "Mã số thuế",
        "Số điện thoại",
        "Số tiền",
        "Hàng hóa",
        "Hạn nộp",
        "Ghi chú",
    ]  # noqa: E501
    client.force_login(front_staff)
    url = reverse("pledge_import:add")
    form = {"campaign": ceremony.campaign.pk, "ceremony": ceremony.pk}
    upload = SimpleUploadedFile("dot-1.xlsx", xlsx_file([headings, *bad]))
    response = client.post(url, {**form, "file": upload})
    assert response.status_code == 200
    assert "Dòng 301, cột E" in response.content.decode()
    assert PledgeImport.objects.count() == 0
    upload = SimpleUploadedFile("dot-1.xlsx", xlsx_file([headings, *rows]))
    response = client.post(url, {**form, "file": upload})
    staged = PledgeImport.objects.get()
    assert response.url == reverse("pledge_import:inspect", args=[staged.pk])
    preview = client.get(response.url).content.decode()
    assert "Công ty số 500" in preview
    assert Pledge.objects.count() == 0
    client.post(reverse("pledge_import:confirm", args=[staged.pk]))
    assert Pledge.objects.count() == 500
    assert sum(Pledge.objects.values_list("amount", flat=True)) == 125_250_000_000
    assert Pledge.objects.filter(due_on=datetime.date(2026, 12, 31)).count() == 500
    client.post(reverse("pledge_import:confirm", args=[staged.pk]))
    assert Pledge.objects.count() == 500


def test_an_editor_cannot_import(client, editor, ceremony):
    client.force_login(editor)
    upload = SimpleUploadedFile("a.csv", csv_file("Công ty A;;;;1.000.000;;;"))
    client.post(reverse("pledge_import:add"), {"campaign": ceremony.campaign.pk, "file": upload})
    assert PledgeImport.objects.count() == 0


def test_a_bad_csv_row_after_a_blank_line_is_named_by_the_row_excel_shows(ceremony):
    # Headings on row 1, a pledge on row 2, row 3 blank, the bad amount on row 4.
    data = csv_file("Công ty B;;;;2.000.000;;;", "", "Công ty A;;;;1,5;;;")
    with translation.override("vi"), pytest.raises(ImportRefused) as refused:
        stage_import(data=data, filename="a.csv", campaign=ceremony.campaign)
    assert str(refused.value).startswith("Dòng 4, cột E")
    assert PledgeImport.objects.count() == 0 and Pledge.objects.count() == 0


def test_a_bad_xlsx_row_after_blank_rows_is_named_by_the_row_excel_shows(ceremony):
    # Row 1 headings, row 2 a pledge, rows 3 and 4 blank, row 5 a bad amount.
    workbook = Workbook()
    sheet = workbook.active
    for number, row in (
        (1, ["Tên đơn vị", "Số tiền"]),
        (2, ["Công ty B", "2.000.000"]),
        (5, ["Công ty A", "1,5"]),
    ):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with translation.override("vi"), pytest.raises(ImportRefused) as refused:
        stage_import(data=buffer.getvalue(), filename="a.xlsx", campaign=ceremony.campaign)
    assert str(refused.value).startswith("Dòng 5, cột B")


def test_the_preview_numbers_rows_as_the_sheet_does_after_a_blank_row(ceremony):
    data = csv_file("Công ty B;;;;2.000.000;;;", "", "Công ty C;;;;3.000.000;;;")
    staged = stage_import(data=data, filename="a.csv", campaign=ceremony.campaign)
    numbered = [(row["row"], row["name"]) for row in staged.rows]
    assert numbered == [(2, "Công ty B"), (4, "Công ty C")]


def many_rows(count):
    """``count`` rows: new businesses (every fifth named twice), known donors by phone."""
    rows = []
    for n in range(1, count + 1):
        if n % 5 == 0:
            rows.append(f"Công ty số {n - 1} (chi nhánh);;32{n - 1:08d};;{n}.000.000;;;")
        elif n % 5 == 1:
            rows.append(f"Ông bà;Cá nhân;;09{n % 7:08d};{n}.000.000;;31/12/2026;")
        else:
            rows.append(f"Công ty số {n};Doanh nghiệp;32{n:08d};;{n}.000.000;;;Ghi chú {n}")
    return csv_file(*rows)


def test_a_file_is_staged_and_confirmed_in_a_few_queries_whatever_its_length(
    ceremony, front_staff, django_assert_max_num_queries
):
    """One query or more per row (three per row to match donors, a dozen to record a pledge)
    made a file of 5000 rows take minutes, past the web server's timeout; now each step costs
    a few queries per batch of rows."""
    for n in range(7):
        make_donor(f"Người ủng hộ {n}", phone=f"09{n:08d}")
    with django_assert_max_num_queries(10):
        staged = stage_import(
            data=many_rows(400), filename="dot-1.csv", campaign=ceremony.campaign,
            ceremony=ceremony, user=front_staff,
        )  # fmt: skip
    # SQLite takes about 60 rows per INSERT of pledges (999 parameters), PostgreSQL 1000.
    with django_assert_max_num_queries(60):
        pledges = confirm_import(staged, user=front_staff)
    assert len(pledges) == Pledge.objects.count() == 400
    assert Donor.objects.count() == 7 + 240  # every fifth row names the business before it
    assert CeremonyPledge.objects.filter(ceremony=ceremony).count() == 400
    assert staged.pledges.count() == 400


def test_the_page_of_a_confirmed_import_lists_its_pledges_in_a_few_queries(
    client, front_staff, ceremony, django_assert_max_num_queries
):
    staged = stage_import(data=many_rows(100), filename="a.csv", campaign=ceremony.campaign)
    pledges = confirm_import(staged, user=front_staff)
    client.force_login(front_staff)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("pledge_import:inspect", args=[staged.pk])).content.decode()
    assert all(pledge.code in page for pledge in pledges)


def test_donors_are_matched_in_bulk_as_one_by_one(db):
    """match_donor_ids gives what match_donor gives, person by person: tax code before phone
    before name, the oldest donor of several."""
    older = make_donor("Công ty Xi măng", kind="business", tax_code="3200123456", phone="")
    make_donor("Công ty Xi măng mới", kind="business", tax_code="3200123456", phone="")
    by_phone = make_donor("Trần Thị Bích", phone="0912345678")
    make_donor("Trần Thị Bích (2)", phone="0912345678")
    by_name = make_donor("Hợp tác xã Hướng Phùng", phone="")
    people = [
        ("Ai đó", "3200123456", "0912345678"),
        ("Ai đó", "3200999999", "+84 912 345 678"),
        ("HOP TAC XA HUONG PHUNG", "", ""),
        ("Hợp tác xã Hướng Phùng", "3200999999", "0999999999"),
        ("Không ai", "", ""),
        ("", "", ""),
    ]
    expected = [
        (older.pk, "tax_code"),
        (by_phone.pk, "phone"),
        (by_name.pk, "name"),
        (by_name.pk, "name"),
        (None, ""),
        (None, ""),
    ]
    one_by_one = []
    for name, tax_code, phone in people:
        donor, how = match_donor(name=name, tax_code=tax_code, phone=phone)
        one_by_one.append((donor.pk if donor else None, how))
    assert one_by_one == expected
    assert match_donor_ids(people) == expected
