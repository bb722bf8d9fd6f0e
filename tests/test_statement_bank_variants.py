"""Export variants the banks really produce, read without a column mapping.

Vietcombank writing the document number in the date cell; Vietcombank's layout with BIDV's
headers, ending with a bare "Tổng" row; BIDV without a reference column; Agribank with a time
column of its own. Summary rows end the table, and the bank comes from the title rows when the
columns fit two banks. Each file is built here with openpyxl or as CSV; names, accounts and
amounts are invented.
"""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from openpyxl import Workbook

from reconciliation.statements import StatementError, dedupe_key, parse_statement

pytest_plugins = ["donations.testing"]

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ACCOUNT = "9704360071000123456"  # BIN and number, as the import writes keys

VCB_TITLE = [
    ["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"],
    ["SAO KÊ TÀI KHOẢN"],
    ["Số tài khoản: 0071000123456 - UY BAN MTTQ VN TINH"],
]
BIDV_TITLE = [
    ["NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM"],
    ["Số tài khoản: 54010000987654"],
]
AGRIBANK_TITLE = [
    ["NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM"],
    ["SAO KÊ TÀI KHOẢN", "", "Số TK: 3700205987654"],
]
#: Vietcombank's layout with BIDV's headers, credit before debit.
VCB_SECOND = ["Ngày giao dịch", "Số tham chiếu", "Số tiền ghi có", "Số tiền ghi nợ", "Mô tả"]


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    raw = io.BytesIO()
    workbook.save(raw)
    return raw.getvalue()


