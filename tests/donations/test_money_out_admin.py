"""Money out in the admin: the voucher's page, print view and PDF, reversing and the handover
record through the forms, transfers through their forms, the balance page and its downloads
agreeing with verify_ledger, and commune accounts kept to their own fund."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from donations.models import FundAssignment, FundTransfer, Voucher
from donations.services import transfer_between_funds
from sitewide.groups import COMMUNE_FRONT_STAFF
from tests.donations.conftest import give_money, make_authority, make_commune_fund, pay
from tests.sitewide.conftest import make_staff, make_user

pytestmark = pytest.mark.django_db

NOV_2 = datetime.date(2026, 11, 2)
NOV_5 = datetime.date(2026, 11, 5)
WORDS = "Ba mươi triệu năm trăm nghìn đồng"


@pytest.fixture
def books(fund, front_staff):
    fund.committee_name = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị"
    fund.save()
    commune = make_commune_fund(fund)
    give_money(fund, 200_000_000, NOV_2)
    approver = make_user("chutich", first_name="Hùng", last_name="Hoàng Văn")
    voucher = pay(
        make_authority(fund, 60_000_000, approver=approver),
        30_500_000,
        NOV_5,
        front_staff,
        content="Hỗ trợ xây nhà Đại đoàn kết",
    )
    transfer = transfer_between_funds(
        from_fund=fund, to_fund=commune, amount=50_000_000, transferred_on=NOV_5, user=None
    )
    return fund, commune, voucher, transfer


@pytest.fixture
def commune_staff(books):
    user = make_staff(COMMUNE_FRONT_STAFF, "mattranxa")
    FundAssignment.objects.create(user=user, fund=books[1])
    return user


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_voucher_list_and_page_show_everything(client, books, front_staff):
    _fund, _commune, voucher, _transfer = books
    client.force_login(front_staff)

    listing = text_of(client.get(reverse("voucher:index")))
    page = text_of(client.get(reverse("voucher:inspect", args=[voucher.pk])))

    assert reverse("voucher:inspect", args=[voucher.pk]) in listing
    assert "30.500.000 ₫" in listing and "Hộ ông Hồ Văn Lục" in listing
    for expected in (
        "PC-2026-000001",
        "05/11/2026",
        "Quyết định số 12/QĐ-BVĐ ngày 05/11/2026",
        "Hoàng Văn Hùng",
        "Xây mới nhà Đại đoàn kết",
        "Chưa đính kèm",
    ):
        assert expected in page, expected
    assert reverse("voucher:reverse", args=[voucher.pk]) in page


def test_the_printed_voucher_carries_what_the_law_asks(client, books, front_staff):
    _fund, _commune, voucher, _transfer = books
    client.force_login(front_staff)

    page = text_of(client.get(reverse("voucher:print", args=[voucher.pk])))

    for expected in (
        "Phiếu chi",
        "PC-2026-000001",
        "Ngày 05 tháng 11 năm 2026",
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH QUẢNG TRỊ",
        "Quỹ Vì người nghèo tỉnh Quảng Trị",
        "Hộ ông Hồ Văn Lục",
        "Hỗ trợ xây nhà Đại đoàn kết",
        "30.500.000 đồng",
        WORDS,
        "Người duyệt chi",
        "Hoàng Văn Hùng",
        "Người lập phiếu",
        "Thủ quỹ",
        "Người nhận",
    ):
        assert expected in page, expected


def test_the_printed_voucher_names_the_support_type_once(client, books, front_staff):
    fund = books[0]
    voucher = pay(
        make_authority(fund, 60_000_000),
        20_000_000,
        NOV_5,
        front_staff,
        content="Xây mới nhà Đại đoàn kết – Quyết định số 12/QĐ-BVĐ ngày 05/11/2026",
    )
    client.force_login(front_staff)

    page = text_of(client.get(reverse("voucher:print", args=[voucher.pk])))

    assert page.count("Xây mới nhà Đại đoàn kết") == 1


def test_the_voucher_pdf(client, books, front_staff):
    client.force_login(front_staff)
    response = client.get(reverse("voucher:print_pdf", args=[books[2].pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_reversing_and_the_handover_through_the_forms(client, books, front_staff):
    _fund, _commune, voucher, _transfer = books
    client.force_login(front_staff)

    scan = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 ky nhan", content_type="application/pdf")
    response = client.post(
        reverse("voucher:handover", args=[voucher.pk]),
        {"received_by": "Hồ Văn Lục", "handed_over_on": "06/11/2026", "place": "Thôn 3",
         "file": scan},
    )  # fmt: skip
    assert response.status_code == 302
    served = client.get(reverse("voucher:handover_file", args=[voucher.pk]))
    assert b"".join(served.streaming_content) == b"%PDF-1.4 ky nhan"
    assert "private" in served["Cache-Control"] and "no-store" in served["Cache-Control"]

    refused = client.post(reverse("voucher:reverse", args=[voucher.pk]), {"reason": " "})
    assert refused.status_code == 200 and not Voucher.objects.get(pk=voucher.pk).is_reversed
    client.post(reverse("voucher:reverse", args=[voucher.pk]), {"reason": "Trùng hồ sơ"})
    assert Voucher.objects.get(pk=voucher.pk).is_reversed


def test_a_transfer_through_its_form_and_its_refusal(client, books, front_staff):
    fund, commune, _voucher, _transfer = books
    client.force_login(front_staff)
    url = reverse("fundtransfer:add")
    data = {"from_fund": fund.pk, "to_fund": commune.pk, "transferred_on": "06/11/2026"}

    too_much = client.post(url, {**data, "amount": "500.000.000"})
    done = client.post(url, {**data, "amount": "20.000.000", "reference": "UNC 12"})

    assert too_much.status_code == 200
    assert "không thể chi 500.000.000 ₫" in text_of(too_much)
    transfer = FundTransfer.objects.get(reference="UNC 12")
    assert done["Location"] == reverse("fundtransfer:inspect", args=[transfer.pk])
    page = text_of(client.get(done["Location"]))
    assert "PT-2026-000002" in page and transfer.out_voucher.number in page
    printed = text_of(client.get(reverse("fundtransfer:print", args=[transfer.pk])))
    assert "Phiếu thu" in printed and "Hai mươi triệu đồng" in printed


def test_money_from_above_through_its_form(client, books, front_staff):
    fund, *_ = books
    client.force_login(front_staff)

    client.post(
        reverse("fundtransfer:from_above"),
        {"to_fund": fund.pk, "source_name": "Quỹ Vì người nghèo Trung ương",
         "amount": "1.000.000.000", "received_on": "06/11/2026"},
    )  # fmt: skip

    assert FundTransfer.objects.get(from_fund__isnull=True).amount == 1_000_000_000


def test_the_balance_on_screen_in_the_xlsx_and_in_verify_ledger_agree(client, books, front_staff):
    fund, *_ = books
    client.force_login(front_staff)
    period = {"fund": fund.pk, "start": "01/11/2026", "end": "30/11/2026"}

    page = text_of(client.get(reverse("fundbalance:index"), period))
    book = client.get(reverse("fundbalance:book"), period)
    report = client.get(reverse("fundbalance:report"), period)

    # 200.000.000 received − 30.500.000 paid − 50.000.000 to the commune.
    closing = 119_500_000
    assert re.search(r"data-closing>119\.500\.000 ₫<", page)
    assert re.search(r"data-rollup-closing>169\.500\.000 ₫<", page)  # with the commune's 50
    book_rows = list(load_workbook(io.BytesIO(b"".join(book.streaming_content))).active.values)
    assert book_rows[-1][5] == closing
    summary = load_workbook(io.BytesIO(b"".join(report.streaming_content)))["Số dư"]
    assert {row[0]: row[1] for row in summary.values if len(row) > 1}["Số dư cuối kỳ"] == closing
    output = io.StringIO()
    call_command("verify_ledger", stdout=output)
    assert "BỊ PHÁ" not in output.getvalue()


def test_a_commune_account_sees_only_its_fund(client, books, commune_staff):
    fund, commune, voucher, transfer = books
    own = pay(make_authority(commune, 5_000_000), 5_000_000, NOV_5)
    client.force_login(commune_staff)

    listing = text_of(client.get(reverse("voucher:index")))
    assert own.number in listing and reverse("voucher:inspect", args=[voucher.pk]) not in listing
    for name in ("inspect", "print", "print_pdf", "reverse", "handover", "history"):
        assert client.get(reverse(f"voucher:{name}", args=[voucher.pk])).status_code == 404, name
    assert client.get(reverse("voucher:inspect", args=[own.pk])).status_code == 200
    # The transfer into its fund is its own; the province's out-voucher is not.
    page = text_of(client.get(reverse("fundtransfer:inspect", args=[transfer.pk])))
    assert reverse("voucher:inspect", args=[transfer.out_voucher_id]) not in page
    assert client.get(reverse("fundtransfer:reverse", args=[transfer.pk])).status_code == 404
    assert client.get(reverse("fundbalance:index"), {"fund": fund.pk}).status_code == 404
    form = text_of(client.get(reverse("fundtransfer:add")))
    assert fund.name not in form
