"""A faster way to stream rows into an openpyxl write-only worksheet.

``ws.append`` builds an openpyxl Cell object per value and serialises it element by element:
about 25 µs a cell, so a 100.000-row receipt list (a million cells) took ~40 s of CPU, four
times the 10 s the issue allows. Here each batch of rows is written as one string of the
same SpreadsheetML openpyxl produces (inline strings, numbers, style ids taken from
openpyxl's own style table) straight into the worksheet's file, between the ``<sheetData>``
tags openpyxl's own XML stream writes, so the workbook, its styles and its packaging are
still openpyxl's.

This uses internals of openpyxl's write-only worksheet (``_writer``, ``_rows`` and the
writer's ``xf`` stream, stable since openpyxl 2.6); ``supported`` says whether they are
there, and donations.reports.workbook falls back to ``ws.append`` when they are not.
tests/donations/test_reports_ledger.py checks that both paths write the same cells.
"""

import datetime
from xml.sax.saxutils import escape

from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter

from sitewide.spreadsheets import safe_cell

BATCH = 1000
# Excel's day 0 (as openpyxl counts it for dates after 1/3/1900, which all of ours are).
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
ONE_DAY = datetime.timedelta(days=1)


def supported(ws):
    try:
        from lxml import etree  # noqa: F401 - openpyxl streams through lxml here
    except ImportError:
        return False
    return hasattr(ws, "_writer") and hasattr(ws, "_rows") and ws._writer is None


class _PassThroughWriter(WorksheetWriter):
    """openpyxl's worksheet writer, with its XML stream going through a file object of ours,
    so that rows already serialised can be written to that file between two of its flushes
    rather than parsed back into elements (which cost as much as making them)."""

    def get_stream(self):
        path = self.out
        with open(path, "wb") as self.handle:
            self.out = self.handle  # read once, when openpyxl's stream opens its xmlfile
            try:
                yield from super().get_stream()
            finally:
                self.out = path  # the archive copies the finished file from its path


class FastRows:
    """Collects rows as SpreadsheetML text and streams them BATCH at a time.

    ``styles`` maps "money", "date", "datetime" and "bold" to openpyxl style ids.
    """

    def __init__(self, ws, styles, money_columns):
        self.ws = ws
        self.money = money_columns
        self.bold = f' s="{styles["bold"]}"'
        self.money_style = f' s="{styles["money"]}"'
        self.date_style = f' s="{styles["date"]}"'
        self.datetime_style = f' s="{styles["datetime"]}"'
        self.zone = timezone.get_current_timezone()
        self.letters = [get_column_letter(index) for index in range(1, 60)]
        self.number = 0
        self.pending = []
        self.stream = self._sheet_data()
        next(self.stream)
        # openpyxl closes the worksheet at save time by closing this generator.
        ws._rows = self.stream

    def _sheet_data(self):
        writer = self.ws._writer = _PassThroughWriter(self.ws)
        writer.write_top()
        xf = writer.xf.send(True)
        with xf.element("sheetData"):
            try:
                while True:
                    chunk = yield
                    xf.flush()  # everything openpyxl wrote so far, then our rows after it
                    writer.handle.write(chunk)
            except GeneratorExit:
                pass
        writer.xf.send(None)

    def _cell(self, ref, value, column, bold):
        kind = type(value)
        if kind is str or bold:
            text = safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value)))  # as workbook._cells
            if not text:  # as openpyxl: an empty cell, kept only for its style
                return f'<c r="{ref}"{self.bold}/>' if bold else ""
            if "&" in text or "<" in text or ">" in text:
                text = escape(text)
            space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
            style = self.bold if bold else ""
            return f'<c r="{ref}" t="inlineStr"{style}><is><t{space}>{text}</t></is></c>'
        if kind is int:
            style = self.money_style if column in self.money else ""
            return f'<c r="{ref}" t="n"{style}><v>{value}</v></c>'
        if kind is datetime.datetime:
            if value.tzinfo is not None:
                value = value.astimezone(self.zone).replace(tzinfo=None)
            days = (value - EXCEL_EPOCH) / ONE_DAY
            return f'<c r="{ref}" t="n"{self.datetime_style}><v>{days!r}</v></c>'
        if kind is datetime.date:
            days = (value - EXCEL_EPOCH.date()).days
            return f'<c r="{ref}" t="n"{self.date_style}><v>{days}</v></c>'
        return self._cell(ref, str(value), column, bold)

    def append(self, values, bold=False):
        self.number += 1
        number = self.number
        cells = [
            self._cell(f"{self.letters[column]}{number}", value, column, bold)
            for column, value in enumerate(values)
            if value is not None
        ]
        self.pending.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self):
        if self.pending:
            self.stream.send("".join(self.pending).encode())
            self.pending = []
