"""Front staff clear the reconciliation queue by clicking, in Debian's chromium: from the admin
home's panels to the queue, from a row to its line, and each action from there or from the
row's menu (confirm a suggested pledge, split across two pledges, attach to a donor found
through the chooser typed without diacritics, unidentified gift, not a donation, then undo a
decision), with no error in the browser's console.

Screenshots go to test-results/browser/ (queue-*.png). Skipped without chromium on a laptop,
FAILS under CI (tests/browser_fixtures.py).
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from donations.models import Channel, DonorKind, Receipt
from donations.services import record_receipt
from donations.testing import link_campaign, make_bank_account, make_donor, make_user
from reconciliation.models import LineState, StatementLine
from reconciliation.services import take_lines
from reconciliation.services.intake import statement_incoming
from reconciliation.statements import StatementLine as ParsedLine
from sitewide.groups import FRONT_STAFF
from tests.browser_fixtures import SCREENSHOTS
from tests.factories import make_campaign
from tests.reconciliation_fixtures import CODES, MISTYPED, make_pledge

pytest_plugins = ["donations.testing", "tests.browser_fixtures"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

USERNAME = "mattran-thu"
PASSWORD = "mat-khau-mat-tran-2026"


def add_line(account, memo, amount, *, hours_ago, sender=""):
    booked = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=hours_ago)
    parsed = ParsedLine(
        row=None, booked_at=booked, amount=amount, memo=memo, counterparty_name=sender
    )
    take_lines(account, statement_incoming(account, [parsed]))
    return StatementLine.objects.get(memo=memo)


@pytest.fixture
def queue(campaign_index, fund):
    """A running campaign with pledges, and six lines waiting in the queue, one for each
    decision (and one left for later)."""
    today = timezone.localdate()
    campaign = link_campaign(
        make_campaign(
            campaign_index,
            title="Tháng cao điểm Vì người nghèo",
            slug="thang-cao-diem",
            start_date=today - datetime.timedelta(days=20),
            end_date=today + datetime.timedelta(days=10),
        ),
        fund,
    )
    account = make_bank_account(fund, number="0071001234567")
    minh_phat = make_donor("Công ty TNHH Minh Phát", kind=DonorKind.BUSINESS)
    pledges = {
        "an": make_pledge(
            CODES[5],
            300_000,
            campaign=campaign,
            donor_name="Nguyễn Văn An",
            due_on=today - datetime.timedelta(days=3),
        ),
        "minh_phat_1": make_pledge(CODES[2], 3_000_000, campaign=campaign, donor=minh_phat),
        "minh_phat_2": make_pledge(CODES[3], 2_000_000, campaign=campaign, donor=minh_phat),
    }
    record_receipt(
        channel=Channel.CASH,
        amount=2_000_000,
        received_at=timezone.now() - datetime.timedelta(seconds=1),
        campaign=campaign,
        donor=minh_phat,
        receipt_book_number="Q01-0001",
    )
    hung = make_donor("Hoàng Văn Hùng", phone="0912345678")
    make_donor("Trần Thị Mai")
    lines = {
        "confirm": add_line(
            account,
            f"Ung ho {MISTYPED} gia dinh ong An",
            300_000,
            hours_ago=30,
            sender="NGUYEN VAN AN",
        ),
        "split": add_line(
            account,
            "CONG TY MINH PHAT UNG HO QUY VI NGUOI NGHEO",
            5_000_000,
            hours_ago=29,
            sender="CONG TY TNHH MINH PHAT",
        ),
        "donor": add_line(
            account, "Ung ho nguoi ngheo", 700_000, hours_ago=28, sender="HOANG VAN HUNG"
        ),
        "unidentified": add_line(account, "UNG HO", 200_000, hours_ago=27),
        "not_donation": add_line(account, "Tra lai tien gui thang 11/2026", 35_000, hours_ago=26),
        "later": add_line(account, "Chuyen tien", 1_000_000, hours_ago=25, sender="LE VAN HAI"),
    }
    return {"campaign": campaign, "pledges": pledges, "hung": hung, "lines": lines}


@pytest.fixture
def front_staff_with_password(db):
    user = make_user(USERNAME, FRONT_STAFF, first_name="Thu", last_name="Phạm Thị")
    user.set_password(PASSWORD)
    user.save()
    return user


def watch_for_errors(page):
    """Every error the browser's console reports, and every uncaught script error."""
    seen = []
    page.on("console", lambda message: message.type == "error" and seen.append(message.text))
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return seen


