"""Front staff print a confirmation of donation by clicking, in Debian's chromium driven by
Playwright: from the receipt's page, "In giấy xác nhận ủng hộ" opens the printable document
with the amount in words, and "Tải PDF" downloads it as a PDF.

Skipped without chromium on a laptop, FAILS under CI (tests/browser_fixtures.py).
"""

import datetime

import pytest

from donations.models import Channel, DonorKind
from donations.services import record_receipt
from donations.testing import at, make_bank_account, make_donor, make_user
from sitewide.groups import FRONT_STAFF
from tests.browser_fixtures import SCREENSHOTS

pytest_plugins = ["donations.testing", "tests.browser_fixtures"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "mat-khau-mat-tran-2026"


def test_front_staff_print_and_download_a_confirmation(
    live_server, ledger_campaign, fund, browser_page
):
    fund.committee_name = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị"
    fund.signer_title = "Phó Chủ tịch"
    fund.signer_name = "Lê Thị Thu Hà"
    fund.save()
    staff = make_user("thu-quy-quy", FRONT_STAFF, first_name="Hùng", last_name="Hoàng Văn")
    staff.set_password(PASSWORD)
    staff.save()
    receipt = record_receipt(
        channel=Channel.BANK,
        amount=150_000_000,
        received_at=at(datetime.date(2026, 10, 20), 10),
        campaign=ledger_campaign,
        donor=make_donor("Công ty CP Xi măng Đông Hà", kind=DonorKind.BUSINESS),
        bank_account=make_bank_account(fund),
        bank_reference="FT26293111",
        user=staff,
    )
    page = browser_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(staff.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(f"{live_server.url}/admin/receipt/inspect/{receipt.pk}/")
    assert "Hoàng Văn Hùng" in page.locator("main").inner_text()
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="In giấy xác nhận ủng hộ").click()
    document = opened.value
    document.wait_for_load_state()
    text = document.locator("main").inner_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Một trăm năm mươi triệu đồng" in text
    assert receipt.number in text and "Lê Thị Thu Hà" in text
    document.screenshot(path=str(SCREENSHOTS / "confirmation-print.png"), full_page=True)

    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Tải PDF").click()
    download = downloaded.value
    assert download.suggested_filename == f"giay-xac-nhan-{receipt.number}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert errors == []
