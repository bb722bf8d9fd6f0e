"""Amount and date parsing (examples and hypothesis properties) and payment-code properties."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from donations.codes import ALPHABET, PREFIX, check_character, find_codes, is_valid
from reconciliation.statements import StatementError
from reconciliation.statements.parse_values import (
    FRACTION,
    NEGATIVE,
    NOT_A_DATE,
    NOT_AN_AMOUNT,
    parse_amount,
    parse_datetime,
    parse_time,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.000.000", 1_000_000),
        ("400.000,00", 400_000),
        ("50,000", 50_000),
        ("1,000,000.00", 1_000_000),
        ("1 000 000", 1_000_000),
        ("1\u00a0000\u00a0000", 1_000_000),
        ("+300.000", 300_000),
        ("300.000 VND", 300_000),
        ("300.000đ", 300_000),
        ("VND 300.000", 300_000),
        ("2.500", 2_500),
        ("0", 0),
        (1_500_000, 1_500_000),
        (1_500_000.0, 1_500_000),
        (Decimal("1500000.00"), 1_500_000),
    ],
)
def test_amounts_in_every_bank_style(text, expected):
    amount = parse_amount(text)
    assert amount == expected
    assert type(amount) is int


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("400.000,50", FRACTION),
        ("1,5", FRACTION),
        (300_000.5, FRACTION),
        (Decimal("10.01"), FRACTION),
        ("-300.000", NEGATIVE),
        ("(300.000)", NEGATIVE),
        (-5, NEGATIVE),
        ("abc", NOT_AN_AMOUNT),
        ("1.2OO.000", NOT_AN_AMOUNT),
        ("1.00.000", NOT_AN_AMOUNT),
        ("1.000,000", NOT_AN_AMOUNT),
        ("300.000,", NOT_AN_AMOUNT),
        ("1e5", NOT_AN_AMOUNT),
        (float("nan"), NOT_AN_AMOUNT),
        (True, NOT_AN_AMOUNT),
    ],
)
def test_doubtful_amounts_are_refused_with_the_reason(text, message):
    with pytest.raises(StatementError) as error:
        parse_amount(text, row=7, column="Có")
    assert error.value.message == message
    assert (error.value.row, error.value.column) == (7, "Có")


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_amount(empty):
    with pytest.raises(StatementError):
        parse_amount(empty)


def test_explicit_style_refuses_the_other_style():
    assert parse_amount("1.000", style="vn") == 1_000
    with pytest.raises(StatementError):
        parse_amount("1.000", style="en")  # "1.000" would be one đồng and three decimals
    with pytest.raises(StatementError):
        parse_amount("1,000,000", style="vn")
    assert parse_amount("-200,000", style="en", allow_negative=True) == -200_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/09/2024 01:03:56", datetime(2024, 9, 10, 1, 3, 56, tzinfo=VN)),
        ("19/9/2024", datetime(2024, 9, 19, tzinfo=VN)),
        ("2024-09-10 14:02:37", datetime(2024, 9, 10, 14, 2, 37, tzinfo=VN)),
        ("05/09/2024 08:15", datetime(2024, 9, 5, 8, 15, tzinfo=VN)),
        ("03/04/2024", datetime(2024, 4, 3, tzinfo=VN)),  # day first, always
        ("10/09/24 1:03 CH", datetime(2024, 9, 10, 13, 3, tzinfo=VN)),
        ("01:03:56 10/09/2024", datetime(2024, 9, 10, 1, 3, 56, tzinfo=VN)),
        ("2024-09-10T07:02:37Z", datetime(2024, 9, 10, 14, 2, 37, tzinfo=VN)),
        (datetime(2024, 9, 10, 14, 2, 37), datetime(2024, 9, 10, 14, 2, 37, tzinfo=VN)),
        (date(2024, 9, 10), datetime(2024, 9, 10, tzinfo=VN)),
        (45545, datetime(2024, 9, 10, tzinfo=VN)),  # Excel serial number
        (45545.5, datetime(2024, 9, 10, 12, tzinfo=VN)),
    ],
)
def test_dates(text, expected):
    moment = parse_datetime(text)
    assert moment == expected
    assert moment.tzinfo == VN


@pytest.mark.parametrize(
    "text",
    ["31/02/2024", "31/09/2024 08:00:00", "2024/13/01", "hôm qua", "45545", 12, "10/09/2024 25:00"],
)  # fmt: skip
def test_impossible_dates(text):
    with pytest.raises(StatementError) as error:
        parse_datetime(text, row=3, column="Ngày")
    assert error.value.message == NOT_A_DATE
    assert error.value.row == 3


def test_separate_time_column():
    assert parse_time("01:03:56") == time(1, 3, 56)
    assert parse_time(0.5) == time(12)
    assert parse_time(time(9, 5)) == time(9, 5)
    with pytest.raises(StatementError):
        parse_time("25:00")


# ---- properties ------------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=10**14)


def grouped(number, mark):
    return f"{number:,}".replace(",", mark)


STYLES = [
    (lambda n: grouped(n, "."), ("auto", "vn")),
    (lambda n: grouped(n, ","), ("auto", "en")),
    (lambda n: grouped(n, ".") + ",00", ("auto", "vn")),
    (lambda n: grouped(n, ",") + ".00", ("auto", "en")),
    (lambda n: grouped(n, " "), ("auto", "vn", "en")),
    (lambda n: str(n), ("auto", "vn", "en")),
    (lambda n: "+" + grouped(n, ".") + " VND", ("auto", "vn")),
    (lambda n: grouped(n, ".") + " ₫", ("auto", "vn")),
]


@settings(max_examples=200)
@given(amounts, st.sampled_from(STYLES))
def test_parse_amount_round_trips_formatted_integers(number, style):
    formatter, modes = style
    text = formatter(number)
    for mode in modes:
        amount = parse_amount(text, style=mode)
        assert amount == number
        assert type(amount) is int


@settings(max_examples=200)
@given(amounts, st.integers(min_value=1, max_value=99), st.booleans())
def test_parse_amount_refuses_any_fraction_of_a_dong(number, cents, vn_style):
    fraction = f"{cents:02d}".rstrip("0") if cents % 10 == 0 else f"{cents:02d}"
    text = (
        grouped(number, ".") + "," + fraction if vn_style else grouped(number, ",") + "." + fraction
    )
    with pytest.raises(StatementError) as error:
        parse_amount(text)
    assert error.value.message == FRACTION


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_parse_amount_never_returns_a_float(value):
    try:
        amount = parse_amount(value, allow_negative=True)
    except StatementError:
        return
    assert type(amount) is int
    assert amount == round(value)


moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31, 23, 59, 59))
DAY_FIRST = [
    ("%d/%m/%Y %H:%M:%S", "second"),
    ("%d/%m/%Y %H:%M", "minute"),
    ("%d/%m/%Y", "day"),
    ("%d-%m-%Y %H:%M:%S", "second"),
    ("%d.%m.%Y", "day"),
    ("%Y-%m-%d %H:%M:%S", "second"),
    ("unpadded", "day"),
]


def truncate(moment, precision):
    if precision == "day":
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision == "minute":
        return moment.replace(second=0, microsecond=0)
    return moment.replace(microsecond=0)


@settings(max_examples=200)
@given(moments, st.sampled_from(DAY_FIRST))
def test_parse_datetime_round_trips_day_first_text(moment, form):
    pattern, precision = form
    if pattern == "unpadded":
        text = f"{moment.day}/{moment.month}/{moment.year}"
    else:
        text = moment.strftime(pattern)
    parsed = parse_datetime(text)
    assert parsed == truncate(moment, precision).replace(tzinfo=VN)
    assert parsed.utcoffset() == timedelta(hours=7)


@given(moments)
def test_parse_datetime_round_trips_excel_serials_and_aware_values(moment):
    moment = moment.replace(microsecond=0)
    serial = (moment - datetime(1899, 12, 30)) / timedelta(days=1)
    assert parse_datetime(serial) == moment.replace(tzinfo=VN)
    utc = moment.replace(tzinfo=VN).astimezone(UTC)
    assert parse_datetime(utc) == moment.replace(tzinfo=VN)


codes = st.text(alphabet=ALPHABET, min_size=5, max_size=5).map(
    lambda body: PREFIX + body + check_character(PREFIX + body)
)
noise = st.text(
    alphabet="abcdeghiklmnopqrstuvxyĐđăâêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    " .,:;-_/()+0123456789ABCDEFGHKLMNPQRSTUVXY",
    max_size=60,
)


@settings(max_examples=300)
@given(codes, noise, noise, st.lists(st.sampled_from(["", " ", "-", ".", " - ", "_"]), min_size=7,
       max_size=7), st.booleans())  # fmt: skip
def test_find_codes_finds_a_valid_code_in_any_memo_noise(code, before, after, gaps, lower):
    spaced = "".join(char + gap for char, gap in zip(code, gaps + [""], strict=True))
    memo = f"{before}{spaced.lower() if lower else spaced}{after}"
    assert code in find_codes(memo)


@settings(max_examples=100)
@given(codes)
def test_check_character_catches_every_single_substitution(code):
    assert is_valid(code)
    for position in range(len(PREFIX), len(code)):
        for char in ALPHABET:
            if char != code[position]:
                mistyped = code[:position] + char + code[position + 1 :]
                assert not is_valid(mistyped), mistyped
