"""The shared reader of uploaded spreadsheets, on its own: what an XLSX formula cell is read as
in each of its three ways, the row cap an importer passes, and that no other module reads
spreadsheets on its own. The hostile files themselves are tried through each importer
(tests/reconciliation, tests/support, tests/mobilisation)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from sitewide.spreadsheet_files import (
    CACHED,
    FORMULA,
    MARKED,
    WRITTEN,
    SpreadsheetError,
    read_rows,
)
from tests.sitewide.conftest import vietnamese, xlsx_of

TOO_MANY_ROWS = (
    "The file has more than %(rows)s rows; split it into smaller files and import each of them."
)
# openpyxl saves no computed value with a formula, as a program that never opened it would.
WORKBOOK = xlsx_of([["Tên", "Số tiền"], ["Công ty A", "=1000000*2"], [], ["  Bích ", 300]])


@pytest.mark.parametrize(
    ("formulas", "cell"), [(CACHED, None), (WRITTEN, "=1000000*2"), (MARKED, FORMULA)]
)
def test_a_formula_cell_is_read_as_asked(formulas, cell):
    rows = read_rows(WORKBOOK, "a.xlsx", formulas=formulas)

    second = ["Công ty A", cell] if cell is not None else ["Công ty A"]
    assert rows == [(1, ["Tên", "Số tiền"]), (2, second), (4, ["Bích", 300])]


def test_a_row_of_formulas_only_holds_something_when_marked():
    content = xlsx_of([["Tên"], ["=A1"]])

    assert read_rows(content, "a.xlsx", formulas=MARKED) == [(1, ["Tên"]), (2, [FORMULA])]
    assert read_rows(content, "a.xlsx") == [(1, ["Tên"])]


def test_an_importer_may_cap_the_rows_lower():
    content = "".join(f"Hộ {n};{n}\n" for n in range(1, 31)).encode()

    with pytest.raises(SpreadsheetError) as refused:
        read_rows(content, "a.csv", max_rows=20)

    assert refused.value.code == "too_many_rows"
    with translation.override("vi"):
        said = str(refused.value)
    assert said == vietnamese(TOO_MANY_ROWS, rows="20")


def test_a_limit_reads_no_further_and_refuses_nothing():
    content = "".join(f"Hộ {n};{n}\n" for n in range(1, 31)).encode()

    rows = read_rows(content, "a.csv", limit=3, max_rows=20)

    assert rows == [(1, ["Hộ 1", "1"]), (2, ["Hộ 2", "2"]), (3, ["Hộ 3", "3"])]


def test_no_other_module_of_ours_reads_a_spreadsheet_on_its_own():
    """An import that opens a workbook or splits CSV itself escapes the bounds (as the
    households and pledge imports once did): only the shared reader does (bench/ excluded)."""
    root = Path(settings.BASE_DIR)
    reads = re.compile(r"\bload_workbook\(|csv\.(reader|DictReader)\(")
    apps = sorted(path.parent for path in root.glob("*/apps.py"))
    assert {app.name for app in apps} >= {"sitewide", "reconciliation", "support", "mobilisation"}
    readers = [
        str(path.relative_to(root))
        for app in apps
        for path in app.rglob("*.py")
        if "migrations" not in path.parts and reads.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == ["sitewide/spreadsheet_files.py"]


def test_rows_are_numbered_as_the_sheet_shows_them_after_blank_rows():
    """Blank rows are left out of the list but keep their place in the numbering: an importer
    names a row by this number, never by its position in the list."""
    csv_text = 'Tên;Số tiền\nCông ty A;1\n\n;\nCông ty B;2\n"Công ty\nC";3\nCông ty D;4\n'

    assert read_rows(csv_text.encode(), "a.csv") == [
        (1, ["Tên", "Số tiền"]),
        (2, ["Công ty A", "1"]),
        (5, ["Công ty B", "2"]),
        (6, ["Công ty\nC", "3"]),  # a cell on two lines is one row in a spreadsheet
        (7, ["Công ty D", "4"]),
    ]
    assert read_rows(xlsx_of([["Tên"], [], [], ["Công ty B"]]), "a.xlsx") == [
        (1, ["Tên"]),
        (4, ["Công ty B"]),
    ]