def state(line):
    line.refresh_from_db()
    return line.state


def test_front_staff_clear_the_queue_by_clicking(
    live_server, queue, front_staff_with_password, browser_page
):
    page = browser_page
    errors = watch_for_errors(page)
    lines = queue["lines"]
    base = live_server.url

    def back_to_the_queue():
        page.get_by_role("link", name="Về hàng chờ đối soát").click()
        page.wait_for_url(f"{base}{reverse('reconciliation_line:index')}")

    def row_of(line):
        return page.locator("table.listing tbody tr").filter(has_text=line.memo)

    def open_line(line):
        row_of(line).locator(
            f'a[href="{reverse("reconciliation_line:inspect", args=[line.pk])}"]'
        ).click()
        page.wait_for_url(f"{base}{reverse('reconciliation_line:inspect', args=[line.pk])}")

    def from_the_row_menu(line, action, screenshot=None):
        row_of(line).get_by_role("button", name=re.compile("Tùy chọn khác")).click()
        if screenshot:
            page.screenshot(path=str(SCREENSHOTS / screenshot), full_page=True)
        row_of(line).get_by_role("link", name=action).click()

    def success_message():
        return page.locator(".messages .success").first.inner_text()

    # Sign in: the home shows the day's work, without the page search.
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")
    queue_panel = page.locator("#reconciliation-queue-section")
    assert "6 dòng sao kê chờ quyết định" in queue_panel.inner_text()
    assert page.locator("#ledger-received-section").is_visible()
    assert queue["campaign"].title in page.locator("#ledger-received-section").inner_text()
    assert "1 cam kết quá hạn" in page.locator("#ledger-overdue-pledges-section").inner_text()
    assert "2.000.000 ₫" in page.locator("#ledger-received-section").inner_text()
    assert page.locator("#reconciliation-uploads-section").is_visible()
    assert page.locator('.w-dashboard form[role="search"]').count() == 0
    page.screenshot(path=str(SCREENSHOTS / "queue-home.png"), full_page=True)

    # The panel opens the queue; the queue is titled as the menu calls it.
    queue_panel.get_by_role("link", name="Mở hàng chờ đối soát").click()
    page.wait_for_url(f"{base}{reverse('reconciliation_line:index')}")
    assert page.locator("h1, h2").filter(has_text="Hàng chờ đối soát").count() >= 1
    assert row_of(lines["confirm"]).count() == 1
    page.screenshot(path=str(SCREENSHOTS / "queue-listing.png"), full_page=True)

    # 1. A row opens its line; its best suggestion (the mistyped code's pledge) is confirmed.
    open_line(lines["confirm"])
    suggestion = page.locator("table.listing tbody tr").filter(has_text=CODES[5])
    assert suggestion.count() == 1
    page.screenshot(path=str(SCREENSHOTS / "queue-line.png"), full_page=True)
    suggestion.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{base}{reverse('reconciliation_line:inspect', args=[lines['confirm'].pk])}")
    assert "Đã khớp dòng" in success_message()
    assert state(lines["confirm"]) == LineState.MATCHED

    # 2. Split across the company's two pledges, from the row's menu.
    back_to_the_queue()
    assert row_of(lines["confirm"]).count() == 0  # decided: out of the queue
    from_the_row_menu(lines["split"], "Chia cho nhiều cam kết", "queue-row-menu.png")
    page.wait_for_url(f"{base}{reverse('reconciliation_line:split', args=[lines['split'].pk])}")
    for index in range(1, 6):
        page.locator(f"#id_code_{index}").fill("")
        page.locator(f"#id_amount_{index}").fill("")
    page.locator("#id_code_1").fill(CODES[2])
    page.locator("#id_amount_1").fill("3000000")
    page.locator("#id_code_2").fill(CODES[3])
    page.locator("#id_amount_2").fill("2000000")
    page.get_by_role("button", name="Chia", exact=True).click()
    page.wait_for_url(f"{base}{reverse('reconciliation_line:inspect', args=[lines['split'].pk])}")
    assert state(lines["split"]) == LineState.SPLIT
    assert queue["pledges"]["minh_phat_1"].outstanding_amount == 0
    assert queue["pledges"]["minh_phat_2"].outstanding_amount == 0

    # 3. Attach to a donor: the chooser opens, finds "Hoàng Văn Hùng" typed without marks.
    back_to_the_queue()
    open_line(lines["donor"])
    page.get_by_role("link", name="Gắn với nhà hảo tâm").click()
    page.wait_for_url(f"{base}{reverse('reconciliation_line:donor', args=[lines['donor'].pk])}")
    page.get_by_role("button", name="Chọn nhà hảo tâm").click()
    modal = page.locator(".modal-dialog")
    modal.wait_for(state="visible")
    search = modal.get_by_placeholder("Tên, số điện thoại hoặc mã số thuế")
    search.fill("hoang van hung")
    results = modal.locator(".listing tbody tr")
    results.filter(has_text="Trần Thị Mai").wait_for(state="detached")
    assert results.count() == 1
    page.screenshot(path=str(SCREENSHOTS / "queue-chooser.png"), full_page=True)
    modal.get_by_role("link", name="Hoàng Văn Hùng").click()
    modal.wait_for(state="hidden")
    assert "Hoàng Văn Hùng" in page.locator("[data-chooser-title]").first.inner_text()
    page.get_by_role("button", name="Ghi nhận khoản ủng hộ").click()
    page.wait_for_url(f"{base}{reverse('reconciliation_line:inspect', args=[lines['donor'].pk])}")
    assert state(lines["donor"]) == LineState.DONOR
    assert Receipt.objects.get(amount=700_000).donor == queue["hung"]

    # 4. Unidentified gift, from the row's menu.
    back_to_the_queue()
    from_the_row_menu(lines["unidentified"], "Khoản ủng hộ chưa xác định người gửi")
    page.get_by_role("button", name="Ghi nhận từ nhà hảo tâm ẩn danh").click()
    page.wait_for_url(
        f"{base}{reverse('reconciliation_line:inspect', args=[lines['unidentified'].pk])}"
    )
    assert state(lines["unidentified"]) == LineState.UNIDENTIFIED

    # 5. Not a donation: the bank's interest, from the line's page.
    back_to_the_queue()
    open_line(lines["not_donation"])
    page.get_by_role("link", name="Không phải khoản ủng hộ").click()
    page.get_by_label("Đây là khoản tiền gì").select_option(label="Lãi tiền gửi ngân hàng")
    page.get_by_label("Lý do").fill("Lãi tiền gửi không kỳ hạn tháng 11")
    page.get_by_role("button", name="Đánh dấu không phải khoản ủng hộ").click()
    page.wait_for_url(
        f"{base}{reverse('reconciliation_line:inspect', args=[lines['not_donation'].pk])}"
    )
    assert state(lines["not_donation"]) == LineState.NOT_DONATION

    # 6. Undo that decision from the line's page: the line is back in the queue.
    page.locator("table.listing").get_by_role("link", name="Hủy").click()
    page.get_by_label("Lý do").fill("Nhầm: đây là tiền của nhà hảo tâm chuyển lại")
    page.get_by_role("button", name="Hủy", exact=True).click()
    page.wait_for_url(
        f"{base}{reverse('reconciliation_line:inspect', args=[lines['not_donation'].pk])}"
    )
    assert state(lines["not_donation"]) == LineState.REVERSED

    back_to_the_queue()
    waiting = {line.memo for line in lines.values() if row_of(line).count() == 1}
    assert waiting == {lines["not_donation"].memo, lines["later"].memo}
    page.screenshot(path=str(SCREENSHOTS / "queue-after.png"), full_page=True)
    assert errors == []
