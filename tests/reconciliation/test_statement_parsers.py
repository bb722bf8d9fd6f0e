"""Bank statement files → credit lines: each bank's fixture, skipped rows, all-or-nothing errors.

Fixture files are written by tests/reconciliation/fixtures/statements/make_fixtures.py; the
expected values below are written out by hand from what that script puts in each file.
"""

import io
import unicodedata
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from donations.codes import find_codes
from reconciliation.statements import ColumnMapping, StatementError, parse_statement
from reconciliation.statements.formats import DEFAULT_MAX_BYTES

FIXTURES = Path(__file__).parent / "fixtures" / "statements"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def parse(name, **kwargs):
    return parse_statement((FIXTURES / name).read_bytes(), name, **kwargs)


def at(*parts):
    return datetime(*parts, tzinfo=VN)


def csv_bytes(rows, delimiter=",", encoding="utf-8"):
    return "\r\n".join(delimiter.join(row) for row in rows).encode(encoding)


def test_vietcombank_csv_with_title_rows_debits_and_summaries():
    result = parse("vietcombank.csv")

    assert (result.bank, result.label, result.header_row) == ("vietcombank", "Vietcombank", 6)
    assert [line.row for line in result.lines] == [8, 9, 11, 12, 13, 14]
    assert [line.amount for line in result.lines] == [
        1_000_000, 500_000, 5_000_000, 200_000, 300_000, 2_500
    ]  # fmt: skip
    assert [line.booked_at for line in result.lines] == [
        at(2024, 9, day) for day in (1, 2, 4, 5, 6, 7)
    ]
    assert result.lines[0].bank_reference == "5078.97530"
    assert result.lines[0].balance == 151_000_000
    assert result.lines[1].memo == "IBFT Ủng hộ đồng bào nghèo - uhzfvy2v - Trần Thị Bích"
    assert [find_codes(line.memo) for line in result.lines] == [
        ["UH9PTDQG"], ["UHZFVY2V"], ["UHK9P5GA", "UH5VURXN"], [], [], []
    ]  # fmt: skip
    # opening balance, "Tổng cộng", "Số dư cuối kỳ"; the debit; the 0 credit; the signatures
    assert result.skipped_by_reason == {"summary": 3, "debit": 1, "zero": 1, "no_credit": 1}
    assert result.skipped == 6
    assert all(isinstance(line.amount, int) for line in result.lines)


def test_vietcombank_xlsx_with_english_second_header_row_and_number_cells():
    result = parse("vietcombank.xlsx")

    assert result.bank == "vietcombank"
    assert [(line.row, line.amount) for line in result.lines] == [
        (8, 3_000_000), (10, 1_500_000), (11, 250_000)
    ]  # fmt: skip
    assert type(result.lines[1].amount) is int  # the cell held 1500000.0
    assert result.lines[0].booked_at == at(2024, 9, 9)
    # the wrapped cell's line break becomes a space; the truncated code is not a code
    assert "\n" not in result.lines[0].memo
    assert find_codes(result.lines[0].memo) == ["UHLLME3J"]
    assert find_codes(result.lines[1].memo) == ["UH2TLR37"]
    assert result.skipped_by_reason == {"header": 1, "debit": 1, "summary": 1}


def test_vietinbank_csv_semicolons_counterparty_and_identical_lines():
    result = parse("vietinbank.csv")

    assert result.bank == "vietinbank"
    assert [line.row for line in result.lines] == [5, 6, 7, 9]
    assert [line.amount for line in result.lines] == [300_000, 200_000, 200_000, 1_000_000]
    assert result.lines[0].booked_at == at(2024, 9, 13, 10, 40, 32)
    assert result.lines[0].memo.startswith("CT nhanh 247 den: TRAN TIEN ANH")
    assert result.lines[0].counterparty_name == "TRAN TIEN ANH"
    assert result.lines[0].counterparty_account == "0451000567890"
    assert result.lines[3].counterparty_name == "CÔNG TY CP XÂY DỰNG ĐỨC THÀNH"
    assert [line.occurrence for line in result.lines] == [1, 1, 2, 1]
    assert all(line.bank_reference == "" for line in result.lines)
    assert result.skipped_by_reason == {"debit": 1, "summary": 1}


