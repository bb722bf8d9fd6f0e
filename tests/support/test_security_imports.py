"""Hostile households lists, sent through the Front staff's import form: an XLSX that unpacks to
far more than it weighs, one whose last row is numbered 2.000.000.000 (openpyxl made up every
empty row above it: hours and gigabytes in the web request), one with cells in column ZZZ, a CSV
of more lines than a sheet has rows. Each is refused with a Vietnamese message and no household
written, or (the far cells) left out and the list imported as it reads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from support.imports import COLUMNS
from support.models import Beneficiary
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

HEADINGS = [column.heading for column in COLUMNS]
HOUSEHOLDS = [
    ["Hồ Văn Lục", "Nam", "5", "Hộ nghèo", "045180000001", "0912345678", "Thôn Cheng", "", ""],
    ["Trần Thị Lan", "Nữ", "3", "Hộ cận nghèo", "", "", "", "", ""],
]
UNREADABLE = "The file cannot be read as a CSV or Excel (.xlsx) file."
TOO_MANY_ROWS = (
    "The file has more than %(rows)s rows; split it into smaller files and import each of them."
)


def post(client, world, name, content):
    client.force_login(world.front)
    with translation.override("vi"):
        return client.post(
            reverse("beneficiary:import"),
            {
                "commune": world.commune.pk,
                "list_year": 2026,
                "file": SimpleUploadedFile(name, content),
            },
            HTTP_ACCEPT_LANGUAGE="vi",
        )


def assert_refused(response, message, before):
    assert response.status_code == 200
    assert message in response.text, response.text[-2000:]
    assert Beneficiary.objects.count() == before


def test_an_xlsx_that_unpacks_to_a_thousand_times_its_size_is_refused(client, support_world):
    content = zip_bombed(xlsx_of([HEADINGS, *HOUSEHOLDS]))
    assert len(content) < 1024 * 1024  # far under the form's 5 MB: the size cap lets it in
    before = Beneficiary.objects.count()

    response = post(client, support_world, "danh-sach.xlsx", content)

    assert_refused(response, vietnamese(UNREADABLE), before)


def test_a_row_numbered_two_billion_is_refused_without_making_up_the_rows_above(
    client, support_world, tmp_path
):
    content = with_far_row(xlsx_of([HEADINGS, *HOUSEHOLDS]))
    refusal = vietnamese(TOO_MANY_ROWS, rows="1.048.576")
    # Read first where a reader that makes up the rows meets a memory and time cap.
    said = read_in_a_guarded_process("support.imports:read_rows", content, "ds.xlsx", tmp_path)
    assert said == f"REFUSED {refusal}"
    before = Beneficiary.objects.count()

    response = post(client, support_world, "danh-sach.xlsx", content)

    assert_refused(response, refusal, before)


def test_cells_in_column_zzz_are_left_out_and_the_list_imports_as_it_reads(client, support_world):
    content = with_wide_rows(xlsx_of([HEADINGS, *HOUSEHOLDS]))
    known = list(Beneficiary.objects.values_list("pk", flat=True))

    response = post(client, support_world, "danh-sach.xlsx", content)

    assert response.status_code == 302
    imported = Beneficiary.objects.exclude(pk__in=known)
    assert sorted(imported.values_list("head_name", "members_count")) == [
        ("Hồ Văn Lục", 5),
        ("Trần Thị Lan", 3),
    ]


def test_a_csv_of_more_lines_than_a_sheet_has_rows_is_refused(client, support_world):
    text = "\n".join(",".join(row) for row in [HEADINGS, *HOUSEHOLDS]) + "\n"
    content = csv_longer_than_a_sheet(text.encode("utf-8-sig"))
    before = Beneficiary.objects.count()

    response = post(client, support_world, "danh-sach.csv", content)

    assert_refused(response, vietnamese(TOO_MANY_ROWS, rows="1.048.576"), before)
