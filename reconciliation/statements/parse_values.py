"""Amounts and dates as Vietnamese banks write them, read strictly.

Banks write the same money as "1.000.000", "400.000,00", "50,000", "1,000,000.00" or a number
cell, and the same moment as "10/09/2024 01:03:56", "19/9/2024", "2024-09-10 14:02:37" or an
Excel date cell. Money must come out as whole đồng (int, never float) and a moment as an aware
Asia/Ho_Chi_Minh datetime, always day-first. Anything doubtful is refused with a StatementError
rather than guessed, because a wrong amount silently matched to a pledge is worse than an
import that has to be fixed and retried.
"""

import math
import re
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from reconciliation.statements.errors import StatementError
from sitewide.text import nfc

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

#: Styles of writing amounts: "auto" decides per value; "vn" is dot thousands and comma decimals
#: ("400.000,00"); "en" is comma thousands and dot decimals ("1,000,000.00").
AMOUNT_STYLES = ("auto", "vn", "en")
#: No single transfer reaches a million billion đồng; anything larger is a misread column.
MAX_AMOUNT = 10**15 - 1

_CURRENCY = re.compile(r"^(?:vnd|vnđ|đ|₫)\.?\s*|\s*(?:vnd|vnđ|đồng|đ|₫)\.?$", re.IGNORECASE)
_SPACES = "\u0020\u00a0\u2009\u202f"
_NUMBER = re.compile(rf"\d[\d.,{_SPACES}]*")
#: The shapes nearly every cell has, read without the general path: same results, faster.
_PLAIN = re.compile(r"(?P<vn>\d{1,3}(?:\.\d{3})+)|(?P<en>\d{1,3}(?:,\d{3})+)|(?P<digits>\d+)")
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})*|\d{1,3}(?:,\d{3})*|\d{1,3}(?: \d{3})*|\d+")

EMPTY_AMOUNT = _("The amount is empty.")
NOT_AN_AMOUNT = _("“%(value)s” is not an amount of money.")
FRACTION = _("“%(value)s” has a fraction of a đồng; amounts must be whole đồng.")
NEGATIVE = _("“%(value)s” is negative; only money received can be imported.")
TOO_LARGE = _("“%(value)s” is too large to be an amount in đồng.")
EMPTY_DATE = _("The date is empty.")
NOT_A_DATE = _("“%(value)s” is not a date (day/month/year expected).")
NOT_A_TIME = _("“%(value)s” is not a time of day (hour:minute expected).")


def _shown(value):
    text = str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def _fail(message, value, row, column):
    raise StatementError(row, column, message, {"value": _shown(value)})


def parse_amount(value, *, row=None, column=None, style="auto", allow_negative=False):
    """Whole đồng (int) from a cell: text in any bank's style, or an int/float/Decimal cell.

    A fraction of a đồng is an error, not rounded: it means the column or the style is wrong.
    Negatives are refused unless `allow_negative` (a signed single amount column).
    """
    if value is None:
        raise StatementError(row, column, EMPTY_AMOUNT)
    if isinstance(value, bool):
        _fail(NOT_AN_AMOUNT, value, row, column)
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float | Decimal):
        amount = _whole_number(value, row, column)
    else:
        amount = _parse_amount_text(str(value), row, column, style)
    if amount < 0 and not allow_negative:
        _fail(NEGATIVE, value, row, column)
    if abs(amount) > MAX_AMOUNT:
        _fail(TOO_LARGE, value, row, column)
    return amount


def _whole_number(value, row, column):
    """A number cell: Excel stores 300000 as 300000.0, which is fine; 300000.5 is not."""
    if isinstance(value, float) and not math.isfinite(value):
        _fail(NOT_AN_AMOUNT, value, row, column)
    if isinstance(value, Decimal):
        if not value.is_finite():
            _fail(NOT_AN_AMOUNT, value, row, column)
        if value != value.to_integral_value():
            _fail(FRACTION, value, row, column)
        return int(value)
    if abs(value) > MAX_AMOUNT:
        _fail(TOO_LARGE, value, row, column)
    whole = round(value)
    if abs(value - whole) > 1e-6:  # tolerate binary noise of computed cells, not real cents
        _fail(FRACTION, value, row, column)
    return int(whole)


def _parse_amount_text(raw, row, column, style):
    if style not in AMOUNT_STYLES:
        raise ValueError(f"unknown amount style {style!r}")
    text = nfc(raw).strip()
    if not text:
        raise StatementError(row, column, EMPTY_AMOUNT)
    fast = _PLAIN.fullmatch(text)
    if fast and (style == "auto" or fast.lastgroup in (style, "digits")):
        return int(text.replace(".", "").replace(",", ""))
    text = _CURRENCY.sub("", text).strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text[:1] in ("+", "-", "\u2212"):
        negative, text = text[0] != "+", text[1:].strip()
    if not _NUMBER.fullmatch(text) or not text[-1].isdigit():
        _fail(NOT_AN_AMOUNT, raw, row, column)
    for space in _SPACES[1:]:
        text = text.replace(space, " ")
    whole, fraction = _split_decimal(text, style, raw, row, column)
    if not _GROUPED.fullmatch(whole):
        _fail(NOT_AN_AMOUNT, raw, row, column)
    if fraction.strip("0"):
        _fail(FRACTION, raw, row, column)
    amount = int(re.sub(r"\D", "", whole))
    return -amount if negative else amount