def test_bidv_xlsx_comma_decimals_and_short_dates():
    result = parse("bidv.xlsx")

    assert result.bank == "bidv"
    assert [line.amount for line in result.lines] == [400_000, 1_250_000, 10_000_000]
    assert [line.booked_at for line in result.lines] == [
        at(2024, 9, 10, 1, 3, 56), at(2024, 9, 19), at(2024, 9, 20, 23, 59, 59)
    ]  # fmt: skip
    assert [line.bank_reference for line in result.lines] == [
        "FT24254000111", "FT24263000222", "FT24264000444"
    ]  # fmt: skip
    assert result.lines[1].memo == "Ủng hộ người nghèo - Đoàn Văn Đức"
    assert result.skipped_by_reason == {"debit": 1, "summary": 2}


def test_agribank_csv_comma_thousands_and_minute_times():
    result = parse("agribank.csv")

    assert result.bank == "agribank"
    assert [line.amount for line in result.lines] == [50_000, 50_000, 1_000_000]
    assert [line.booked_at for line in result.lines] == [
        at(2024, 9, 5, 8, 15), at(2024, 9, 5, 8, 15), at(2024, 9, 6, 14, 30)
    ]  # fmt: skip
    assert [line.balance for line in result.lines] == [1_250_000, 1_300_000, 2_300_000]
    assert [line.occurrence for line in result.lines] == [1, 2, 1]
    assert result.skipped_by_reason == {"summary": 2, "debit": 1}


def test_mb_xlsx_bilingual_headers():
    result = parse("mb.xlsx")

    assert result.bank == "mb"
    assert result.columns["credit"] == "Phát sinh có/Credit"
    assert result.columns["memo"] == "Nội dung/Description"
    assert [line.amount for line in result.lines] == [2_000_000, 750_000]
    assert result.lines[0].booked_at == at(2024, 9, 10, 14, 2, 37)
    assert result.lines[0].counterparty_name == "LÊ THỊ MAI"
    assert result.lines[0].counterparty_account == "0123456789"
    assert result.lines[0].bank_reference == "FT24254101010"
    assert result.lines[1].memo == "UNG HO DONG BAO NGHEO"
    assert result.skipped_by_reason == {"debit": 1, "summary": 1}


OTHER_BANK = ColumnMapping(
    date="Ngày hạch toán",
    time="Giờ",
    credit="Số tiền",
    memo="Nội dung giao dịch",
    reference="Mã giao dịch",
    counterparty_name="Người chuyển",
    amount_style="en",
    signed_amount=True,
    bank="Techcombank",
)


def test_unknown_bank_is_refused_without_a_mapping_and_read_with_one():
    with pytest.raises(StatementError) as refused:
        parse("other_bank.txt")
    assert refused.value.row is None
    assert "Không nhận ra mẫu sao kê" in str(refused.value)

    result = parse("other_bank.txt", mapping=OTHER_BANK)  # UTF-16, tab separated

    assert (result.bank, result.label) == ("custom", "Techcombank")
    assert [(line.amount, line.bank_reference) for line in result.lines] == [
        (1_500_000, "TCB001"), (2_000_000, "TCB003")
    ]  # fmt: skip
    assert result.lines[0].booked_at == at(2024, 9, 16, 9, 5)  # date + separate time column
    assert result.lines[1].counterparty_name == "ĐẶNG THU HÀ"
    assert result.skipped_by_reason == {"debit": 1}  # the negative amount


