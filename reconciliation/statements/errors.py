"""The one error type of statement and feed reading.

It carries the row and column a Front staff member should look at, and keeps its message lazy
(an English msgid with parameters, like Django's ValidationError) so it is rendered in the
language active where it is shown: Vietnamese in the admin and in the import command.
"""

from django.utils.translation import gettext_lazy as _

from sitewide.spreadsheet_files import SpreadsheetError

_ROW_COLUMN = _("Row %(row)s, column “%(column)s”: %(detail)s")
_ROW = _("Row %(row)s: %(detail)s")
_COLUMN = _("Column “%(column)s”: %(detail)s")


class StatementError(SpreadsheetError):
    """A statement (or feed payload) that cannot be taken as a whole.

    `row` is the 1-based row number as a spreadsheet shows it, `column` the header text of
    the column as written in the file (or a feed field name); either may be None when the
    problem concerns the whole file. `message` is a lazy msgid, `params` fill its placeholders.
    Said with its row and column; `detail` (sitewide's) is the message alone.
    """

    def __str__(self):
        detail = self.detail
        if self.row is not None and self.column:
            return str(_ROW_COLUMN) % {"row": self.row, "column": self.column, "detail": detail}
        if self.row is not None:
            return str(_ROW) % {"row": self.row, "detail": detail}
        if self.column:
            return str(_COLUMN) % {"column": self.column, "detail": detail}
        return detail

    def at(self, row=None, column=None):
        """The same error placed at a row/column (the value parsers do not know where they are)."""
        return StatementError(
            self.row if row is None else row,
            self.column if column is None else column,
            self.message,
            self.params,
        )
