"""XLSX output with openpyxl's write-only mode: rows stream to disk as they are produced, so
a 100.000-row receipt list needs memory for one row at a time, not for the whole sheet.

Every text cell goes through sitewide.spreadsheets.safe_cell (here and in fastrows.py), so a
donor's name typed as a formula is written as text; numbers and dates are written as they are.
"""

import copy
import dataclasses
import datetime
import tempfile
import zipfile

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from sitewide.spreadsheets import safe_cell

from . import fastrows

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


@dataclasses.dataclass
class Sheet:
    title: str
    headings: list
    rows: object  # any iterable of lists
    money_columns: set = dataclasses.field(default_factory=set)
    widths: dict = dataclasses.field(default_factory=dict)


class _Styler:
    """Styled cells for one sheet, made by copying a template cell's style.

    Setting ``number_format`` on every new cell looks the format up in the workbook each
    time; copying the template's small style array is several times cheaper, which matters
    for a 100.000-row receipt list.
    """

    def __init__(self, ws):
        self.ws = ws
        self.templates = {}
        for name, fmt in (
            ("datetime", DATETIME_FORMAT),
            ("date", DATE_FORMAT),
            ("money", MONEY_FORMAT),
        ):
            template = WriteOnlyCell(ws)
            template.number_format = fmt
            self.templates[name] = template
        bold = WriteOnlyCell(ws)
        bold.font = Font(bold=True)
        self.templates["bold"] = bold

    def style_ids(self):
        return {kind: template.style_id for kind, template in self.templates.items()}

    def cell(self, value, kind):
        cell = WriteOnlyCell(self.ws, value=value)
        cell._style = copy.copy(self.templates[kind]._style)
        return cell


def _cells(sheet, styler, row):
    """Style only the cells that need it; plain values are written as they are."""
    money = sheet.money_columns
    for index, value in enumerate(row):
        kind = type(value)
        if kind is int:
            yield styler.cell(value, "money") if index in money else value
        elif kind is datetime.datetime:
            if value.tzinfo is not None:
                value = timezone.localtime(value).replace(tzinfo=None)
            yield styler.cell(value, "datetime")
        elif kind is datetime.date:
            yield styler.cell(value, "date")
        elif kind is str:
            # Control characters break the file; what is left must not start like a formula.
            yield safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
        else:
            yield safe_cell(value)  # numbers and None as they are; text of a str subclass safe


def write_workbook(target, sheets, fast=True):
    """Write the sheets to ``target`` (a path or a binary file). Excel has no time zones:
    datetimes are written in Vietnamese time (Asia/Ho_Chi_Minh).

    Rows go through donations.reports.fastrows when openpyxl allows it (``fast``), else
    through ``ws.append``; both write the same cells.
    """
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=str(sheet.title)[:31])
        styler = _Styler(ws)
        for column, width in sheet.widths.items():
            ws.column_dimensions[column].width = width
        if fast and fastrows.supported(ws):
            rows = fastrows.FastRows(ws, styler.style_ids(), sheet.money_columns)
            rows.append([str(heading) for heading in sheet.headings], bold=True)
            for row in sheet.rows:
                rows.append(row)
            rows.flush()
        else:
            headings = [safe_cell(str(heading)) for heading in sheet.headings]
            ws.append([styler.cell(heading, "bold") for heading in headings])
            for row in sheet.rows:
                ws.append(list(_cells(sheet, styler, row)))
    _save(workbook, target)


def _save(workbook, target):
    """``workbook.save``, with the fastest deflate level: level 6 (zipfile's default) spent a
    fifth of a 100.000-row report's time compressing, for a file about a third smaller."""
    workbook.properties.modified = timezone.now().replace(tzinfo=None)
    archive = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1)
    ExcelWriter(workbook, archive).save()


def xlsx_file_response(filename, write):
    """Run ``write(handle)`` into a temporary file and send it as an attachment."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def xlsx_response(filename, sheets):
    return xlsx_file_response(filename, lambda handle: write_workbook(handle, sheets))