def test_column_mapping_round_trips_through_a_dict_and_refuses_junk():
    assert ColumnMapping.from_dict(OTHER_BANK.to_dict()) == OTHER_BANK
    with pytest.raises(ValueError):
        ColumnMapping.from_dict({**OTHER_BANK.to_dict(), "colour": "red"})
    with pytest.raises(ValueError):
        ColumnMapping.from_dict({**OTHER_BANK.to_dict(), "signed_amount": "yes"})
    with pytest.raises(ValueError):
        ColumnMapping(date="Ngày", credit="", memo="Nội dung")
    with pytest.raises(ValueError):
        ColumnMapping(date="Ngày", credit="Có", memo="Nội dung", amount_style="fr")


def test_mapping_whose_columns_are_missing_names_them():
    with pytest.raises(StatementError) as missing_header:
        parse("vietcombank.csv", mapping=OTHER_BANK)
    assert "“Ngày hạch toán”" in str(missing_header.value)

    partly = ColumnMapping(
        date="Ngày giao dịch", credit="Số tiền ghi có", memo="Nội dung chi tiết", reference="Mã"
    )
    with pytest.raises(StatementError) as missing_column:
        parse("vietcombank.csv", mapping=partly)
    assert missing_column.value.row == 6
    assert "“Mã”" in str(missing_column.value)


def test_bad_amount_names_row_and_column_and_yields_nothing():
    with pytest.raises(StatementError) as error:
        parse("broken_amount.csv")
    assert (error.value.row, error.value.column) == (8, "Số tiền ghi có")
    with translation.override("en"):
        assert str(error.value) == (
            "Row 8, column “Số tiền ghi có”: “1.2OO.000” is not an amount of money."
        )


def test_impossible_date_names_row_and_column():
    with pytest.raises(StatementError) as error:
        parse("broken_date.xlsx")
    assert (error.value.row, error.value.column) == (4, "Ngày giao dịch")
    assert "31/09/2024" in str(error.value)


def test_unknown_layout_fixture_is_refused():
    with pytest.raises(StatementError) as error:
        parse("unknown_layout.csv")
    assert (error.value.row, error.value.column) == (None, None)


def test_fraction_of_a_dong_fails_the_whole_file():
    rows = [
        ["STT", "Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Mô tả"],
        ["1", "10/09/2024", "FT1", "", "400.000,00", "ung ho"],
        ["2", "11/09/2024", "FT2", "", "400.000,50", "ung ho"],
    ]
    with pytest.raises(StatementError) as error:
        parse_statement(csv_bytes(rows, ";"), "bidv.csv")
    assert (error.value.row, error.value.column) == (3, "Số tiền ghi có")


def test_credit_without_date_is_an_error_but_a_dated_memo_saying_tong_cong_is_a_gift():
    header = ["Ngày giao dịch", "Số CT", "Số tiền ghi có", "Nội dung chi tiết"]
    gift = parse_statement(
        csv_bytes([header, ["01/09/2024", "1", "100.000", "Tổng cộng 2 lần ủng hộ"]]), "x.csv"
    )
    assert [line.amount for line in gift.lines] == [100_000]

    with pytest.raises(StatementError) as error:
        parse_statement(csv_bytes([header, ["", "1", "100.000", "ủng hộ"]]), "x.csv")
    assert (error.value.row, error.value.column) == (2, "Ngày giao dịch")


def test_period_check():
    inside = parse("vietinbank.csv", period=(date(2024, 9, 13), date(2024, 9, 15)))
    assert len(inside.lines) == 4

    with pytest.raises(StatementError) as error:
        parse("vietinbank.csv", period=(date(2024, 9, 14), date(2024, 9, 15)))
    assert (error.value.row, error.value.column) == (5, "Ngày giao dịch")
    assert "13/09/2024" in str(error.value) and "14/09/2024" in str(error.value)


def test_size_limit():
    data = (FIXTURES / "vietcombank.csv").read_bytes()
    with pytest.raises(StatementError) as error:
        parse_statement(data, "vietcombank.csv", max_bytes=len(data) - 1)
    assert error.value.row is None
    assert len(parse_statement(data, "vietcombank.csv", max_bytes=len(data)).lines) == 6

    with pytest.raises(StatementError):
        parse_statement(b"x" * (DEFAULT_MAX_BYTES + 1), "huge.csv")


