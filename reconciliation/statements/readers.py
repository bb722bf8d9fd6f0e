"""Statement files (CSV or XLSX) into plain rows of cell values, numbered as a spreadsheet does.

The reading itself, bounded against hostile files, is sitewide.spreadsheet_files.read_rows,
which every importer of the project shares. What is statement-specific stays here: the limits
a bank statement may reach (a module attribute each, read at every call), and the refusals
said in a statement's words ("split it into statements of shorter periods"), raised as
StatementError like every other problem of a statement.
"""

from django.utils.translation import gettext_lazy as _

from reconciliation.statements.errors import StatementError
from sitewide import spreadsheet_files
from sitewide.spreadsheet_files import SpreadsheetError

#: An XLSX is a zip; refuse archives that would inflate far beyond the upload (zip bombs),
#: or beyond MAX_INFLATED_BYTES whatever the ratio (a real 100.000-line statement of 5,5 MB
#: unpacks to about 47 MB).
MAX_INFLATION = spreadsheet_files.MAX_INFLATION
MAX_INFLATED_BYTES = spreadsheet_files.MAX_INFLATED_BYTES
#: Excel's last row: a row numbered beyond it, or a CSV of more lines, is refused.
SHEET_MAX_ROW = spreadsheet_files.SHEET_MAX_ROW
#: Rows holding something, at most: a busy account's month is a few tens of thousands.
MAX_ROWS = spreadsheet_files.MAX_ROWS
#: Cells right of this column are ignored: no bank's table is that wide.
MAX_COLUMNS = spreadsheet_files.MAX_COLUMNS

UNREADABLE = _("The file cannot be read as a CSV or Excel (.xlsx) statement.")
TOO_MANY_ROWS = _(
    "The file has more than %(rows)s rows; split it into statements of shorter periods and "
    "import each of them."
)
TOO_BIG_UNPACKED = _(
    "The Excel file unpacks to more than %(size)s; split it into statements of shorter "
    "periods, or save it as CSV."
)
#: The reader's refusals said in a statement's words; the others (old .xls, text encoding,
#: empty file) are said as the reader says them.
_IN_OUR_WORDS = {
    "unreadable": UNREADABLE,
    "too_many_rows": TOO_MANY_ROWS,
    "too_big_unpacked": TOO_BIG_UNPACKED,
}


def read_rows(file_bytes, filename="", limit=None):
    """[(row number, [cell values])] of the first sheet, empty rows left out; with `limit`,
    only that many (non-empty) rows from the top. Formulas are read as the value the bank's
    program saved with them."""
    try:
        return spreadsheet_files.read_rows(
            file_bytes,
            filename,
            limit=limit,
            max_rows=MAX_ROWS,
            max_columns=MAX_COLUMNS,
            max_inflation=MAX_INFLATION,
            max_inflated_bytes=MAX_INFLATED_BYTES,
            formulas=spreadsheet_files.CACHED,
        )
    except SpreadsheetError as error:
        message = _IN_OUR_WORDS.get(error.code, error.message)
        raise StatementError(error.row, error.column, message, error.params) from error
