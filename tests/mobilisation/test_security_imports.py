"""Hostile files of pledges, given to the import (the admin form's service): an XLSX that
unpacks to far more than it weighs, one whose last row is numbered 2.000.000.000 (openpyxl
makes up every empty row above it), one with cells in column ZZZ, a CSV of more lines than a
sheet has rows. Each is refused with a Vietnamese message and nothing staged or written, or
(the far cells) left out and the file staged as it reads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from donations.models import Pledge
from mobilisation.models import PledgeImport
from mobilisation.services.imports import ImportRefused, stage_import
from tests.sitewide.conftest import (
    csv_longer_than_a_sheet,
    read_in_a_guarded_process,
    vietnamese,
    with_far_row,
    with_wide_rows,
    xlsx_of,
    zip_bombed,
)

pytestmark = pytest.mark.django_db

PLEDGES = [
    ["Tên đơn vị", "Loại", "Số tiền", "Hạn nộp"],
    ["Công ty CP Xi măng Đồng Hà", "Doanh nghiệp", 500_000_000, "31/12/2026"],
    ["Trần Thị Bích", "Cá nhân", 2_000_000, ""],
]
UNREADABLE = "The file cannot be read as a CSV or Excel (.xlsx) file."
TOO_MANY_ROWS = (
    "The file has more than %(rows)s rows; split it into smaller files and import each of them."
)


def refusal(content, filename, campaign):
    with translation.override("vi"), pytest.raises(ImportRefused) as refused:
        stage_import(data=content, filename=filename, campaign=campaign)
    assert PledgeImport.objects.count() == 0 and Pledge.objects.count() == 0
    return str(refused.value)


def test_an_xlsx_that_unpacks_to_a_thousand_times_its_size_is_refused(ceremony):
    content = zip_bombed(xlsx_of(PLEDGES))
    assert len(content) < 1024 * 1024  # far under the 5 MB cap: the size check lets it in

    assert refusal(content, "cam-ket.xlsx", ceremony.campaign) == vietnamese(UNREADABLE)


def test_a_row_numbered_two_billion_is_refused_without_making_up_the_rows_above(ceremony, tmp_path):
    content = with_far_row(xlsx_of(PLEDGES))
    expected = vietnamese(TOO_MANY_ROWS, rows="1.048.576")
    # Read first where a reader that makes up the rows meets a memory and time cap.
    reader = "mobilisation.services.imports:read_cells"
    assert read_in_a_guarded_process(reader, content, "ck.xlsx", tmp_path) == f"REFUSED {expected}"

    assert refusal(content, "cam-ket.xlsx", ceremony.campaign) == expected


def test_the_refusal_reaches_the_admin_form(client, front_staff, ceremony):
    client.force_login(front_staff)
    upload = SimpleUploadedFile("cam-ket.xlsx", zip_bombed(xlsx_of(PLEDGES)))
    with translation.override("vi"):
        response = client.post(
            reverse("pledge_import:add"),
            {"campaign": ceremony.campaign.pk, "ceremony": ceremony.pk, "file": upload},
            HTTP_ACCEPT_LANGUAGE="vi",
        )
    assert response.status_code == 200
    assert vietnamese(UNREADABLE) in response.content.decode()
    assert PledgeImport.objects.count() == 0


def test_cells_in_column_zzz_are_left_out_and_the_file_stages_as_it_reads(ceremony):
    content = with_wide_rows(xlsx_of(PLEDGES))

    staged = stage_import(data=content, filename="cam-ket.xlsx", campaign=ceremony.campaign)

    assert [(row["row"], row["name"], row["amount"]) for row in staged.rows] == [
        (2, "Công ty CP Xi măng Đồng Hà", 500_000_000),
        (3, "Trần Thị Bích", 2_000_000),
    ]
    assert Pledge.objects.count() == 0


def test_a_csv_of_more_lines_than_a_sheet_has_rows_is_refused(ceremony):
    text = "".join(";".join(str(cell) for cell in row) + "\n" for row in PLEDGES)
    content = csv_longer_than_a_sheet(text.encode())

    assert refusal(content, "cam-ket.csv", ceremony.campaign) == vietnamese(
        TOO_MANY_ROWS, rows="1.048.576"
    )
