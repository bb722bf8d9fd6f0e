"""Uploaded spreadsheets (CSV or XLSX) into plain rows of cell values, numbered as a spreadsheet
does, read so that a hostile file is refused before it costs minutes or gigabytes.

Every import of a file staff upload goes through read_rows: bank statements (reconciliation),
a commune's list of households (support), pledges in bulk (mobilisation). A 5 MB XLSX is a zip
that can unpack to gigabytes, and openpyxl makes up every empty row above a row numbered
2.000.000.000 and every empty cell left of a cell in column ZZZ; so the archive's unpacked size
is checked before openpyxl opens it, rows are read up to Excel's last row and cells up to a
column cap, and the rows holding something are counted. CSV comes in UTF-8 with or without BOM,
UTF-16 ("Unicode text" from Excel) or Windows-1258, separated by commas, semicolons or tabs.
Old binary .xls and HTML pretending to be .xls are refused with a message saying how to re-save
the file, rather than read half right.

openpyxl opens the workbook (its shared strings, styles and sheets); the values saved with the
cells (CACHED, what bank statements are read as) are then taken from the sheet's XML with lxml,
as openpyxl would give them but without building its cell objects (a tenth of the time for a
statement of 50.000 rows); formulas as written or marked are read through openpyxl.

What is not done here: the upload's size in bytes (each form caps it), which row holds the
headings and what a column means, and turning a cell into text: each importer does those and
names the row and column of a bad cell in its own words. The messages here are about the file
as a whole; an importer may say them in its own words (reconciliation speaks of statements).
"""

import csv
import io
import unicodedata
import zipfile
from functools import cache

from django.utils.translation import gettext_lazy as _
from lxml import etree

from sitewide.formatting import group_thousands

_DELIMITERS = (",", ";", "\t")
_SAMPLE_LINES = 60
#: An XLSX is a zip; refuse archives that would inflate far beyond the upload (zip bombs),
#: or beyond MAX_INFLATED_BYTES whatever the ratio (a real 100.000-line statement of 5,5 MB
#: unpacks to about 47 MB).
MAX_INFLATION = 40
MAX_INFLATED_BYTES = 120 * 1024 * 1024
#: Excel's last row: a sheet row numbered beyond it was not written by a spreadsheet program
#: (openpyxl would make up every empty row before it, billions for a row numbered 2.000.000.000).
#: A CSV of more lines is refused too.
SHEET_MAX_ROW = 1_048_576
#: Rows holding something, at most: a busy bank account's month is a few tens of thousands.
MAX_ROWS = 200_000
#: Cells right of this column are ignored: no table we import is that wide, and one cell in
#: column ZZZ would otherwise make its row 18.278 cells long (a few kilobytes of XML, gigabytes
#: read).
MAX_COLUMNS = 100

#: What an XLSX formula cell is read as (the `formulas` argument of read_rows):
#: the value the spreadsheet program last computed and saved with the file (what its reader saw),
CACHED = "cached"
#: the formula as written, text such as "=SUM(B2:B9)" (openpyxl's reading with data_only=False),
WRITTEN = "written"
#: or the FORMULA marker, for an importer that refuses formulas whatever they hold.
MARKED = "marked"

OLD_EXCEL = _("This is an old Excel (.xls) file; open it in Excel and save it as .xlsx or CSV.")
UNREADABLE = _("The file cannot be read as a CSV or Excel (.xlsx) file.")
UNREADABLE_TEXT = _(
    "The file's text encoding is not recognised; save it as CSV UTF-8 and try again."
)
EMPTY_FILE = _("The file is empty.")
TOO_MANY_ROWS = _(
    "The file has more than %(rows)s rows; split it into smaller files and import each of them."
)
TOO_BIG_UNPACKED = _(
    "The Excel file unpacks to more than %(size)s; split it into smaller files, or save it as CSV."
)


class SpreadsheetError(Exception):
    """A file that cannot be read as a whole.

    `row` is the 1-based row number as a spreadsheet shows it and `column` a column's name;
    either may be None (the reader itself names a row only for a CSV line it cannot split).
    `message` is a lazy msgid, `params` fill its placeholders, and `code` says which problem it
    is ("empty", "old_excel", "unreadable", "unreadable_text", "too_many_rows",
    "too_big_unpacked") for an importer that says it in its own words.
    """

    def __init__(self, row, column, message, params=None, code=None):
        self.row = row
        self.column = column
        self.message = message
        self.params = dict(params or {})
        self.code = code
        super().__init__(row, column, message)

    @property
    def detail(self):
        """The message alone, in the active language."""
        text = str(self.message)
        return text % self.params if self.params else text

    def __str__(self):
        return self.detail


