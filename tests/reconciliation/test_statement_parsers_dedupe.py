"""Dedupe keys: stable across re-imports, distinct for identical transfers within one file."""

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reconciliation.statements import StatementLine, dedupe_key, fingerprint, parse_statement
from reconciliation.statements.lines import number_occurrences

FIXTURES = Path(__file__).parent / "fixtures" / "statements"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def keys(name, account):
    data = (FIXTURES / name).read_bytes()
    return [dedupe_key(account, line) for line in parse_statement(data, name).lines]


@pytest.mark.parametrize(
    "name", ["vietcombank.csv", "vietcombank.xlsx", "vietinbank.csv", "bidv.xlsx", "agribank.csv",
             "mb.xlsx"],
)  # fmt: skip
def test_reparsing_a_file_gives_the_same_distinct_keys(name):
    first = keys(name, "0071001234567")
    assert first == keys(name, "0071001234567")
    assert len(set(first)) == len(first)


def test_identical_lines_in_one_file_keep_their_own_keys():
    vietinbank = keys("vietinbank.csv", "113000123456")
    agribank = keys("agribank.csv", "3700205123456")
    # rows 6 and 7 of vietinbank.csv, rows 5 and 6 of agribank.csv are the same transfer twice
    assert vietinbank[1].rsplit("|", 1)[0] == vietinbank[2].rsplit("|", 1)[0]
    assert (vietinbank[1][-2:], vietinbank[2][-2:]) == ("|1", "|2")
    assert agribank[0] != agribank[1]


def test_reference_keys_ignore_spacing_of_the_account():
    assert keys("bidv.xlsx", "2151 0001 234567")[0] == "21510001234567|ref|FT24254000111"
    assert keys("bidv.xlsx", "21510001234567") == keys("bidv.xlsx", "2151-0001-234567")


def line(**changes):
    base = StatementLine(
        row=5,
        booked_at=datetime(2024, 9, 13, 11, 2, 5, tzinfo=VN),
        amount=200_000,
        memo="CT nhanh 247 den: Nguyễn Thị Hoà ủng hộ",
        counterparty_name="NGUYEN THI HOA",
    )
    return replace(base, **changes)


def test_fingerprint_ignores_row_case_and_diacritics_but_not_content():
    same = fingerprint("113000123456", line())
    assert fingerprint("113000123456", line(row=99)) == same
    assert fingerprint("113000123456", line(memo="ct nhanh 247 den nguyen thi hoa ung ho")) == same
    assert fingerprint("113000123456", line(amount=200_001)) != same
    assert fingerprint("113000123456", line(counterparty_name="TRAN VAN B")) != same
    assert fingerprint("113000123457", line()) != same
    later = line(booked_at=datetime(2024, 9, 13, 11, 2, 6, tzinfo=VN))
    assert fingerprint("113000123456", later) != same


def test_occurrences_count_same_content_only():
    numbered = number_occurrences([line(), line(amount=5), line(row=6), line(row=7)])
    assert [item.occurrence for item in numbered] == [1, 1, 2, 3]


@pytest.mark.parametrize(
    "bad",
    [
        {"amount": 0},
        {"amount": -5},
        {"amount": 1.5},
        {"amount": True},
        {"booked_at": datetime(2024, 9, 13, 11, 2, 5)},
    ],
)
def test_a_line_is_a_positive_whole_credit_at_an_aware_time(bad):
    with pytest.raises(ValueError):
        line(**bad)


def test_an_overlapping_export_gives_the_common_lines_the_same_keys():
    """Row numbers move between exports (another title row, earlier transfers); keys do not."""
    original = (FIXTURES / "agribank.csv").read_bytes().decode("utf-8").split("\r\n")
    earlier = '0,04/09/2024 10:00,000100,,"20,000","1,220,000",Ung ho som'
    shifted = [original[0], "Kỳ sao kê: 04/09/2024 - 07/09/2024", *original[1:4], earlier,
               *original[4:]]  # fmt: skip
    data = "\r\n".join(shifted).encode("utf-8")
    lines = parse_statement(data, "agribank.csv").lines
    account = "3700205123456"

    assert [line.row for line in lines] == [6, 7, 8, 9]
    assert [dedupe_key(account, line) for line in lines[1:]] == keys("agribank.csv", account)


def test_a_line_is_kept_in_vietnam_time_so_its_fingerprint_does_not_depend_on_the_zone():
    utc = line(booked_at=datetime(2024, 9, 13, 4, 2, 5, tzinfo=ZoneInfo("UTC")))
    assert utc.booked_at.tzinfo == VN
    assert fingerprint("113000123456", utc) == fingerprint("113000123456", line())
