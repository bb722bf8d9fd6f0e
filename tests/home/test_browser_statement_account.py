"""Front staff, in a real browser, cannot import one bank's statement under another account.

Signed in as the demo Front staff account, they upload BIDV's export under the BIDV account
(accepted, its lines wait in the queue), then the same file under the Vietcombank account: the
form refuses it, saying which account the file belongs to, keeps the account chosen, and the
queue does not grow. Debian's chromium through Playwright (tests/home/conftest.py);
screenshots go to test-results/browser/.
"""

import pytest

from home.management.commands.ensure_demo_users import (
    DEMO_PASSWORD,
    DEMO_USERS,
    ensure_demo_user,
)
from reconciliation.models import StatementLine
from tests.donations.conftest import make_bank_account
from tests.home.conftest import SCREENSHOTS
from tests.reconciliation.conftest import read_fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFUSAL = (
    "Tệp này là sao kê BIDV của tài khoản 21510001234567, nhưng tài khoản đã chọn là "
    "Vietcombank 0071000123456."
)


@pytest.fixture
def accounts(fund):
    return {
        "bidv": make_bank_account(fund, "21510001234567", bank_name="BIDV", bank_bin="970418"),
        "vietcombank": make_bank_account(fund, "0071000123456", bank_name="Vietcombank"),
    }


def sign_in_as_front_staff(page, live_server):
    spec = next(user for user in DEMO_USERS if user.username == "mattran")
    ensure_demo_user(spec, DEMO_PASSWORD)
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(spec.username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")


def upload(page, live_server, account):
    page.goto(live_server.url + "/admin/reconciliation/imports/new/")
    page.locator("#id_bank_account").select_option(label=str(account))
    page.locator("input[name=statement_file]").set_input_files(
        files=[
            {
                "name": "bidv.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": read_fixture("bidv.xlsx"),
            }
        ]
    )
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def queue_rows(page, live_server):
    page.goto(live_server.url + "/admin/reconciliation/lines/")
    return page.locator("table.listing tbody tr").count()


def test_front_staff_are_refused_a_bidv_file_under_the_vietcombank_account(
    live_server, accounts, browser_page
):
    page = browser_page
    sign_in_as_front_staff(page, live_server)

    upload(page, live_server, accounts["bidv"])
    page.wait_for_url("**/admin/reconciliation/imports/inspect/*/")
    assert "3 dòng mới" in page.locator("body").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "statement-accepted.png"), full_page=True)
    waiting = queue_rows(page, live_server)
    assert waiting == StatementLine.objects.in_queue().count() == 3

    upload(page, live_server, accounts["vietcombank"])

    assert page.url.endswith("/admin/reconciliation/imports/new/")
    assert REFUSAL in page.locator("body").inner_text()
    chosen = page.locator("#id_bank_account option:checked").inner_text()
    assert chosen.strip() == str(accounts["vietcombank"])
    page.screenshot(path=str(SCREENSHOTS / "statement-wrong-account.png"), full_page=True)
    assert queue_rows(page, live_server) == waiting
    assert not StatementLine.objects.filter(bank_account=accounts["vietcombank"]).exists()
