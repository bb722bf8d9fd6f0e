"""A statement file is imported only under the account it says it belongs to.

Every dedupe key starts with the account, so a BIDV export imported under the BIDV account and
then again under the Vietcombank account gave "2 dòng mới" the second time: the same transfers
waited twice in the queue. A file whose title rows name another bank or account number is
refused, all or nothing, by the import service (command, background upload) and already by the
upload form, which keeps what was chosen; a file that names neither is imported as before and
its report says it could not be checked. Names, numbers and amounts are invented.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from donations.testing import make_bank_account
from reconciliation.models import (
    SavedColumnMapping,
    StatementImport,
    StatementLine,
    StatementUpload,
    UploadStatus,
)
from reconciliation.services import import_statement
from reconciliation.services.uploads import queue_upload
from reconciliation.statements import StatementError
from tests.reconciliation_fixtures import read_fixture

pytest_plugins = ["donations.testing", "tests.reconciliation_fixtures"]

BIDV_NUMBER = "21510001234567"  # printed in the title rows of tests/fixtures/statements/bidv.xlsx
REFUSED_UNDER_VIETCOMBANK = (
    "Tệp này là sao kê BIDV của tài khoản 21510001234567, nhưng tài khoản đã chọn là "
    "Vietcombank 0071000123456. Chưa có gì được lưu: hãy chọn đúng tài khoản của tệp."
)
NAMES_NOTHING = "Tệp không ghi ngân hàng hay số tài khoản:"
HEADER = ["Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Mô tả"]
ROWS = [
    ["03/10/2026 08:12:40", "FT26276000101", "", "700.000", "Ung ho nguoi ngheo - Vo Minh Khoi"],
    ["04/10/2026 16:05:02", "FT26277000202", "", "2.400.000", "HTX Tan Phu ung ho quy"],
]


@pytest.fixture
def bidv(fund):
    return make_bank_account(fund, BIDV_NUMBER, bank_name="BIDV", bank_bin="970418")


@pytest.fixture
def vietcombank(fund):
    return make_bank_account(fund, "0071000123456", bank_name="Vietcombank", bank_bin="970436")


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    raw = io.BytesIO()
    workbook.save(raw)
    return raw.getvalue()


def run_import(account, data, name="sao-ke.xlsx", **kwargs):
    return import_statement(account=account, file_bytes=data, filename=name, **kwargs)


def refusal(account, data, name="sao-ke.xlsx", **kwargs):
    with pytest.raises(StatementError) as error:
        run_import(account, data, name, **kwargs)
    with translation.override("vi"):
        return str(error.value)


def test_a_bidv_file_under_the_vietcombank_account_is_refused_and_nothing_is_stored(
    bidv, vietcombank
):
    first = run_import(bidv, read_fixture("bidv.xlsx"), "bidv.xlsx")
    assert (first.bank, first.new) == ("BIDV", 3)
    queue = list(StatementLine.objects.in_queue().values_list("pk", flat=True))

    message = refusal(vietcombank, read_fixture("bidv.xlsx"), "bidv.xlsx")

    assert message == REFUSED_UNDER_VIETCOMBANK
    assert StatementImport.objects.get() == first.statement_import
    assert list(StatementLine.objects.in_queue().values_list("pk", flat=True)) == queue
    assert not StatementLine.objects.filter(bank_account=vietcombank).exists()


def test_the_same_bank_with_another_account_number_is_refused(fund):
    other = make_bank_account(fund, "54010000987654", bank_name="BIDV", bank_bin="970418")

    message = refusal(other, read_fixture("bidv.xlsx"), "bidv.xlsx")

    assert message.startswith("Tệp này là sao kê BIDV của tài khoản 21510001234567")
    assert "tài khoản đã chọn là BIDV 54010000987654" in message
    assert not StatementImport.objects.exists() and not StatementLine.objects.exists()


def test_a_file_naming_only_its_bank_is_checked_on_the_bank(bidv, vietcombank):
    data = xlsx([["NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM"], ["SAO KÊ"], HEADER, *ROWS])

    assert refusal(vietcombank, data) == (
        "Tệp này là sao kê của ngân hàng BIDV, nhưng tài khoản đã chọn là Vietcombank "
        "0071000123456. Chưa có gì được lưu: hãy chọn đúng tài khoản của tệp."
    )
    report = run_import(bidv, data)
    assert (report.bank, report.new) == ("BIDV", 2)
    assert report.statement_import.file_identity == {"banks": ["BIDV"], "accounts": []}


def test_a_file_naming_only_its_account_number_is_checked_on_the_number(fund, vietcombank):
    data = xlsx([["SAO KÊ TÀI KHOẢN"], ["Số tài khoản:", "0071 000 123 456"], HEADER, *ROWS])
    elsewhere = make_bank_account(fund, "0071000999999", bank_name="Vietcombank")

    assert refusal(elsewhere, data) == (
        "Tệp này là sao kê của tài khoản 0071000123456, nhưng tài khoản đã chọn là "
        "Vietcombank 0071000999999. Chưa có gì được lưu: hãy chọn đúng tài khoản của tệp."
    )
    report = run_import(vietcombank, data)
    assert report.new == 2
    assert report.statement_import.file_identity == {"banks": [], "accounts": ["0071000123456"]}


def test_an_account_number_read_by_a_column_mapping_is_checked_too(fund, campaign):
    """other_bank.txt, a bank we do not recognise, says "Sao kê tài khoản 19036789012345"."""
    mapping = SavedColumnMapping.objects.create(
        name="Techcombank",
        mapping={
            "date": "Ngày hạch toán",
            "time": "Giờ",
            "credit": "Số tiền",
            "memo": "Nội dung giao dịch",
            "reference": "Mã giao dịch",
            "amount_style": "en",
            "signed_amount": True,
        },
    )
    wrong = make_bank_account(fund, "19036789000000", bank_name="Techcombank", bank_bin="970407")
    right = make_bank_account(fund, "19036789012345", bank_name="Techcombank", bank_bin="970407")

    data = read_fixture("other_bank.txt")
    message = refusal(wrong, data, "other_bank.txt", mapping=mapping)
    assert message.startswith("Tệp này là sao kê của tài khoản 19036789012345")
    assert run_import(right, data, "other_bank.txt", mapping=mapping).new == 2


def test_a_file_naming_neither_is_imported_and_its_report_says_so(
    client, front_staff, bidv, vietcombank
):
    data = xlsx([HEADER, *ROWS])

    report = run_import(vietcombank, data)

    assert report.new == 2 and report.identity.names_nothing
    statement_import = report.statement_import
    assert statement_import.file_identity == {"banks": [], "accounts": []}
    client.force_login(front_staff)
    page = client.get(reverse("reconciliation_import:inspect", args=[statement_import.pk]))
    assert NAMES_NOTHING in page.content.decode()
    # Nothing to check it against: the existing dedupe is kept, per account.
    assert run_import(bidv, data).new == 2


def test_a_file_naming_its_account_says_what_it_names_on_the_report(client, front_staff, bidv):
    statement_import = run_import(bidv, read_fixture("bidv.xlsx"), "bidv.xlsx").statement_import

    client.force_login(front_staff)
    page = client.get(reverse("reconciliation_import:inspect", args=[statement_import.pk]))
    body = page.content.decode()
    assert NAMES_NOTHING not in body
    assert "Tệp ghi" in body and BIDV_NUMBER in body and "khớp với tài khoản đã chọn" in body


def test_the_background_upload_refuses_the_wrong_account(bidv, vietcombank):
    run_import(bidv, read_fixture("bidv.xlsx"), "bidv.xlsx")

    upload = queue_upload(
        account=vietcombank, file_bytes=read_fixture("bidv.xlsx"), filename="bidv.xlsx"
    )

    assert upload.status == UploadStatus.FAILED
    assert upload.error == REFUSED_UNDER_VIETCOMBANK
    assert StatementImport.objects.count() == 1
    assert StatementLine.objects.count() == 3


def test_the_upload_form_refuses_at_once_and_keeps_what_was_chosen(
    client, front_staff, bidv, vietcombank
):
    client.force_login(front_staff)

    def post(account):
        upload = SimpleUploadedFile("bidv.xlsx", read_fixture("bidv.xlsx"))
        form = {"bank_account": account.pk, "statement_file": upload, "period_start": "01/09/2024"}
        return client.post(reverse("reconciliation_import:add"), form, follow=True)

    assert post(bidv).status_code == 200
    assert StatementLine.objects.count() == 3

    response = post(vietcombank)

    body = response.content.decode()
    assert response.status_code == 200 and not response.redirect_chain
    assert REFUSED_UNDER_VIETCOMBANK in body
    assert f'<option value="{vietcombank.pk}" selected>' in body
    assert 'value="01/09/2024"' in body
    assert StatementUpload.objects.count() == 1  # the accepted one; the refused file not kept
    assert StatementImport.objects.count() == 1 and StatementLine.objects.count() == 3


def test_the_command_refuses_the_wrong_account(bidv, vietcombank, tmp_path, capsys):
    path = tmp_path / "bidv.xlsx"
    path.write_bytes(read_fixture("bidv.xlsx"))

    with pytest.raises(CommandError) as error:
        call_command("import_statement", str(path), "--account", "0071000123456")
    assert str(error.value) == REFUSED_UNDER_VIETCOMBANK
    assert not StatementImport.objects.exists()

    call_command("import_statement", str(path), "--account", BIDV_NUMBER)
    assert "dòng mới: 3" in capsys.readouterr().out


def test_the_command_says_when_the_file_names_neither(vietcombank, tmp_path, capsys):
    path = tmp_path / "sao-ke.xlsx"
    path.write_bytes(xlsx([HEADER, *ROWS]))

    call_command("import_statement", str(path), "--account", "0071000123456")

    assert NAMES_NOTHING in capsys.readouterr().out


@pytest.mark.parametrize(
    ("title_rows", "accounts"),
    [
        ([["Số tài khoản: 0071001234567 - UY BAN MTTQ VN TINH"]], ("0071001234567",)),
        ([["Tài khoản: 113000123456", "Từ ngày: 09/09/2024"]], ("113000123456",)),
        ([["SAO KÊ TÀI KHOẢN", "", "Số TK: 3700205123456"]], ("3700205123456",)),
        ([["Số tài khoản/Account No: 0801 2345 67890"]], ("0801234567890",)),
        ([["Account No.", 71000123456]], ("71000123456",)),
        ([["STK: 0071****3456"]], ("0071****3456",)),
        ([["Tài khoản", "2026-10-01"], ["Tên tài khoản: QUỸ VÌ NGƯỜI NGHÈO"]], ()),
        ([["Số tài khoản: 12"]], ()),
    ],
)
def test_account_numbers_are_read_from_the_title_rows(title_rows, accounts):
    from reconciliation.statements.identity import read_identity

    assert read_identity(title_rows).accounts == accounts


def test_printed_numbers_match_without_leading_zeros_and_through_masks():
    from reconciliation.statements.identity import same_account

    assert same_account("71000123456", "0071000123456")
    assert same_account("0071****3456", "0071000123456")
    assert not same_account("0071****3456", "0071000123457")
    assert not same_account("0071000123456", "0071000123457")


def test_the_account_s_bank_is_known_by_its_bin_or_its_name():
    from reconciliation.statements.layouts import banks_of_account

    assert banks_of_account("970418", "Ngân hàng của Quỹ") == {"bidv"}
    assert banks_of_account("", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam") == {"bidv"}
    assert banks_of_account("970436", "Vietcombank Quảng Trị") == {"vietcombank"}
    assert banks_of_account("970407", "Techcombank") == set()
