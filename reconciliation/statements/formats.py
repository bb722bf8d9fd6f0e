"""A whole statement file into credit lines: find the table, recognise the bank, read strictly.

All-or-nothing: either every credit row of the file is read, or a StatementError says which
row and column is wrong and nothing is returned, so an import never stores half a statement.
Rows that are not credits (debits, balances, zero lines, repeated headers, totals such as
"Tổng cộng" or "Số dư cuối kỳ", signature footers) are skipped and counted, never guessed at.
A total or closing balance ends the table: what follows it is footer, read only to make sure
no transfer hides there. The title rows above the table also say whose statement it is
(identity.py), which the import compares with the account chosen.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from unicodedata import normalize

from django.utils.translation import gettext_lazy as _

from reconciliation.statements.errors import StatementError
from reconciliation.statements.identity import FileIdentity, read_identity
from reconciliation.statements.layouts import detect_layout, header_words
from reconciliation.statements.lines import StatementLine, number_occurrences
from reconciliation.statements.mapping import ROLES, normalise_header, resolve_columns
from reconciliation.statements.parse_values import (
    EMPTY_DATE,
    parse_amount,
    parse_datetime,
    parse_time,
    with_time,
)
from reconciliation.statements.readers import read_rows
from sitewide.text import nfc

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Banks put a handful of title rows (bank, account, period) above the table; 40 is plenty.
HEADER_SEARCH_ROWS = 40
#: Labels of totals and closing balances: a row carrying one ends the table.
_TOTALS = (
    "tong cong",
    "cong phat sinh",
    "tong phat sinh",
    "tong so",
    "so du cuoi ky",
    "total",
    "closing balance",
    "ending balance",
)
#: Labels of opening balances, which come before the first transfer.
_OPENINGS = ("so du dau ky", "opening balance", "beginning balance")
_SUMMARY = _TOTALS + _OPENINGS
#: A bare "Tổng" (Vietcombank) counts only as the whole cell: as a prefix it would also catch
#: "Tổng công ty …" in an undated row.
_SUMMARY_WHOLE = ("tong",)
#: A document number written after the date in the date cell ("01/09/2024 5078.97530").
_DOCUMENT_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]{0,39}")
_PLACEHOLDERS = {"", "-", "–", "—"}

TOO_BIG = _("The file is %(size)s, larger than the limit of %(limit)s.")
UNKNOWN_LAYOUT = _(
    "The statement layout is not recognised (no Vietcombank, VietinBank, BIDV, Agribank or MB "
    "header row in the first %(rows)s rows); describe its columns in a column mapping."
)
MAPPING_NOT_FOUND = _(
    "No header row with the columns %(columns)s was found in the first %(rows)s rows."
)
COLUMN_MISSING = _("The column “%(column)s” named in the column mapping is not in this file.")
OUTSIDE_PERIOD = _("The date %(value)s is outside the statement period %(start)s – %(end)s.")
AFTER_TOTAL = _(
    "a transfer after the total on row %(total)s, where the table ends; check the file."
)


@dataclass(frozen=True)
class ParseResult:
    """What a statement file holds: its bank, its credit lines, and how many rows were not."""

    bank: str
    label: str
    lines: tuple
    skipped: int
    skipped_by_reason: dict = field(default_factory=dict)
    header_row: int = 0
    columns: dict = field(default_factory=dict)
    identity: FileIdentity = FileIdentity()


@dataclass(frozen=True)
class _Table:
    bank: str
    label: str
    header_row: int
    index: dict
    headers: dict
    amount_style: str = "auto"
    signed_amount: bool = False
    identity: FileIdentity = FileIdentity()
    #: A time read from its own column enters the dedupe fingerprint only for column mappings,
    #: which always read it; the banks' layouts did not, and their files' keys must not change.
    time_in_key: bool = True


def parse_statement(file_bytes, filename="", mapping=None, period=None, max_bytes=None):
    """Read a statement; raise StatementError (row, column, Vietnamese message) if any part
    of it cannot be taken. `period` is an inclusive (first day, last day) pair of dates."""
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if len(file_bytes) > limit:
        raise StatementError(
            None, None, TOO_BIG, {"size": _megabytes(len(file_bytes)), "limit": _megabytes(limit)}
        )
    rows = read_rows(file_bytes, filename)
    table = _find_table(rows, mapping)
    lines, skipped = _read_lines(rows, table, period)
    return ParseResult(
        bank=table.bank,
        label=table.label,
        lines=tuple(number_occurrences(lines)),
        skipped=sum(skipped.values()),
        skipped_by_reason=dict(skipped),
        header_row=table.header_row,
        columns=dict(table.headers),
        identity=table.identity,
    )


def identify_statement(file_bytes, filename="", mappings=(None,)):
    """The FileIdentity of a statement from its first rows only (cheap enough for a web
    request), trying each of `mappings` (None: the banks' layouts) for the header row; None
    when the file cannot be read or no header row is found (the import will say why)."""
    try:
        rows = read_rows(file_bytes, filename, limit=HEADER_SEARCH_ROWS)
    except StatementError:
        return None
    for mapping in mappings:
        try:
            return _find_table(rows, mapping).identity
        except StatementError:
            continue
    return None


def _megabytes(size):
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


def _find_table(rows, mapping):
    for position, (number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if mapping is not None:
            found = resolve_columns(cells, mapping.aliases())
            if found is None:
                continue
            for role in mapping.aliases():
                if role not in found:
                    raise StatementError(
                        number, None, COLUMN_MISSING, {"column": getattr(mapping, role)}
                    )
            bank, label = "custom", mapping.bank or str(_("Other bank"))
            style, signed = mapping.amount_style, mapping.signed_amount
        else:
            detected = detect_layout(cells, [row for _n, row in rows[:position]])
            if detected is None:
                continue
            layout, found = detected
            bank, label = layout.bank, layout.label
            style, signed = layout.amount_style, False
        headers = {role: str(cells[index]) for role, index in found.items()}
        identity = read_identity([row for _n, row in rows[:position]])
        return _Table(
            bank,
            label,
            number,
            found,
            headers,
            style,
            signed,
            identity=identity,
            time_in_key=mapping is not None,
        )
    if mapping is not None:
        wanted = ", ".join(f"“{name}”" for name in (mapping.date, mapping.credit, mapping.memo))
        raise StatementError(
            None, None, MAPPING_NOT_FOUND, {"columns": wanted, "rows": HEADER_SEARCH_ROWS}
        )
    raise StatementError(None, None, UNKNOWN_LAYOUT, {"rows": HEADER_SEARCH_ROWS})


def _read_lines(rows, table, period):
    skip_words = header_words() | {
        normalise_header(table.headers["date"]),
        normalise_header(table.headers["credit"]),
    }
    lines, skipped = [], Counter()
    total_row = None
    by_role = _Roles(table)
    for number, cells in rows:
        if number <= table.header_row:
            continue
        if total_row is not None:
            row = by_role(cells)
            skipped[_after_total(number, row, table, skip_words, total_row)] += 1
            continue
        line, reason = _read_row(number, by_role(cells), table, period, skip_words)
        if line is None:
            skipped[reason] += 1
            if reason == "summary" and _is_total(cells):
                total_row = number
        else:
            lines.append(line)
    return lines, skipped


def _is_total(cells):
    """Whether a summary row is a total or closing balance (not an opening balance)."""
    return any(
        _folded(cell) in _SUMMARY_WHOLE or _folded(cell).startswith(_TOTALS)
        for cell in cells
        if isinstance(cell, str) and 0 < len(cell) <= 40
    )


def _after_total(number, row, table, skip_words, total_row):
    """Why a row after the table's total is skipped; a row that still reads as a transfer is
    an error, since ending the table there would silently lose it."""
    try:
        line, reason = _read_row(number, row, table, None, skip_words)
    except StatementError:
        return "footer"
    if line is not None:
        raise StatementError(number, None, AFTER_TOTAL, {"total": total_row})
    return reason


class _Row(dict):
    """Cells of one row by role: None for a role the table has no column for, or beyond the
    row's last cell. A dict, so that reading a cell is no call of ours (every row of a 100.000
    line statement reads eight of them)."""

    __slots__ = ("cells", "table")


class _Roles:
    """Makes the _Row of a table's row: the roles' cells picked at once (operator.itemgetter)."""

    def __init__(self, table):
        self.table = table
        self.blank = dict.fromkeys(ROLES)
        self.roles = tuple(table.index)
        indexes = tuple(table.index.values())
        self.width = max(indexes) + 1
        self.pick = itemgetter(*indexes) if len(indexes) > 1 else None

    def __call__(self, cells):
        row = _Row(self.blank)
        row.cells, row.table = cells, self.table
        if self.pick is not None and len(cells) >= self.width:
            row.update(zip(self.roles, self.pick(cells), strict=True))
        else:
            for role, index in self.table.index.items():
                if index < len(cells):
                    row[role] = cells[index]
        return row


def _read_row(number, row, table, period, skip_words):
    """(StatementLine, None) for a credit row, (None, reason) for a row that is not one."""
    headers = table.headers
    date_cell, credit_cell = row["date"], row["credit"]
    moment, document, date_error = _read_date(date_cell, number, headers.get("date"))
    if moment is None:
        if _folded(date_cell) in skip_words or _folded(credit_cell) in skip_words:
            return None, "header"
        if _is_summary(row.cells, prefix=True):
            return None, "summary"
    elif _is_summary([row["memo"]], prefix=False):
        return None, "summary"
    if _blank(credit_cell):
        return None, "debit" if not _blank(row["debit"]) else "no_credit"
    if moment is None and not _has_digit(credit_cell):
        return None, "no_credit"  # a footer ("Kế toán trưởng") spanning the credit column
    amount = parse_amount(
        credit_cell,
        row=number,
        column=headers.get("credit"),
        style=table.amount_style,
        allow_negative=table.signed_amount,
    )
    if amount < 0:
        return None, "debit"
    if amount == 0:
        return None, "zero"
    if moment is None:
        if _blank(date_cell):
            raise StatementError(number, headers.get("date"), EMPTY_DATE)
        raise date_error
    keyed_at = None
    if "time" in table.index and not _blank(row["time"]):
        clock = parse_time(row["time"], row=number, column=headers.get("time"))
        keyed_at = None if table.time_in_key else moment
        moment = with_time(moment, clock)
    _check_period(moment, period, number, headers.get("date"))
    return (
        StatementLine(
            row=number,
            booked_at=moment,
            amount=amount,
            memo=_text(row["memo"]),
            counterparty_name=_text(row["counterparty_name"]),
            counterparty_account=_text(row["counterparty_account"]),
            bank_reference=_text(row["reference"]) or document,
            balance=_balance(row["balance"], table.amount_style),
            keyed_at=keyed_at,
        ),
        None,
    )


def _read_date(cell, number, column):
    """(moment, document number, None) or (None, "", the error). Vietcombank writes the
    document number in the date cell after the date and a space or line break
    ("01/09/2024\n5078.97530"); it is taken off only when the whole cell is not a date.

    The error goes back without its traceback: kept by the caller (a heading or total row),
    it would hold the frames of this call and of its callers, and with them every row and
    line of the file, in a cycle that only the cyclic garbage collector frees."""
    try:
        return parse_datetime(cell, row=number, column=column), "", None
    except StatementError as error:
        parts = nfc(cell).split() if isinstance(cell, str) else []
        document = parts[-1] if len(parts) > 1 else ""
        if not _DOCUMENT_NUMBER.fullmatch(document) or not _has_digit(document):
            return None, "", error.with_traceback(None)
        try:
            moment = parse_datetime(" ".join(parts[:-1]), row=number, column=column)
        except StatementError:
            return None, "", error.with_traceback(None)
        return moment, document, None


def _check_period(moment, period, number, column):
    if not period:
        return
    start, end = period
    day = moment.date()
    if (start and day < start) or (end and day > end):
        raise StatementError(
            number,
            column,
            OUTSIDE_PERIOD,
            {"value": _vndate(day), "start": _vndate(start), "end": _vndate(end)},
        )


def _vndate(day):
    return day.strftime("%d/%m/%Y") if isinstance(day, date) else "…"


def _is_summary(cells, prefix):
    """Totals and opening/closing balance rows. An undated row is one if any short cell starts
    with such a label (or is a bare "Tổng"); a dated row (a transfer whose memo may well say
    "tổng cộng") only if its memo is nothing but the label, as in "Số dư đầu kỳ" rows that
    carry the first date."""
    for cell in cells:
        if not isinstance(cell, str) or not cell or len(cell) > 40:
            continue
        folded = normalise_header(cell)
        if folded in _SUMMARY or folded in _SUMMARY_WHOLE:
            return True
        if prefix and folded.startswith(_SUMMARY):
            return True
    return False


def _blank(value):
    return value is None or (isinstance(value, str) and value.strip() in _PLACEHOLDERS)


def _has_digit(value):
    return not isinstance(value, str) or any(char.isdigit() for char in value)


def _folded(value):
    return normalise_header(value) if isinstance(value, str) else ""


def _text(value):
    """A text cell in NFC, whitespace (including the line breaks of wrapped cells) collapsed.
    Number cells holding account numbers or references lose no digits: 12.0 → "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(normalize("NFC", str(value)).split())


def _balance(value, style):
    """The running balance, for display only: unreadable or negative balances become None
    rather than failing an import whose money lines are fine."""
    if _blank(value):
        return None
    try:
        return parse_amount(value, style=style)
    except StatementError:
        return None