def test_title_hint_decides_between_banks_with_the_same_headers():
    header = ["Ngày giao dịch", "Phát sinh nợ", "Phát sinh có", "Số dư", "Diễn giải", "Nội dung"]
    row = ["01/09/2024", "", "100.000", "", "a", "b"]
    assert parse_statement(csv_bytes([header, row]), "s.csv").bank == "agribank"
    titled = [["NGÂN HÀNG TMCP QUÂN ĐỘI"], header, row]
    assert parse_statement(csv_bytes(titled), "s.csv").bank == "mb"


def test_windows_1258_csv_is_read_in_nfc():
    def cp1258(text):
        # Windows-1258 has the vowel shapes (â, ơ, ư…) precomposed but the tones as combining
        # marks after them.
        tones = "\u0300\u0301\u0303\u0309\u0323"
        out = []
        for char in text:
            parts = unicodedata.normalize("NFD", char)
            shape = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append(shape + "".join(c for c in parts if c in tones))
        return "".join(out).encode("cp1258")

    text = 'Ngày GD,Nợ,Có,Diễn giải\r\n05/09/2024,,"50,000",Ủng hộ người nghèo Đức\r\n'
    result = parse_statement(cp1258(text), "agribank.csv")
    assert result.lines[0].memo == "Ủng hộ người nghèo Đức"
    assert result.lines[0].amount == 50_000


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "empty.csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "sao_ke.xls"),
        (b"PK\x03\x04 not really a zip", "sao_ke.xlsx"),
        (b"\x00\x01\x02binary", "sao_ke.csv"),
    ],
)
def test_unreadable_files_are_refused(data, name):
    with pytest.raises(StatementError) as error:
        parse_statement(data, name)
    assert error.value.row is None


def test_utf8_file_with_one_bad_byte_is_refused_rather_than_read_garbled():
    good = csv_bytes([["Ngày giao dịch", "Số CT", "Số tiền ghi có", "Nội dung chi tiết"],
                      ["01/09/2024", "1", "100.000", "Ủng hộ đồng bào"]])  # fmt: skip
    assert parse_statement(good, "x.csv").lines[0].memo == "Ủng hộ đồng bào"
    with pytest.raises(StatementError):
        parse_statement(good + b"\xff", "x.csv")


BLANK_ROW_HEADER = [
    "STT", "Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Mô tả"
]  # fmt: skip


def test_a_bad_csv_row_after_a_blank_line_is_named_by_the_row_excel_shows():
    # Header on row 1, a gift on row 2, row 3 blank, a fraction of a đồng on row 4.
    rows = [
        BLANK_ROW_HEADER,
        ["1", "10/09/2024", "FT1", "", "400.000,00", "ung ho"],
        [],
        ["2", "11/09/2024", "FT2", "", "400.000,50", "ung ho"],
    ]
    with translation.override("vi"), pytest.raises(StatementError) as error:
        parse_statement(csv_bytes(rows, ";"), "bidv.csv")
    assert (error.value.row, error.value.column) == (4, "Số tiền ghi có")
    assert str(error.value).startswith("Dòng 4, cột “Số tiền ghi có”")


def test_a_bad_xlsx_row_after_blank_rows_is_named_by_the_row_excel_shows():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    # Header on row 1, a gift on row 2, rows 3 and 4 blank, a fraction of a đồng on row 5.
    for number, row in (
        (1, BLANK_ROW_HEADER),
        (2, ["1", "10/09/2024", "FT1", "", "400.000,00", "ung ho"]),
        (5, ["2", "11/09/2024", "FT2", "", "400.000,50", "ung ho"]),
    ):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with translation.override("vi"), pytest.raises(StatementError) as error:
        parse_statement(buffer.getvalue(), "bidv.xlsx")
    assert (error.value.row, error.value.column) == (5, "Số tiền ghi có")
    assert str(error.value).startswith("Dòng 5, cột “Số tiền ghi có”")
