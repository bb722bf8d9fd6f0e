"""How money, dates and people's names are written for Vietnamese readers: 1.250.000 ₫,
17/10/2026 and Hoàng Văn Hùng, and how money typed by people is read back (parse_money,
the inverse of group_thousands)."""

import datetime
import re

from django.utils import timezone

from sitewide.text import nfc, whole_number

CURRENCY_SYMBOL = "₫"


def group_thousands(amount):
    """Whole đồng with dots between thousands: 1250000 → "1.250.000"."""
    if amount is None:
        return ""
    if isinstance(amount, float):
        raise TypeError("Money is whole đồng in integers, never float.")
    return f"{int(amount):,}".replace(",", ".")


def format_vnd(amount):
    """1250000 → "1.250.000 ₫"; None → ""."""
    if amount is None or amount == "":
        return ""
    return f"{group_thousands(amount)} {CURRENCY_SYMBOL}"


def format_date(value):
    """A date or aware datetime as dd/mm/yyyy, datetimes seen in Asia/Ho_Chi_Minh."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return value.strftime("%d/%m/%Y")


def format_datetime(value):
    """An aware datetime as "HH:MM dd/mm/yyyy" in Asia/Ho_Chi_Minh.

    Exactly local midnight is shown as the date alone: that is how a moment known only by its
    day is stored (a bank statement line with no time, a cash receipt dated by hand), and
    "00:00" would tell a reader a time nobody knows."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
        return value.strftime("%d/%m/%Y")
    return value.strftime("%H:%M %d/%m/%Y")


class MoneyFormatError(ValueError):
    """Why a typed amount was refused; ``code`` names the case, for the form's message."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


MONEY_MAX_DIGITS = 15  # 999.999.999.999.999 ₫: far above any gift, far below a BIGINT
_CURRENCY_SUFFIX = re.compile(r"\s*(₫|đồng|đ|vnđ|vnd)$", re.IGNORECASE)
_MINUS = ("-", "\u2212")


def _grouped(separator):
    return rf"[0-9]{{1,3}}(?:{separator}[0-9]{{3}})+"


_PLAIN, _DOTS, _SPACES, _COMMAS = r"[0-9]+", _grouped(r"\."), _grouped(" "), _grouped(",")
_WHOLE = re.compile(rf"{_PLAIN}|{_DOTS}|{_SPACES}|{_COMMAS}")
# A decimal part after a number whose thousands are plainly marked (150.000,5; 150,000.50) or
# that is too long to be a first group of three (150000,5; 1500.25), or zeros only (15,00).
_DECIMAL = re.compile(
    rf"(?:{_DOTS}|{_SPACES}),[0-9]+|{_COMMAS}\.[0-9]+|[0-9]{{4,}}[.,][0-9]+|{_PLAIN},0+"
)
# One separator between digits that does not make groups of three: 1,5 or 1.5 may be a
# decimal mark or a slip of the finger; nobody can tell which.
_AMBIGUOUS = re.compile(r"[0-9]+[.,][0-9]+")


def parse_money(text, *, allow_negative=False):
    """Whole đồng typed as people type them, or MoneyFormatError.

    "150000000", "150.000.000", "150 000 000" (any kind of space, the no-break space a phone
    or a spreadsheet puts), "150,000,000" and a trailing "₫", "đ" or "VND" all read
    150000000. A comma is also the Vietnamese decimal mark, so it separates thousands only
    between groups of exactly three digits; "1,5" is refused as ambiguous and "150.000,5" as a
    decimal, never guessed. The inverse of group_thousands."""
    text = _CURRENCY_SUFFIX.sub("", " ".join(nfc(text).split()))
    negative = text.startswith(_MINUS)
    if negative:
        text = text[1:].lstrip()
    if _WHOLE.fullmatch(text):
        value = whole_number(re.sub(r"[ .,]", "", text), max_digits=MONEY_MAX_DIGITS)
        if value is None:
            raise MoneyFormatError("too_large")
    elif _DECIMAL.fullmatch(text):
        raise MoneyFormatError("decimal")
    elif _AMBIGUOUS.fullmatch(text):
        raise MoneyFormatError("ambiguous")
    else:
        raise MoneyFormatError("format")
    if negative and value:
        if not allow_negative:
            raise MoneyFormatError("negative")
        value = -value
    return value


def full_name(user):
    """A person's name as Vietnamese write it, family name first: "Hoàng Văn Hùng".

    Django keeps a user's name in two fields that Wagtail's forms label "Họ" (last_name: the
    family and middle names) and "Tên" (first_name: the given name); Django and Wagtail join
    them the other way round. "" when neither is set."""
    if user is None:
        return ""
    parts = (getattr(user, "last_name", "") or "", getattr(user, "first_name", "") or "")
    return " ".join(part.strip() for part in parts if part.strip())


def person_name(user):
    """The name to show for a staff member: full_name, else the username; "" for nobody."""
    if user is None:
        return ""
    return full_name(user) or user.get_username()
