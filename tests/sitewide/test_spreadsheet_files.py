"""The shared reader of uploaded spreadsheets, on its own: what an XLSX formula cell is read as
in each of its three ways, the row cap an importer passes, and that no other module reads
spreadsheets on its own. The hostile files themselves are tried through each importer
(tests/reconciliation, tests/support, tests/mobilisation)."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sitewide.spreadsheet_files import (
    CACHED,
    FORMULA,
    MARKED,
    WRITTEN,
    SpreadsheetError,
    read_rows,
)
from tests.sitewide.conftest import vietnamese, xlsx_changed, xlsx_of

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


# --- cached values read without openpyxl's cells, as openpyxl reads them ----------------------

SHARED_STRINGS = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<si><t>Chung</t></si><si><t xml:space="preserve"> Tay </t></si>'
    "<si><r><rPr><b/></rPr><t>Ủng </t></r><r><t>hộ</t></r><rPh sb='0' eb='1'><t>ふ</t></rPh></si>"
    "<si><t/></si></sst>"
)
SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
#: Sheet data as programs other than Excel write it. Style 1 is a date and time, 2 a date.
ODD_SHEETS = {
    "no row or cell numbers": "<row><c><v>1</v></c><c t='s'><v>0</v></c></row>"
    "<row><c/><c t='inlineStr'><is><t>b</t></is></c></row>",
    "rows out of order and twice": "<row r='3'><c r='A3'><v>3</v></c></row>"
    "<row r='2'><c r='A2'><v>2</v></c></row><row r='3'><c r='B3'><v>33</v></c></row>"
    "<row r='5.0'><c r='A5'><v>5</v></c></row><row><c r='A9'><v>6</v></c></row>",
    "cells out of order, one twice, one far right": "<row r='1'><c r='C1'><v>3</v></c>"
    "<c r='A1'><v>1</v></c><c r='A1'><v>11</v></c><c><v>2</v></c><c r='ZZ1'><v>9</v></c></row>",
    "shared strings, rich and empty": "<row r='1'><c r='A1' t='s'><v>1</v></c>"
    "<c r='B1' t='s'><v>2</v></c><c r='C1' t='s'><v>3</v></c><c r='D1' t='s'><v>0</v></c></row>",
    "inline strings, rich and empty": "<row r='2'><c r='A2' t='inlineStr'><is><r><t>Ủng </t></r>"
    "<r><rPr><i/></rPr><t xml:space='preserve'>hộ </t></r></is></c>"
    "<c r='B2' t='inlineStr'><is><t/></is></c><c r='C2' t='inlineStr'/>"
    "<c r='D2' t='inlineStr'><is><t>a</t><r><t>b</t></r>"
    "<rPh sb='0' eb='1'><t>c</t></rPh></is></c></row>",
    "every type": "<row r='4'><c r='A4' t='b'><v>0</v></c><c r='B4' t='str'><v> x </v></c>"
    "<c r='C4' t='e'><v>#N/A</v></c><c r='D4' t='d'><v>2024-09-01T10:03:00</v></c>"
    "<c r='E4' t='n'><v>1E3</v></c><c r='F4'><v>-0.5</v></c><c r='G4'><v/></c>"
    "<c r='H4' s='1'><v>45536.5</v></c><c r='I4' s='2'><v>45536</v></c>"
    "<c r='J4' s='1'><v>99999999</v></c><c r='K4'><f>1+1</f><v>2</v></c></row>",
    "empty rows and cells only": "<row r='1'/><row r='2'><c r='A2'/><c r='B2'><v></v></c></row>"
    "<row r='3'><c r='A3' t='inlineStr'><is><t>  </t></is></c></row>",
    "text with character references": "<row r='1'><c r='A1' t='inlineStr'><is><t>a &amp; "
    "&#7911;</t></is></c></row>",
}


def _openpyxls_reading(sheet, max_columns):
    from sitewide.spreadsheet_files import SHEET_MAX_ROW

    cells = sheet.iter_rows(max_row=SHEET_MAX_ROW + 1, max_col=max_columns, values_only=True)
    return enumerate(cells, start=1)


def read_both_ways(content):
    """read_rows of the content (CACHED), and what it was when openpyxl read the cells."""
    from unittest import mock

    import sitewide.spreadsheet_files as files

    def typed(rows):  # True == 1 and 1.0 == 1: the types must agree too
        return [(number, [(type(value), value) for value in values]) for number, values in rows]

    ours = read_rows(content, "a.xlsx")
    with mock.patch.object(files, "_cached_rows", _openpyxls_reading):
        theirs = read_rows(content, "a.xlsx")
    return typed(ours), typed(theirs)


def with_sheet_data(rows_xml):
    base = xlsx_of([[datetime.datetime(2024, 9, 1, 10, 3), datetime.date(2024, 9, 1)]])
    sheet = re.compile(rb"<sheetData>.*</sheetData>", re.DOTALL)
    return xlsx_changed(
        base,
        lambda data: sheet.sub(
            b"<sheetData>" + rows_xml.replace("'", '"').encode() + b"</sheetData>", data
        ),
        {"xl/sharedStrings.xml": SHARED_STRINGS},
        types=SHARED_TYPE,
    )


@pytest.mark.filterwarnings("ignore:Cell J4 is marked as a date")
@pytest.mark.parametrize("case", ODD_SHEETS)
def test_odd_sheets_are_read_as_openpyxl_reads_them(case):
    ours, theirs = read_both_ways(with_sheet_data(ODD_SHEETS[case]))
    assert ours == theirs
    assert ours or case == "empty rows and cells only"


excel_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\x00\r", min_codepoint=9
    ).filter(lambda ch: ch in "\t\n" or ord(ch) >= 32),
    max_size=12,
)
excel_cells = st.one_of(
    st.none(),
    excel_text,
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.datetimes(datetime.datetime(1901, 1, 1), datetime.datetime(2099, 12, 31)),
    st.dates(datetime.date(1901, 1, 1), datetime.date(2099, 12, 31)),
    st.just("=1+1"),
)


@given(st.lists(st.lists(excel_cells, max_size=8), max_size=8))
@hypothesis_settings(max_examples=150, deadline=None)
def test_any_workbook_is_read_as_openpyxl_reads_it(rows):
    ours, theirs = read_both_ways(xlsx_of(rows))
    assert ours == theirs


def test_a_sheet_with_a_dtd_is_refused():
    """defusedxml refused it for openpyxl; lxml would not expand its entities anyway."""
    doctype = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
    content = xlsx_changed(
        xlsx_of([["Tên"], ["x"]]),
        lambda data: data.replace(b"<worksheet", doctype + b"<worksheet", 1),
    )
    with pytest.raises(SpreadsheetError) as refused:
        read_rows(content, "a.xlsx")
    assert refused.value.code == "unreadable"
