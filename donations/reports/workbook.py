"""XLSX output with openpyxl's write-only mode: rows stream to disk as they are produced, so
a 100.000-row receipt list needs memory for one row at a time, not for the whole sheet."""

import dataclasses
import datetime
import tempfile

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

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


def _cells(sheet, ws, row, bold):
    """Style only the cells that need it; plain values are written as they are."""
    for index, value in enumerate(row):
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None))
            cell.number_format = DATETIME_FORMAT
            yield cell
        elif isinstance(value, datetime.date):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = DATE_FORMAT
            yield cell
        elif index in sheet.money_columns and isinstance(value, int):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = MONEY_FORMAT
            yield cell
        elif bold:
            cell = WriteOnlyCell(ws, value=value)
            cell.font = bold
            yield cell
        else:
            yield value


def write_workbook(target, sheets):
    """Write the sheets to ``target`` (a path or a binary file). Excel has no time zones:
    datetimes are written in Vietnamese time (Asia/Ho_Chi_Minh)."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=str(sheet.title)[:31])
        for column, width in sheet.widths.items():
            ws.column_dimensions[column].width = width
        ws.append(list(_cells(sheet, ws, [str(h) for h in sheet.headings], bold)))
        for row in sheet.rows:
            ws.append(list(_cells(sheet, ws, row, None)))
    workbook.save(target)


def xlsx_file_response(filename, write):
    """Run ``write(handle)`` into a temporary file and send it as an attachment."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def xlsx_response(filename, sheets):
    return xlsx_file_response(filename, lambda handle: write_workbook(handle, sheets))
