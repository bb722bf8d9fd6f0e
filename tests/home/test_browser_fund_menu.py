"""Front staff, in Debian's chromium, reach the Fund's work by clicking through one "Quỹ" menu:
donors, pledges, receipts and online gifts; a reversed receipt's page offers no action.
Screenshots go to test-results/browser/fund-menu-*.png. Skipped without chromium on a laptop,
FAILS under CI (tests/home/conftest.py)."""

import datetime
import re

import pytest

from donations.models import Channel
from donations.services import record_pledge, record_receipt, reverse_receipt
from giving.models import GiftMethod, OnlineGift
from tests.donations.conftest import at, make_donor
from tests.home.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "mat-khau-mat-tran-2026"
DAY = datetime.date(2026, 10, 20)


@pytest.fixture
def fund_work(ledger_campaign, front_staff):
    front_staff.set_password(PASSWORD)
    front_staff.save()
    donor = make_donor("Công ty TNHH Hải Sản Cửa Việt", kind="business")
    pledge = record_pledge(donor=donor, campaign=ledger_campaign, amount=50_000_000, pledged_on=DAY)
    receipt = record_receipt(
        channel=Channel.CASH,
        amount=1_500_000,
        received_at=at(DAY, 9),
        campaign=ledger_campaign,
        donor=donor,
        receipt_book_number="Q05-0042",
        user=front_staff,
    )
    reverse_receipt(receipt, reason="Ghi trùng phiếu", user=front_staff)
    gift = OnlineGift.objects.create(
        campaign=ledger_campaign,
        method=GiftMethod.VNPAY,
        amount=200_000,
        payment_code="UHTRUCTUYEN",
        txn_ref="UHTRUCTUYEN261020",
    )
    return {"donor": donor, "pledge": pledge, "receipt": receipt, "gift": gift}


def open_fund_menu(page):
    """The sidebar's "Quỹ" panel, opened by clicking its button unless it is open already."""
    button = page.get_by_role("button", name="Quỹ", exact=True)
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    panel = page.locator(".sidebar-sub-menu-panel").first
    panel.get_by_role("link", name="Phiếu thu", exact=True).wait_for(state="visible")
    return panel


def test_front_staff_reach_the_funds_work_through_one_menu(
    live_server, fund_work, front_staff, browser_page
):
    page = browser_page
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(front_staff.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")

    sidebar = page.locator("[data-side-panel], .sidebar").first
    top_level = sidebar.locator(".sidebar-main-menu > ul > li").all_inner_texts()
    top_level = [" ".join(text.split()) for text in top_level]
    assert "Quỹ" in top_level
    assert "Ủng hộ trực tuyến" not in top_level and "Ủng hộ" not in top_level

    menu = open_fund_menu(page)
    for label in ("Tổng quan", "Phiếu thu", "Cam kết", "Nhà hảo tâm", "Ủng hộ trực tuyến"):
        assert menu.get_by_role("link", name=label, exact=True).is_visible(), label
    page.screenshot(path=str(SCREENSHOTS / "fund-menu-open.png"))

    for label, path, expected, shot in [
        ("Nhà hảo tâm", "/admin/donor/", fund_work["donor"].name, "donors"),
        ("Cam kết", "/admin/pledge/", fund_work["pledge"].code, "pledges"),
        ("Ủng hộ trực tuyến", "/admin/online_gifts/", fund_work["gift"].payment_code, "gifts"),
        ("Phiếu thu", "/admin/receipt/", fund_work["receipt"].number, "receipts"),
    ]:
        open_fund_menu(page).get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(re.compile(re.escape(live_server.url + path) + r"(\?.*)?$"))
        assert page.get_by_text(expected).first.is_visible(), label
        page.screenshot(path=str(SCREENSHOTS / f"fund-menu-{shot}.png"), full_page=True)

    # From the receipts list to the reversed receipt: it says so, and offers no action.
    page.get_by_role("link", name=fund_work["receipt"].number).first.click()
    page.wait_for_url(re.compile(r".*/admin/receipt/inspect/\d+/$"))
    main = page.locator("main")
    assert main.get_by_text("Ghi trùng phiếu").is_visible()
    for action in ("Phân bổ vào cam kết", "Hủy phiếu thu", "Đổi cách hiển thị khoản ủng hộ"):
        assert main.get_by_role("link", name=action).count() == 0, action
    page.screenshot(path=str(SCREENSHOTS / "fund-menu-reversed-receipt.png"), full_page=True)
