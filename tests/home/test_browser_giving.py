"""A donor gives 200.000 ₫ through VNPay in a real browser, end to end, on the local simulator.

Campaign page → donate form (200.000 ₫, shortened name) → the simulator's pay page → Pay → the
simulator calls our IPN over HTTP (like VNPay's servers) before sending the browser back → the
result page with the receipt number → the campaign's total grew by the amount → the public
statement shows the gift under the chosen name. Debian's chromium through Playwright, as in
tests/home/test_browser.py: skipped without chromium on a laptop, FAILS under CI.
"""

import re

import pytest

from donations.models import Receipt
from donations.services.totals import campaign_totals
from giving.models import GiftStatus, OnlineGift
from tests.home.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.home.urls_with_simulator"),
    # live_server needs real commits; serialized_rollback gives the next transactional test
    # back what migrations created (root page, groups), as in tests/home/test_browser.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_donor_gives_through_vnpay_and_finds_the_gift_in_the_statement(
    live_server, giving_campaign, browser_page
):
    page = browser_page
    campaign = giving_campaign
    assert campaign_totals(campaign).received == 0

    page.goto(live_server.url + campaign.url)
    donate = page.locator("#donate")
    donate.get_by_label("200.000 ₫").check()
    donate.locator('input[name="disclosure"][value="masked"]').check()
    donate.get_by_label("Họ tên của bạn hoặc tên cơ quan, đơn vị").fill("Nguyễn Văn An")
    donate.get_by_label("Tôi đồng ý công khai khoản ủng hộ").check()
    assert donate.get_by_label("VNPay (thẻ, ứng dụng ngân hàng, QR)").is_checked()
    page.screenshot(path=str(SCREENSHOTS / "giving-form.png"), full_page=True)
    donate.get_by_role("button", name="Tiếp tục").click()

    page.wait_for_url("**/_vnpay-sandbox/paymentv2/vpcpay.html?*")
    assert "200.000 ₫" in page.locator("body").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "giving-simulator.png"), full_page=True)
    page.get_by_role("button", name="Thanh toán").click()

    page.wait_for_url("**/donations/vnpay/return/?*")
    gift = OnlineGift.objects.get()
    assert gift.status == GiftStatus.PAID  # recorded by the IPN, before the browser came back
    receipt = Receipt.objects.get()
    assert page.locator("h1").inner_text().strip() == "Cảm ơn tấm lòng của bạn"
    shown_number = page.locator("[data-receipt-number]").inner_text().strip()
    assert shown_number == receipt.number
    assert re.fullmatch(r"BN-\d{4}-\d{6}", shown_number)
    assert page.locator("a.share__facebook").count() == 1
    assert page.locator("a.share__zalo").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "giving-result.png"), full_page=True)

    assert campaign_totals(campaign).received == 200_000
    page.goto(live_server.url + campaign.url)
    assert page.locator('[data-money="received"]').inner_text().strip() == "200.000 ₫"

    page.goto(f"{live_server.url}/ung-ho/{campaign.slug}/sao-ke/")
    row = page.locator("tr", has_text="Nguyễn V. A.")
    assert row.count() == 1
    assert "200.000 ₫" in row.inner_text()
    assert "Nguyễn Văn An" not in page.locator("main").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "giving-statement.png"), full_page=True)