def csv_file(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def at(*parts):
    return datetime(*parts, tzinfo=VN)


def refusal(data, name="sao-ke.xlsx"):
    with pytest.raises(StatementError) as error:
        parse_statement(data, name)
    with translation.override("vi"):
        return error.value, str(error.value)


# ---- Vietcombank: the document number in the date cell -------------------------------------


VCB_DATE_AND_NUMBER = [
    [
        "Ngày GD/ TNX Date\nSố CT/ Doc No",
        "Số tiền ghi nợ/ Debit",
        "Số tiền ghi có/ Credit",
        "Số dư/ Balance",
        "Nội dung chi tiết/ Transactions in detail",
    ],
    ["01/10/2026\n5213.47908", None, 1_500_000, 1_500_000, "UH ung ho - Phan Thi Thu"],
    ["01/10/2026 5213.48011", None, 250_000, 1_750_000, "Ủng hộ người nghèo"],
    ["02/10/2026 09:41:05\n5214.00007", 30_000, None, 1_720_000, "Phí SMS"],
    ["03/10/2026\n5215.10020", None, 3_000_000, 4_720_000, "CT tu Lam Quoc Bao"],
    ["Tổng cộng", 30_000, 4_750_000, None, None],
]


@pytest.mark.parametrize("title", [VCB_TITLE, []], ids=["titled", "untitled"])
def test_vietcombank_date_cell_holding_the_document_number(title):
    """The date column's header names the document number too, which is Vietcombank's even
    without title rows."""
    data = xlsx([*title, *VCB_DATE_AND_NUMBER])

    result = parse_statement(data, "vcb.xlsx")

    assert (result.bank, result.label) == ("vietcombank", "Vietcombank")
    assert [line.bank_reference for line in result.lines] == [
        "5213.47908",
        "5213.48011",
        "5215.10020",
    ]
    assert [line.booked_at for line in result.lines] == [
        at(2026, 10, 1),
        at(2026, 10, 1),
        at(2026, 10, 3),
    ]
    assert [line.amount for line in result.lines] == [1_500_000, 250_000, 3_000_000]
    assert dedupe_key(ACCOUNT, result.lines[0]) == f"{ACCOUNT}|ref|5213.47908"


def test_vietcombank_document_number_after_a_date_under_a_plain_date_header():
    """The header says only "Ngày giao dịch"; the title rows name Vietcombank."""
    data = csv_file(
        [
            *VCB_TITLE,
            ["Ngày giao dịch", "Số tiền ghi nợ", "Số tiền ghi có", "Nội dung chi tiết"],
            ["05/10/2026 5301.22001", "", "500.000", "Ung ho quy vi nguoi ngheo"],
            ["05/10/2026 14:20 5301.22002", "", "1.200.000", "Dang Thi Hong Nhung ung ho"],
        ]
    )

    result = parse_statement(data, "vcb.csv")

    assert result.label == "Vietcombank"
    assert [(line.booked_at, line.bank_reference) for line in result.lines] == [
        (at(2026, 10, 5), "5301.22001"),
        (at(2026, 10, 5, 14, 20), "5301.22002"),
    ]


def test_a_date_cell_with_something_else_after_it_is_still_refused():
    data = csv_file(
        [
            *VCB_TITLE,
            ["Ngày giao dịch", "Số CT", "Số tiền ghi có", "Nội dung chi tiết"],
            ["05/10/2026 sáng", "5301.1", "500.000", "Ung ho"],
        ]
    )

    error, _message = refusal(data, "vcb.csv")

    assert (error.row, error.column) == (5, "Ngày giao dịch")


# ---- Vietcombank with BIDV's headers and a bare "Tổng" --------------------------------------

VCB_SECOND_ROWS = [
    VCB_SECOND,
    ["07/10/2026 08:00:12", "FT26280111001", "2.000.000", "", "Cong ty TNHH Song Hieu ung ho"],
    ["07/10/2026 10:30:00", "FT26280111002", "", "150.000", "Chuyen khoan di"],
    ["08/10/2026 19:45:31", "FT26281111003", "800.000", "", "Ung ho - Ho Thi Kim Oanh"],
]


def test_vietcombank_second_layout_ending_with_a_bare_total_row():
    data = xlsx(
        [
            *VCB_TITLE,
            *VCB_SECOND_ROWS,
            ["Tổng", "", "2.800.000", "150.000", ""],
            ["Người lập biểu", "", "", "", "Kiểm soát"],
        ]
    )

    result = parse_statement(data, "vcb.xlsx")

    assert (result.bank, result.label) == ("vietcombank", "Vietcombank")
    assert [line.amount for line in result.lines] == [2_000_000, 800_000]
    assert [line.bank_reference for line in result.lines] == ["FT26280111001", "FT26281111003"]
    assert result.skipped_by_reason == {"debit": 1, "summary": 1, "no_credit": 1}


def test_the_bank_comes_from_the_title_rows_when_the_columns_fit_two_banks():
    vietcombank = parse_statement(xlsx([*VCB_TITLE, *VCB_SECOND_ROWS]), "a.xlsx")
    bidv = parse_statement(xlsx([*BIDV_TITLE, *VCB_SECOND_ROWS]), "b.xlsx")
    untitled = parse_statement(xlsx(VCB_SECOND_ROWS), "c.xlsx")

    assert vietcombank.label == "Vietcombank"
    assert bidv.label == "BIDV"
    assert untitled.label == "BIDV"  # as such files have always been read


# ---- BIDV without a reference column ---------------------------------------------------------


def bidv_without_reference():
    return xlsx(
        [
            *BIDV_TITLE,
            ["Từ ngày 01/10/2026 đến ngày 10/10/2026"],
            ["STT", "Ngày giao dịch", "Số tiền ghi nợ", "Số tiền ghi có", "Số dư", "Mô tả"],
            ["1", "02/10/2026 07:15:00", "", "300.000,00", "300.000,00", "Ung ho - Le Van Tam"],
            ["2", "02/10/2026 07:15:00", "", "300.000,00", "600.000,00", "Ung ho - Le Van Tam"],
            ["3", "03/10/2026 11:00:00", "20.000,00", "", "580.000,00", "Phí dịch vụ"],
            [
                "4",
                "04/10/2026 21:10:09",
                "",
                "5.000.000,00",
                "5.580.000,00",
                "Truong THCS Hai Lang",
            ],
            ["", "Tổng cộng", "20.000,00", "5.600.000,00", "", ""],
        ]
    )


def test_bidv_without_a_reference_column_is_read():
    result = parse_statement(bidv_without_reference(), "bidv.xlsx")

    assert (result.bank, result.label) == ("bidv", "BIDV")
    assert [line.amount for line in result.lines] == [300_000, 300_000, 5_000_000]
    assert [line.bank_reference for line in result.lines] == ["", "", ""]
    assert [line.occurrence for line in result.lines] == [1, 2, 1]


def test_bidv_without_a_reference_column_keeps_stable_content_keys():
    """No reference: the key is the content fingerprint, numbered within the file, and the same
    file read again gives the same keys (docs/vietqr.md §3)."""
    first = parse_statement(bidv_without_reference(), "bidv.xlsx")
    again = parse_statement(bidv_without_reference(), "bidv-again.xlsx")

    keys = [dedupe_key(ACCOUNT, line) for line in first.lines]
    assert keys == [dedupe_key(ACCOUNT, line) for line in again.lines]
    assert all(f"{ACCOUNT}|fp|" in key for key in keys)
    assert [key.rsplit("|", 1)[1] for key in keys] == ["1", "2", "1"]
    assert len(set(keys)) == 3


def test_bidv_without_a_reference_column_imports_once(fund):
    from donations.testing import make_bank_account
    from reconciliation.services import import_statement

    account = make_bank_account(fund, "54010000987654", bank_name="BIDV", bank_bin="970418")
    data = bidv_without_reference()

    first = import_statement(account=account, file_bytes=data, filename="bidv.xlsx")
    again = import_statement(account=account, file_bytes=data, filename="bidv.xlsx")

    assert (first.bank, first.new) == ("BIDV", 3)
    assert (again.new, again.duplicate) == (0, 3)


# ---- Agribank with a time column -------------------------------------------------------------


def agribank(time_header="Giờ GD"):
    return csv_file(
        [
            *AGRIBANK_TITLE,
            ["STT", "Ngày GD", time_header, "Nợ", "Có", "Số dư", "Diễn giải"],
            ["1", "06/10/2026", "08:15:42", "", "50,000", "1,050,000", "Ung ho nguoi ngheo"],
            ["2", "06/10/2026", "17:03:10", "", "50,000", "1,100,000", "Ung ho nguoi ngheo"],
            ["3", "07/10/2026", "09:00:00", "200,000", "", "900,000", "Rut tien mat"],
            ["4", "07/10/2026", "10:22", "", "1,500,000", "2,400,000", "HTX Nong nghiep An Hoa"],
            ["", "", "", "200,000", "1,600,000", "", "Tong cong"],
        ]
    )


def test_agribank_separate_time_column_gives_each_line_its_time():
    result = parse_statement(agribank(), "agribank.csv")

    assert result.label == "Agribank"
    assert [line.booked_at for line in result.lines] == [
        at(2026, 10, 6, 8, 15, 42),
        at(2026, 10, 6, 17, 3, 10),
        at(2026, 10, 7, 10, 22),
    ]


def test_agribank_keys_stay_those_of_the_files_read_before_the_time_column_was():
    """Files imported while the time column was not read must give the same keys again, or
    re-importing one would queue every transfer twice."""
    with_time = parse_statement(agribank(), "agribank.csv")
    as_before = parse_statement(agribank(time_header="Ghi chú"), "agribank.csv")

    assert [line.booked_at.hour for line in as_before.lines] == [0, 0, 0]
    assert [dedupe_key(ACCOUNT, line) for line in with_time.lines] == [
        dedupe_key(ACCOUNT, line) for line in as_before.lines
    ]
    # Two equal transfers of one day stay two lines.
    assert len({dedupe_key(ACCOUNT, line) for line in with_time.lines}) == 3


# ---- summary rows end the table --------------------------------------------------------------


@pytest.mark.parametrize("label", ["Tổng", "Tổng cộng", "Tổng số", "Total", "TỔNG:"])
def test_a_summary_row_ends_the_table(label):
    data = xlsx(
        [
            *VCB_TITLE,
            *VCB_SECOND_ROWS,
            [label, "", "2.800.000", "150.000", ""],
            ["Số giao dịch ghi có:", "", "2", "", ""],
            ["Ngày in: 31/10/2026", "", "", "", ""],
        ]
    )

    result = parse_statement(data, "vcb.xlsx")

    assert [line.amount for line in result.lines] == [2_000_000, 800_000]
    assert result.skipped_by_reason["summary"] == 1


def test_a_transfer_after_the_total_is_refused_rather_than_lost():
    data = xlsx(
        [
            *VCB_TITLE,
            *VCB_SECOND_ROWS,
            ["Tổng", "", "2.800.000", "150.000", ""],
            ["09/10/2026 08:00:00", "FT26282111004", "400.000", "", "Ung ho"],
        ]
    )

    error, message = refusal(data)

    assert error.row == 9
    assert message == (
        "Dòng 9: giao dịch nằm sau dòng tổng (dòng 8), nơi bảng sao kê đã kết thúc; "
        "hãy kiểm tra lại tệp."
    )


def test_a_dated_transfer_mentioning_total_in_its_memo_is_still_a_transfer():
    data = xlsx(
        [
            *VCB_TITLE,
            *VCB_SECOND_ROWS,
            ["09/10/2026 08:00:00", "FT26282111004", "400.000", "", "Tổng công ty Hải Vân ủng hộ"],
        ]
    )

    result = parse_statement(data, "vcb.xlsx")

    assert [line.amount for line in result.lines] == [2_000_000, 800_000, 400_000]
