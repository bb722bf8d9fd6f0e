"""The confirmation of donation (giấy xác nhận ủng hộ) as an accountant needs it: national
heading, the Front committee's name and address, number and date, donor and tax code, the
amount in figures and in words, purpose, signer and a place for the stamp; printable HTML
reached from the receipt's page, and the same document as an A4 PDF."""

import datetime
import os
import re
import shutil
import subprocess
import sys

import pytest
from django.urls import reverse
from wagtail.models import Site

from donations.models import Channel, DonorKind
from donations.reports.confirmation import document_date, place_of
from donations.services import record_receipt, reverse_receipt
from donations.testing import at, make_bank_account, make_donor
from sitewide.models import SiteSettings

pytest_plugins = ["donations.testing"]

DAY = datetime.date(2026, 10, 20)
TAX_CODE = "3200123456"
COMMITTEE = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị"
ADDRESS = "Số 01 Trần Hưng Đạo, phường Đông Hà, tỉnh Quảng Trị"
SIGNER = "Lê Thị Thu Hà"
WORDS = "Một trăm năm mươi triệu đồng"


@pytest.fixture
def receipt(ledger_campaign, fund, front_staff):
    fund.committee_name = COMMITTEE
    fund.committee_address = ADDRESS
    fund.place_name = "Quảng Trị"
    fund.signing_for = "TM. Ban Thường trực"
    fund.signer_title = "Phó Chủ tịch"
    fund.signer_name = SIGNER
    fund.save()
    donor = make_donor(
        "Công ty CP Đầu tư Xây dựng Đông Trường Sơn",
        kind=DonorKind.BUSINESS,
        address="Km 5 Quốc lộ 9, phường Đông Lương, tỉnh Quảng Trị",
        tax_code=TAX_CODE,
    )
    return record_receipt(
        channel=Channel.BANK,
        amount=150_000_000,
        received_at=at(DAY, 10),
        campaign=ledger_campaign,
        donor=donor,
        bank_account=make_bank_account(fund, number="0771000160160"),
        bank_reference="FT26293999",
        user=front_staff,
    )


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def issued_on(receipt):
    parts = document_date(receipt.recorded_at)
    return f"Quảng Trị, ngày {parts['day']} tháng {parts['month']} năm {parts['year']}"


def test_the_printable_page_holds_what_an_accountant_checks(client, receipt, front_staff):
    client.force_login(front_staff)
    body = text_of(client.get(reverse("receipt:print", args=[receipt.pk])))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        COMMITTEE.upper(),
        f"(địa chỉ: {ADDRESS})",
        f"Số: {receipt.number}",
        issued_on(receipt),
        "Giấy xác nhận ủng hộ",
        "Công ty CP Đầu tư Xây dựng Đông Trường Sơn",
        "Km 5 Quốc lộ 9, phường Đông Lương",
        f"Mã số thuế:</th><td>{TAX_CODE}",
        f"Số phiếu thu:</th><td>{receipt.number}",
        "Ngày nhận:</th><td>20/10/2026",
        "Chuyển khoản, Vietcombank 0771000160160, số tham chiếu FT26293999",
        "150.000.000 đồng",
        f"Bằng chữ:</th><td>{WORDS}</td>",
        "Mục đích:</th><td>Ủng hộ Quỹ Vì người nghèo tỉnh Quảng Trị, chiến dịch “",
        "TM. Ban Thường trực",
        "Phó Chủ tịch",
        "(Ký, ghi rõ họ tên và đóng dấu)",
        '<div class="stamp"></div>',
        SIGNER,
        "@page { size: A4;",
        reverse("receipt:print_pdf", args=[receipt.pk]),
    ]:
        assert expected in body, expected
    for english in ("Confirmation of donation", "In words", "Purpose", "Download PDF", " day "):
        assert english not in body, english


