"""How money, dates and people's names are written for Vietnamese readers: 1.250.000 ₫,
17/10/2026, Hoàng Văn Hùng."""

import datetime

from django.utils import timezone

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
