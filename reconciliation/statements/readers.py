"""Statement files (CSV or XLSX) into plain rows of cell values, numbered as a spreadsheet does.

Banks hand out CSV in UTF-8 with or without BOM, "Unicode text" (UTF-16 with tabs) from Excel,
or Windows-1258 from older systems, separated by commas, semicolons or tabs; and XLSX with
title rows above the table. Old binary .xls and HTML pretending to be .xls are refused with a
message saying how to re-save the file, rather than read half right.
"""

import csv
import io
import unicodedata
import zipfile

from django.utils.translation import gettext_lazy as _

from reconciliation.statements.errors import StatementError

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
#: Rows holding something, at most: a busy account's month is a few tens of thousands.
MAX_ROWS = 200_000
#: Cells right of this column are ignored: no bank's table is that wide, and one cell in column
#: ZZZ would otherwise make its row 18.278 cells long (a few kilobytes of XML, gigabytes read).
MAX_COLUMNS = 100

OLD_EXCEL = _("This is an old Excel (.xls) file; open it in Excel and save it as .xlsx or CSV.")
UNREADABLE = _("The file cannot be read as a CSV or Excel (.xlsx) statement.")
UNREADABLE_TEXT = _(
    "The file's text encoding is not recognised; save it as CSV UTF-8 and try again."
)
EMPTY_FILE = _("The file is empty.")
TOO_MANY_ROWS = _(
    "The file has more than %(rows)s rows; split it into statements of shorter periods and "
    "import each of them."
)
TOO_BIG_UNPACKED = _(
    "The Excel file unpacks to more than %(size)s; split it into statements of shorter "
    "periods, or save it as CSV."
)


def read_rows(file_bytes, filename="", limit=None):
    """[(row number, [cell values])] of the first sheet, empty rows left out; with `limit`,
    only that many (non-empty) rows from the top."""
    if not file_bytes:
        raise StatementError(None, None, EMPTY_FILE)
    name = (filename or "").lower()
    if file_bytes[:4] == b"PK\x03\x04":
        return _xlsx_rows(file_bytes, limit)
    if file_bytes[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith(".xls"):
        raise StatementError(None, None, OLD_EXCEL)
    if name.endswith((".xlsx", ".xlsm")):
        raise StatementError(None, None, UNREADABLE)
    return _csv_rows(_decode(file_bytes), limit)


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
    raise StatementError(None, None, UNREADABLE_TEXT)


def _looks_like_utf8(text):
    """UTF-8 Vietnamese read as Windows-1258 ("Ä‘", "á»‡"): a UTF-8 file with one bad byte.
    Reading it as Windows-1258 would import every memo garbled, so it is refused instead."""
    return "áº" in text or "á»" in text or "Ä‘" in text


def _csv_rows(text, limit=None):
    delimiter = _guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > SHEET_MAX_ROW:
                raise _too_many_rows(SHEET_MAX_ROW)
            cells = [cell.strip() for cell in cells[:MAX_COLUMNS]]
            if any(cells):
                rows.append((number, cells))
                if limit is not None and len(rows) >= limit:
                    break
                if len(rows) > MAX_ROWS:
                    raise _too_many_rows(MAX_ROWS)
    except csv.Error as error:
        raise StatementError(reader.line_num, None, UNREADABLE) from error
    return rows


def _too_many_rows(limit):
    return StatementError(None, None, TOO_MANY_ROWS, {"rows": f"{limit:,}".replace(",", ".")})


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


def _xlsx_rows(file_bytes, limit=None):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(file_bytes)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise StatementError(None, None, UNREADABLE) from error
    if inflated > MAX_INFLATION * len(file_bytes):
        raise StatementError(None, None, UNREADABLE)
    if inflated > MAX_INFLATED_BYTES:
        size = f"{MAX_INFLATED_BYTES // 1_048_576} MB"
        raise StatementError(None, None, TOO_BIG_UNPACKED, {"size": size})
    try:
        workbook = load_workbook(io.BytesIO(file_bytes), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise StatementError(None, None, UNREADABLE) from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # banks' files often declare a wrong used range
        # openpyxl yields every row from 1 on, making up the missing ones; bounded by
        # max_row, it stops at a row numbered beyond and makes up rows up to max_row, so a
        # row numbered SHEET_MAX_ROW + 1 means the sheet goes further than Excel allows.
        cells_by_row = sheet.iter_rows(
            max_row=SHEET_MAX_ROW + 1, max_col=MAX_COLUMNS, values_only=True
        )
        rows = []
        for number, cells in enumerate(cells_by_row, start=1):
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
                if len(rows) > MAX_ROWS:
                    raise _too_many_rows(MAX_ROWS)
        return rows
    finally:
        workbook.close()


def _clean(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value