def _split_decimal(text, style, raw, row, column):
    """Split "1.000.000,00" into ("1.000.000", "00"), deciding which mark is the decimal one."""
    if style == "vn":
        decimal_mark = ","
    elif style == "en":
        decimal_mark = "."
    else:
        decimal_mark = _guess_decimal_mark(text)
    if decimal_mark is None or decimal_mark not in text:
        return text, ""
    whole, _mark, fraction = text.rpartition(decimal_mark)
    if decimal_mark in whole or not whole or not 1 <= len(fraction) <= 2 or not fraction.isdigit():
        _fail(NOT_AN_AMOUNT, raw, row, column)
    return whole, fraction


def _guess_decimal_mark(text):
    """The decimal mark of text in "auto" style, or None when every mark groups thousands.

    With both marks the last one is decimal ("1,000,000.00", "400.000,00"). With one mark
    used once, exactly three digits after it means thousands ("50,000", "300.000"): đồng never
    have three decimals. Used twice or more, it groups thousands ("1.000.000").
    """
    last_dot, last_comma = text.rfind("."), text.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        return "." if last_dot > last_comma else ","
    mark = "." if last_dot >= 0 else "," if last_comma >= 0 else None
    if mark is None or text.count(mark) > 1:
        return None
    return None if len(text) - text.rfind(mark) - 1 == 3 else mark


# ---- dates and times -------------------------------------------------------------------------

_TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d{1,6})?)?(?:\s*(?P<ap>AM|PM|SA|CH))?"
_DMY = r"(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})"
_YMD = r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
_ZONE = r"(?P<tz>Z|[+-]\d{2}:?\d{2})?"
_DATE_FORMS = [
    re.compile(rf"{_DMY}(?:[\sT,]+{_TIME})?", re.IGNORECASE),
    re.compile(rf"{_YMD}(?:[\sT]+{_TIME}{_ZONE})?", re.IGNORECASE),
    re.compile(rf"{_TIME}\s+{_DMY}", re.IGNORECASE),
]
_TIME_ONLY = re.compile(_TIME, re.IGNORECASE)
_EXCEL_EPOCH = datetime(1899, 12, 30)
#: Excel serial numbers accepted as dates: 1970-01-01 to 2099-12-31. Anything else in a date
#: column is more likely a misplaced amount or row number than a date.
_EXCEL_SERIALS = (25569, 73051)


def parse_datetime(value, *, row=None, column=None):
    """Aware Asia/Ho_Chi_Minh datetime from a date cell, always day-first.

    Text keeps the precision it was given (no seconds → :00; date only → midnight), so the
    same file always yields the same moment and the same fingerprint.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=VN_TZ)
        return value.astimezone(VN_TZ)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=VN_TZ)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_excel_serial(value, row, column)
    text = nfc("" if value is None else str(value)).strip()
    if not text:
        raise StatementError(row, column, EMPTY_DATE)
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            return _build(match, text, row, column)
    _fail(NOT_A_DATE, text, row, column)


def parse_time(value, *, row=None, column=None):
    """A time of day from a separate time column: "01:03:56", a time cell, or a day fraction."""
    if isinstance(value, time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(value * 86400)
        return time(*divmod(seconds // 60, 60), seconds % 60) if seconds < 86400 else time(0)
    text = "" if value is None else str(value).strip()
    match = _TIME_ONLY.fullmatch(text)
    if not match:
        _fail(NOT_A_TIME, text, row, column)
    try:
        return _clock(match)
    except ValueError:
        _fail(NOT_A_TIME, text, row, column)


def with_time(moment, clock):
    """The statement date `moment` at time-of-day `clock` (from a separate column)."""
    return moment.replace(hour=clock.hour, minute=clock.minute, second=clock.second)


def _from_excel_serial(value, row, column):
    if not math.isfinite(value) or not _EXCEL_SERIALS[0] <= value <= _EXCEL_SERIALS[1]:
        _fail(NOT_A_DATE, value, row, column)
    naive = _EXCEL_EPOCH + timedelta(seconds=round(value * 86400))
    return naive.replace(tzinfo=VN_TZ)


def _build(match, text, row, column):
    parts = match.groupdict()
    year = int(parts["y"])
    if len(parts["y"]) == 2:
        year += 2000
    try:
        day = date(year, int(parts["m"]), int(parts["d"]))
        clock = _clock(match) if parts.get("H") is not None else time(0)
    except ValueError:
        _fail(NOT_A_DATE, text, row, column)
    zone = parts.get("tz")
    if not zone:
        return datetime.combine(day, clock, tzinfo=VN_TZ)
    offset = timedelta(0)
    if zone.upper() != "Z":
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        offset = -offset if zone[0] == "-" else offset
    return datetime.combine(day, clock, tzinfo=timezone(offset)).astimezone(VN_TZ)


def _clock(match):
    """A time from regex groups; "SA"/"CH" are the Vietnamese AM/PM (sáng/chiều)."""
    hour, minute = int(match["H"]), int(match["M"])
    second = int(match["S"] or 0)
    marker = (match["ap"] or "").upper()
    if marker:
        if not 1 <= hour <= 12:
            raise ValueError("12-hour clock out of range")
        hour = hour % 12 + (12 if marker in ("PM", "CH") else 0)
    return time(hour, minute, second)