def test_without_a_committee_the_site_settings_issue_it(client, ledger_campaign, fund, donor):
    fund.signing_for = ""
    fund.save()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị"
    settings.address = "Số 9 Lê Lợi, tỉnh Quảng Trị"
    settings.save()
    receipt = record_receipt(
        channel=Channel.CASH,
        amount=1_005_000,
        received_at=at(DAY, 9),
        campaign=ledger_campaign,
        donor=donor,
        receipt_book_number="Q07-0001",
    )
    client.force_login(make_staff())
    body = text_of(client.get(reverse("receipt:print", args=[receipt.pk])))
    assert "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH QUẢNG TRỊ" in body
    assert "(địa chỉ: Số 9 Lê Lợi, tỉnh Quảng Trị)" in body
    assert issued_on(receipt) in body  # the place from the fund's area, "Tỉnh Quảng Trị"
    assert "Một triệu không trăm linh năm nghìn đồng" in body
    assert "Tiền mặt tại cơ quan, biên lai số Q07-0001" in body
    assert 'class="capacity"' not in body  # signs in their own name: no "TM." line


def make_staff():
    from donations.testing import make_user
    from sitewide.groups import FRONT_STAFF

    return make_user("thu-quy", FRONT_STAFF, first_name="Hà", last_name="Lê Thị Thu")


def test_the_receipts_page_links_to_the_print_view_and_the_pdf(client, receipt, front_staff):
    client.force_login(front_staff)
    page = text_of(client.get(reverse("receipt:inspect", args=[receipt.pk])))
    print_url = reverse("receipt:print", args=[receipt.pk])
    pdf_url = reverse("receipt:print_pdf", args=[receipt.pk])
    assert re.search(rf'href="{print_url}"[^>]*>In giấy xác nhận ủng hộ</a>', page)
    assert re.search(rf'href="{pdf_url}"[^>]*>Tải PDF</a>', page)

    reverse_receipt(receipt, reason="Ghi nhầm nhà hảo tâm", user=front_staff)
    page = text_of(client.get(reverse("receipt:inspect", args=[receipt.pk])))
    assert print_url not in page and pdf_url not in page
    assert client.get(print_url).status_code == 404
    assert client.get(pdf_url).status_code == 404


def test_only_ledger_staff_get_the_pdf(client, receipt, editor):
    client.force_login(editor)
    response = client.get(reverse("receipt:print_pdf", args=[receipt.pk]))
    assert response.status_code in (302, 403)  # Wagtail sends a refused user to the dashboard
    assert not response.content.startswith(b"%PDF")


def poppler(tool):
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} (poppler-utils) is missing: .ci/run installs it")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def test_the_pdf_is_one_a4_page_with_the_amount_in_words(client, receipt, front_staff, tmp_path):
    client.force_login(front_staff)
    response = client.get(reverse("receipt:print_pdf", args=[receipt.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="giay-xac-nhan-{receipt.number}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "confirmation.pdf"
    pdf.write_bytes(response.content)

    info = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert "(A4)" in info, info

    text = subprocess.run(  # noqa: S603
        [poppler("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = re.sub(r"\s+", " ", text)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY XÁC NHẬN ỦNG HỘ",
        f"Bằng chữ: {WORDS}",
        "150.000.000 đồng",
        TAX_CODE,
        issued_on(receipt),
        "TM. BAN THƯỜNG TRỰC",
        SIGNER,
    ]:
        assert expected in text, (expected, text)
    assert "Tải PDF" not in text and "In" not in text.split()


def test_document_dates_and_places_as_written():
    assert document_date(datetime.date(2027, 2, 5)) == {"day": "05", "month": "02", "year": "2027"}
    assert document_date(datetime.date(2026, 10, 20)) == {
        "day": "20",
        "month": "10",
        "year": "2026",
    }
    assert document_date(datetime.date(2026, 3, 9))["month"] == "3"
    assert place_of("Tỉnh Quảng Trị") == "Quảng Trị"
    assert place_of("Xã Hướng Phùng") == "Hướng Phùng"
    assert place_of("Thành phố Huế") == "Huế"
    assert place_of("Côn Đảo") == "Côn Đảo"


def test_without_pango_the_pdf_button_says_what_is_missing(
    client, receipt, front_staff, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as without Pango
    client.force_login(front_staff)
    response = client.get(reverse("receipt:print_pdf", args=[receipt.pk]), follow=True)
    body = text_of(response)
    assert response.redirect_chain[-1][0] == reverse("receipt:inspect", args=[receipt.pk])
    assert "Máy chủ này chưa tạo được tệp PDF" in body