#: A sheet whose XML does not parse, or whose values do not (a row numbered "x", a cell "A0",
#: a shared string that is not there, a date out of range): the file cannot be read.
_SHEET_ERRORS = (etree.XMLSyntaxError, ValueError, IndexError, KeyError, TypeError, OverflowError)


class FormulaCell:
    """The marker an XLSX formula cell is read as with formulas=MARKED."""

    __slots__ = ()

    def __repr__(self):
        return "<formula>"


FORMULA = FormulaCell()


def read_rows(
    file_bytes,
    filename="",
    *,
    limit=None,
    max_rows=MAX_ROWS,
    max_columns=MAX_COLUMNS,
    max_inflation=MAX_INFLATION,
    max_inflated_bytes=MAX_INFLATED_BYTES,
    formulas=CACHED,
):
    """[(row number, [cell values])] of the first sheet, empty rows left out, or
    SpreadsheetError. The number is the row's as the spreadsheet shows it (blank rows
    counted, a CSV cell over two lines one row): an importer names a row by it, never by its
    position in the list, which the blank rows left out would shift. With `limit`, only that
    many (non-empty) rows from the top, read no further; past `max_rows` non-empty rows the
    file is refused. Text cells come back in NFC without surrounding spaces; XLSX cells keep
    their type (int, float, datetime…), and the trailing empty cells of a row are left out."""
    if not file_bytes:
        raise SpreadsheetError(None, None, EMPTY_FILE, code="empty")
    name = (filename or "").lower()
    if file_bytes[:4] == b"PK\x03\x04":
        return _xlsx_rows(
            file_bytes,
            limit=limit,
            max_rows=max_rows,
            max_columns=max_columns,
            max_inflation=max_inflation,
            max_inflated_bytes=max_inflated_bytes,
            formulas=formulas,
        )
    if file_bytes[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith(".xls"):
        raise SpreadsheetError(None, None, OLD_EXCEL, code="old_excel")
    if name.endswith((".xlsx", ".xlsm")):
        raise SpreadsheetError(None, None, UNREADABLE, code="unreadable")
    return _csv_rows(_decode(file_bytes), limit=limit, max_rows=max_rows, max_columns=max_columns)


def _decode(file_bytes):
    """Text of a CSV file in NFC. Windows-1258 writes tones as combining marks, hence NFC."""
    if file_bytes[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1258")
    for encoding in encodings:
        try:
            text = file_bytes.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or (encoding == "cp1258" and _looks_like_utf8(text)):
            break
        return unicodedata.normalize("NFC", text)
    raise SpreadsheetError(None, None, UNREADABLE_TEXT, code="unreadable_text")


def _looks_like_utf8(text):
    """UTF-8 Vietnamese read as Windows-1258 ("Ä‘", "á»‡"): a UTF-8 file with one bad byte.
    Reading it as Windows-1258 would import every cell garbled, so it is refused instead."""
    return "áº" in text or "á»" in text or "Ä‘" in text


def _csv_rows(text, *, limit, max_rows, max_columns):
    delimiter = _guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > SHEET_MAX_ROW:
                raise _too_many_rows(SHEET_MAX_ROW)
            cells = list(map(str.strip, cells[:max_columns]))
            if any(cells):
                rows.append((number, cells))
                if limit is not None and len(rows) >= limit:
                    break
                if len(rows) > max_rows:
                    raise _too_many_rows(max_rows)
    except csv.Error as error:
        raise SpreadsheetError(reader.line_num, None, UNREADABLE, code="unreadable") from error
    return rows


def _too_many_rows(limit):
    return SpreadsheetError(
        None, None, TOO_MANY_ROWS, {"rows": group_thousands(limit)}, code="too_many_rows"
    )


def _head_lines(text, count):
    """The first `count` lines of `text`, as text.splitlines() would give them, without
    splitting the whole file (a 10 MB CSV of short lines is millions of strings)."""
    end = -1
    for _line in range(count):
        end = text.find("\n", end + 1)
        if end < 0:
            break
    return (text if end < 0 else text[:end]).splitlines()[:count]


def _guess_delimiter(text):
    """The separator that splits most lines into the same number (> 1) of cells.

    csv.Sniffer guesses wrong on files whose amounts contain commas ("50,000" inside a
    semicolon file); counting how consistently each candidate splits the lines does not.
    """
    sample = _head_lines(text, _SAMPLE_LINES)
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            widths = [len(cells) for cells in csv.reader(sample, delimiter=delimiter) if any(cells)]
        except csv.Error:
            continue
        wide = [width for width in widths if width > 1]
        if not wide:
            continue
        common = max(set(wide), key=lambda width: (wide.count(width), width))
        score = (wide.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _xlsx_rows(
    file_bytes, *, limit, max_rows, max_columns, max_inflation, max_inflated_bytes, formulas
):
    if formulas not in (CACHED, WRITTEN, MARKED):
        raise ValueError(f"formulas={formulas!r}: CACHED, WRITTEN or MARKED")
    try:
        with zipfile.ZipFile(io.BytesIO(file_bytes)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise SpreadsheetError(None, None, UNREADABLE, code="unreadable") from error
    if inflated > max_inflation * len(file_bytes):
        raise SpreadsheetError(None, None, UNREADABLE, code="unreadable")
    if inflated > max_inflated_bytes:
        size = f"{max_inflated_bytes // 1_048_576} MB"
        raise SpreadsheetError(
            None, None, TOO_BIG_UNPACKED, {"size": size}, code="too_big_unpacked"
        )
    try:
        workbook = _open_workbook(file_bytes, data_only=formulas == CACHED)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(None, None, UNREADABLE, code="unreadable") from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # files often declare a wrong used range
        # openpyxl yields every row from 1 on, making up the missing ones; bounded by
        # max_row, it stops at a row numbered beyond and makes up rows up to max_row, so a
        # row numbered SHEET_MAX_ROW + 1 means the sheet goes further than Excel allows.
        if formulas == CACHED:
            numbered = _cached_rows(sheet, max_columns)
        elif formulas == MARKED:
            numbered = enumerate(_marked_rows(sheet, max_columns), start=1)
        else:
            numbered = enumerate(
                sheet.iter_rows(max_row=SHEET_MAX_ROW + 1, max_col=max_columns, values_only=True),
                start=1,
            )
        rows = []
        for number, cells in numbered:
            if number > SHEET_MAX_ROW:
                raise _too_many_rows(SHEET_MAX_ROW)
            if cells.count(None) == len(cells):  # a made-up row: skipped without a loop
                continue
            values = [_clean(cell) for cell in cells]
            if any(value not in (None, "") for value in values):
                while values[-1] is None:
                    values.pop()
                rows.append((number, values))
                if limit is not None and len(rows) >= limit:
                    break
                if len(rows) > max_rows:
                    raise _too_many_rows(max_rows)
        return rows
    except _SHEET_ERRORS as error:
        raise SpreadsheetError(None, None, UNREADABLE, code="unreadable") from error
    finally:
        workbook.close()


def _open_workbook(file_bytes, data_only):
    """openpyxl's load_workbook(read_only=True), without its reading every sheet through once
    to find the used range the sheet declares (reset_dimensions forgets it anyway): a sheet
    that declares none, as a bank's program may write it, was read twice."""
    reader = _reader_class()(io.BytesIO(file_bytes), read_only=True, data_only=data_only)
    reader.read()
    return reader.wb


@cache
def _reader_class():
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Sheet(ReadOnlyWorksheet):
        def _get_size(self):
            """The declared used range is not read (see _open_workbook)."""

    class Reader(ExcelReader):
        def read_worksheets(self):
            """ExcelReader.read_worksheets in read-only mode, with Sheet."""
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                worksheet = Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                worksheet.sheet_state = sheet.state
                self.wb._sheets.append(worksheet)

    return Reader


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _VALUE, _INLINE = f"{_MAIN}row", f"{_MAIN}v", f"{_MAIN}is"


def _cached_rows(sheet, max_columns):
    """(row number, cell values) of the sheet's rows holding something, a formula cell as the
    value saved with it: what openpyxl's iter_rows(values_only=True) yields for them with
    data_only (tests/sitewide/test_spreadsheet_files.py compares the two), at a fraction of
    its cost. openpyxl reads each cell through its descriptors, with a parser calling back
    into Python for every tag (defusedxml's); here lxml parses in C and only the values are
    looked at. Nothing is made up: no empty row, no cell right of the last one. As in
    openpyxl, a row numbered below one already read is dropped, and a DTD is refused (lxml
    would not expand its entities anyway)."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.utils.datetime import from_excel, from_ISO8601
    from openpyxl.worksheet._reader import _cast_number

    book = sheet.parent
    strings = sheet._shared_strings
    dates, durations, epoch = book._date_formats, book._timedelta_formats, book.epoch
    expected = 1  # openpyxl drops a row numbered below the next one it expects
    number = 0
    with sheet._get_source() as source:
        parsed = etree.iterparse(
            source,
            events=("end",),
            tag=_ROW,
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            remove_comments=True,
            remove_pis=True,
        )
        checked = False
        for _event, row in parsed:
            if not checked:
                if row.getroottree().docinfo.internalDTD is not None:
                    raise ValueError("a sheet with a DTD")
                checked = True
            given = row.get("r")
            number = _row_number(given) if given is not None else number + 1
            if number < expected:
                _forget(row)
                continue
            expected = number + 1
            cells, column = [], 0
            for cell in row:
                kind = cell.get("t", "n")
                coordinate = cell.get("r")
                style = cell.get("s", 0)
                if style:
                    style = int(style)
                value = None if kind == "inlineStr" else (cell.findtext(_VALUE) or None)
                column = coordinate_to_tuple(coordinate)[1] if coordinate else column + 1
                if value is not None:
                    if kind == "n":
                        value = _cast_number(value)
                        if style in dates:
                            try:
                                value = from_excel(value, epoch, timedelta=style in durations)
                            except (OverflowError, ValueError):
                                value = "#VALUE!"
                    elif kind == "s":
                        value = strings[int(value)]
                    elif kind == "b":
                        value = bool(int(value))
                    elif kind == "d":
                        value = from_ISO8601(value)
                elif kind == "inlineStr":
                    inline = cell.find(_INLINE)
                    if inline is not None:
                        value = _inline_text(inline)
                if 1 <= column <= max_columns:
                    if column > len(cells):
                        cells.extend([None] * (column - len(cells)))
                    cells[column - 1] = value
            _forget(row)
            yield number, cells


def _row_number(given):
    """A row's r attribute as openpyxl reads it."""
    try:
        return int(given)
    except ValueError:
        value = float(given)
        if not value.is_integer():
            raise
        return int(value)


def _inline_text(inline):
    """openpyxl's Text.from_tree(inline).content: the plain text (the last <t>) and the text of
    each run (<r>), in order; phonetic runs are left out. Tags are matched by local name."""
    plain, runs = None, []
    for child in inline:
        tag = _localname(child)
        if tag == "t":
            plain = child.text
        elif tag == "r":
            text = None
            for part in child:
                if _localname(part) == "t":
                    text = part.text
            if text is not None:
                runs.append(text)
    return "".join(runs if plain is None else [plain, *runs])


def _localname(element):
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _forget(row):
    """A row read: emptied and taken out of the tree iterparse builds, with the rows before it,
    so that a sheet of 200.000 rows is never held whole."""
    row.clear()
    parent = row.getparent()
    if parent is not None:
        while row.getprevious() is not None:
            del parent[0]


def _marked_rows(sheet, max_columns):
    """Rows of values as iter_rows(values_only=True) gives them, a formula cell as FORMULA.

    Only cells say whether they hold a formula, so rows of cells are read; a made-up row is
    all openpyxl's EMPTY_CELL and becomes a row of None. openpyxl yields the same tuple for
    every made-up row, so that tuple, once seen, is recognised without a loop over its cells.
    """
    from openpyxl.cell.read_only import EMPTY_CELL

    nothing = (None,) * max_columns
    made_up = None
    for cells in sheet.iter_rows(max_row=SHEET_MAX_ROW + 1, max_col=max_columns):
        if cells is made_up:
            yield nothing
        elif all(cell is EMPTY_CELL for cell in cells):
            made_up = cells
            yield nothing
        else:
            yield tuple(FORMULA if cell.data_type == "f" else cell.value for cell in cells)


def _clean(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value
