"""Importing statement files into the ledger: every bank's fixture, re-imports and overlapping
periods without duplicates, all-or-nothing refusals, saved column mappings, the command."""

import csv
import datetime
import gc
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from donations.models import Receipt
from donations.services.totals import campaign_totals
from reconciliation.models import (
    ImportStatus,
    LineState,
    SavedColumnMapping,
    StatementImport,
    StatementLine,
)
from reconciliation.services import import_statement
from reconciliation.statements import StatementError
from tests.donations.conftest import make_bank_account, make_fund
from tests.reconciliation.conftest import make_pledge, nothing_stored, read_fixture
from tests.reconciliation.fixtures.statements import bank_rows
from tests.reconciliation.fixtures.statements.bank_rows import CODES


def run_import(account, name, data=None, **kwargs):
    return import_statement(
        account=account, file_bytes=data or read_fixture(name), filename=name, **kwargs
    )


def csv_of(rows, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def states(**filters):
    return list(
        StatementLine.objects.filter(**filters).order_by("row").values_list("state", flat=True)
    )


def test_vietcombank_csv_matches_single_codes_and_splits_two(account, pledges, campaign):
    report = run_import(account, "vietcombank.csv")

    assert (report.bank, report.skipped) == ("Vietcombank", 6)
    assert (report.new, report.duplicate, report.matched, report.left) == (6, 0, 3, 3)
    assert states() == [
        LineState.MATCHED,  # UH9PTDQG inside "MBVCB.6986253876.UH9PTDQG ung ho…"
        LineState.MATCHED,  # "uhzfvy2v" in lower case between dashes
        LineState.SPLIT,  # "UHK9 P5GA, UH5VURXN": a code cut by a space, and a second one
        LineState.UNMATCHED,  # no code
        LineState.UNMATCHED,  # mistyped code: the check character refuses it
        LineState.UNMATCHED,  # bank interest
    ]
    for key in ("C0", "C1", "C2", "C3"):
        pledge = pledges[key]
        assert (pledge.paid_amount, pledge.outstanding_amount) == (pledge.amount, 0)
    assert pledges["C5"].paid_amount == 0
    # C2 and C3 are one company's pledges to one campaign: one receipt, two allocations.
    split = Receipt.objects.get(amount=5_000_000)
    assert split.donor == pledges["C2"].donor
    assert sorted(split.allocations.values_list("amount", flat=True)) == [2_000_000, 3_000_000]
    assert Receipt.objects.count() == 3
    totals = campaign_totals(campaign)
    assert (totals.received, totals.gifts) == (6_500_000, 3)
    statement_import = report.statement_import
    assert (statement_import.lines_new, statement_import.lines_matched) == (6, 3)
    assert statement_import.status == ImportStatus.WAITING


def test_each_bank_fixture_imports_with_its_counts(fund, campaign):
    make_pledge(CODES[0], 50_000, campaign=campaign)  # Agribank: two identical 50.000 lines
    make_pledge(CODES[10], 400_000, campaign=campaign)  # BIDV row 6
    make_pledge(CODES[11], 9_000_000, campaign=campaign)  # BIDV row 9: partly, not matched
    make_pledge(CODES[1], 2_000_000, campaign=campaign)  # MB row 6
    make_pledge(CODES[8], 300_000, campaign=campaign)  # VietinBank row 5
    make_pledge(CODES[4], 3_000_000, campaign=campaign)  # Vietcombank XLSX row 8
    expected = {
        # file: (bank, new, matched, left)
        "agribank.csv": ("Agribank", 3, 1, 2),
        "bidv.xlsx": ("BIDV", 3, 1, 2),
        "mb.xlsx": ("MB", 2, 1, 1),
        "vietinbank.csv": ("VietinBank", 4, 1, 3),
        "vietcombank.xlsx": ("Vietcombank", 3, 1, 2),
    }
    # Each file's title rows name its bank and account: it is imported for that account.
    accounts = {
        "agribank.csv": ("970405", "3700205123456"),
        "bidv.xlsx": ("970418", "21510001234567"),
        "mb.xlsx": ("970422", "0801234567890"),
        "vietinbank.csv": ("970415", "113000123456"),
        "vietcombank.xlsx": ("970436", "0071001234567"),
    }
    for name, (bank, new, matched, left) in expected.items():
        bank_bin, number = accounts[name]
        account = make_bank_account(fund, number, bank_name=bank, bank_bin=bank_bin)
        report = run_import(account, name)
        assert (report.bank, report.new, report.duplicate, report.matched, report.left) == (
            bank,
            new,
            0,
            matched,
            left,
        ), name
        assert StatementLine.objects.filter(bank_account=account).count() == new
    # The second identical Agribank transfer found the pledge already paid: it waits.
    agribank = StatementLine.objects.filter(amount=50_000).order_by("row")
    assert [line.state for line in agribank] == [LineState.MATCHED, LineState.UNMATCHED]
    assert campaign_totals(campaign).received == 50_000 + 400_000 + 2_000_000 + 300_000 + 3_000_000


def test_reimporting_the_same_file_adds_nothing(account, pledges):
    run_import(account, "vietcombank.csv")
    receipts = Receipt.objects.count()

    again = run_import(account, "vietcombank.csv")

    assert (again.new, again.duplicate, again.matched, again.left) == (0, 6, 0, 0)
    assert again.already_imported
    assert StatementLine.objects.count() == 6
    assert Receipt.objects.count() == receipts
    assert StatementImport.objects.count() == 2


def test_overlapping_period_only_adds_the_new_days(account, pledges):
    title, header = bank_rows.VCB_TITLE, bank_rows.VCB_HEADER
    rows = bank_rows.VIETCOMBANK_CSV[7:14]  # 01/09 … 07/09, the 03/09 row is a debit
    first = csv_of([*title, header, *rows[:4]])  # 01/09 … 04/09
    second = csv_of([*title, header, *rows[1:]])  # 02/09 … 07/09

    report_first = run_import(account, "vcb-01-04.csv", first)
    report = run_import(account, "vcb-02-07.csv", second)

    assert (report_first.new, report_first.matched) == (3, 3)
    assert (report.new, report.duplicate) == (3, 2)  # 05, 06, 07/09 new; 02 and 04/09 known
    assert report.matched == 0  # the known lines are not matched (nor paid) a second time
    assert StatementLine.objects.count() == 6
    assert Receipt.objects.count() == 3


def test_overlap_without_bank_references_uses_fingerprints_and_counts(account):
    header = ["STT", "Ngày GD", "Số bút toán", "Nợ", "Có", "Số dư", "Diễn giải"]
    same = ["1", "05/09/2024 08:15", "", "", "50,000", "", "ung ho nguoi ngheo"]
    other = ["3", "06/09/2024 14:30", "", "", "1,000,000", "", "HTX Thanh Cong ung ho"]

    first = run_import(account, "agri-1.csv", csv_of([header, same, same]))
    second = run_import(account, "agri-2.csv", csv_of([header, same, same, other]))
    third = run_import(account, "agri-3.csv", csv_of([header, same, same, same]))

    assert (first.new, first.duplicate) == (2, 0)  # two genuine identical transfers
    assert (second.new, second.duplicate) == (1, 2)
    assert (third.new, third.duplicate) == (1, 2)  # a third identical one is new
    assert StatementLine.objects.count() == 4


def test_broken_amount_stores_nothing_and_names_row_and_column(account, pledges):
    with pytest.raises(StatementError) as error:
        run_import(account, "broken_amount.csv")

    assert (error.value.row, error.value.column) == (8, "Số tiền ghi có")
    with translation.override("vi"):
        assert str(error.value) == (
            "Dòng 8, cột “Số tiền ghi có”: “1.2OO.000” không phải là số tiền."
        )
    assert nothing_stored()


def test_broken_date_and_unknown_layout_store_nothing(account, pledges):
    with pytest.raises(StatementError) as date_error:
        run_import(account, "broken_date.xlsx")
    assert (date_error.value.row, date_error.value.column) == (4, "Ngày giao dịch")
    with translation.override("vi"):
        assert "31/09/2024" in str(date_error.value)
        assert str(date_error.value).startswith("Dòng 4, cột “Ngày giao dịch”:")

    with pytest.raises(StatementError) as layout_error:
        run_import(account, "unknown_layout.csv")
    with translation.override("vi"):
        assert str(layout_error.value).startswith("Không nhận ra mẫu sao kê")
    assert nothing_stored()


def test_a_date_outside_the_period_refuses_the_whole_file(account, pledges):
    period = (datetime.date(2024, 9, 2), datetime.date(2024, 9, 10))
    with pytest.raises(StatementError) as error:
        run_import(account, "vietcombank.csv", period=period)
    assert (error.value.row, error.value.column) == (8, "Ngày giao dịch")
    assert nothing_stored()

    report = run_import(
        account, "vietcombank.csv", period=(datetime.date(2024, 9, 1), datetime.date(2024, 9, 10))
    )
    assert report.new == 6
    assert report.statement_import.period_start == datetime.date(2024, 9, 1)


def test_file_over_the_limit_is_refused(account, settings):
    data = read_fixture("vietcombank.csv")
    settings.STATEMENT_MAX_UPLOAD_BYTES = len(data) - 1
    with pytest.raises(StatementError) as error:
        run_import(account, "vietcombank.csv", data)
    with translation.override("vi"):
        assert "vượt giới hạn" in str(error.value)
    assert nothing_stored()


def test_account_without_a_fund_is_refused(db):
    account = make_bank_account(None)
    with pytest.raises(ValidationError):
        run_import(account, "vietcombank.csv")
    assert nothing_stored()


def test_a_failure_while_matching_rolls_everything_back(account, pledges, monkeypatch):
    from reconciliation.services import intake

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(intake, "write_receipts", broken)
    with pytest.raises(RuntimeError):
        run_import(account, "vietcombank.csv")
    assert nothing_stored()


def test_an_import_leaves_no_cyclic_garbage_and_resumes_the_collector(account, pledges):
    """The error of a total row's empty date was kept with its traceback: its frames held the
    file's rows and lines in a cycle until a full collection. The collector, paused while
    the import runs, is running again after it, whether the import succeeded or not."""
    from reconciliation.statements import StatementLine as ParsedLine

    gc.collect()
    gc.disable()
    try:
        gc.set_debug(gc.DEBUG_SAVEALL)
        run_import(account, "vietcombank.csv")  # ends with "Tổng cộng" (no date)
        gc.collect()
        kept = [thing for thing in gc.garbage if isinstance(thing, ParsedLine)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert kept == []

    assert gc.isenabled()
    run_import(account, "vietcombank.csv")
    assert gc.isenabled()
    with pytest.raises(StatementError):
        run_import(account, "broken_amount.csv")
    assert gc.isenabled()


OTHER_BANK = {
    "date": "Ngày hạch toán",
    "time": "Giờ",
    "credit": "Số tiền",
    "memo": "Nội dung giao dịch",
    "reference": "Mã giao dịch",
    "counterparty_name": "Người chuyển",
    "amount_style": "en",
    "signed_amount": True,
    "bank": "Techcombank",
}


def test_saved_column_mapping_reads_a_bank_we_do_not_recognise(fund, campaign):
    from reconciliation.statements import ColumnMapping

    account = make_bank_account(fund, number="19036789012345", bank_name="Techcombank")
    mapping = SavedColumnMapping.objects.create(
        name="Techcombank Unicode text",
        mapping=ColumnMapping(**OTHER_BANK).to_dict(),
    )
    make_pledge(CODES[3], 1_500_000, campaign=campaign)

    with pytest.raises(StatementError):
        run_import(account, "other_bank.txt")  # no mapping yet: not recognised

    report = run_import(account, "other_bank.txt", mapping=mapping)
    assert (report.bank, report.new, report.matched) == ("Techcombank", 2, 1)

    # Saved for the account, the mapping is tried without being chosen. (The file names
    # account 19036789012345: the other account has that number, at another bank.)
    other_account = make_bank_account(
        make_fund(name="Quỹ xã"), number="19036789012345", bank_bin="970407"
    )
    SavedColumnMapping.objects.create(
        name="Techcombank xã", bank_account=other_account, mapping=mapping.mapping
    )
    assert run_import(other_account, "other_bank.txt").new == 2


def test_command_prints_the_report(account, pledges, tmp_path, capsys):
    path = tmp_path / "vietcombank.csv"
    path.write_bytes(read_fixture("vietcombank.csv"))

    call_command("import_statement", str(path), "--account", "0071 0012 34567")

    out = capsys.readouterr().out
    assert "dòng mới: 6" in out
    assert "khớp tự động: 3" in out
    assert "để lại trong hàng chờ: 3" in out
    call_command("import_statement", str(path), "--account", "0071001234567")
    assert "trùng: 6" in capsys.readouterr().out


def test_command_fails_with_the_message_and_stores_nothing(account, pledges, tmp_path):
    path = tmp_path / "broken_amount.csv"
    path.write_bytes(read_fixture("broken_amount.csv"))

    with pytest.raises(CommandError) as error:
        call_command("import_statement", str(path), "--account", "0071001234567")
    assert str(error.value).startswith("Dòng 8, cột “Số tiền ghi có”")
    assert nothing_stored()

    with pytest.raises(CommandError):
        call_command("import_statement", str(path), "--account", "999999")
