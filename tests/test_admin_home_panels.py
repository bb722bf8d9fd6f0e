"""The Front staff's admin home: panels for the queue, the statements being processed, the money
received today and in the running campaign, and the overdue pledges, each linking to its list
(filtered); without Wagtail's content counts and page search, which someone who writes no pages
cannot use. Editors keep Wagtail's home and get none of the panels."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from donations.models import Channel
from donations.services import record_receipt, reverse_receipt
from donations.testing import link_campaign, make_donor
from reconciliation.services import take_lines
from reconciliation.services.intake import statement_incoming
from reconciliation.services.uploads import queue_upload
from reconciliation.statements import StatementLine as ParsedLine
from sitewide.formatting import format_date, format_vnd
from tests.factories import make_campaign
from tests.reconciliation_fixtures import CODES, make_pledge, read_fixture

pytest_plugins = ["donations.testing", "tests.reconciliation_fixtures"]

HOME = "/admin/"
PANELS = (
    "reconciliation-queue-section",
    "reconciliation-uploads-section",
    "ledger-received-section",
    "ledger-overdue-pledges-section",
)
_serial = iter(range(1, 10_000))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def running(campaign_index, fund, today):
    """The campaign running today (the peak month), linked to the fund."""
    campaign = make_campaign(
        campaign_index,
        title="Tháng cao điểm Vì người nghèo",
        slug="thang-cao-diem",
        start_date=today - datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=20),
        target_amount=1_000_000_000,
    )
    return link_campaign(campaign, fund)


@pytest.fixture(autouse=True)
def _uploads_wait_for_a_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def cash(amount, campaign, *, days_ago=0, donor=None):
    return record_receipt(
        channel=Channel.CASH,
        amount=amount,
        received_at=timezone.now() - datetime.timedelta(days=days_ago, seconds=1),
        campaign=campaign,
        donor=donor,
        receipt_book_number=f"Q01-{next(_serial):04d}",
    )


def queue_line(account, memo, amount):
    moment = timezone.now() - datetime.timedelta(days=2)
    parsed = ParsedLine(row=None, booked_at=moment, amount=amount, memo=memo)
    take_lines(account, statement_incoming(account, [parsed]))


@pytest.fixture
def ledger(running, account, today):
    """Today 2.000.000 and 3.000.000 in cash (and 500.000 recorded then reversed), 10.000.000
    three days ago; one pledge overdue, one not yet due; two lines in the queue; one statement
    file waiting for the worker."""
    an = make_donor("Nguyễn Văn An")
    today_receipts = [cash(2_000_000, running, donor=an), cash(3_000_000, running)]
    older = cash(10_000_000, running, days_ago=3)
    mistaken = cash(500_000, running)
    reverse_receipt(mistaken, reason="Ghi nhầm số tiền")
    overdue = make_pledge(
        CODES[0],
        5_000_000,
        campaign=running,
        donor_name="Công ty TNHH Minh Phát",
        due_on=today - datetime.timedelta(days=5),
    )
    not_due = make_pledge(
        CODES[1], 7_000_000, campaign=running, due_on=today + datetime.timedelta(days=5)
    )
    queue_line(account, "UNG HO QUY VI NGUOI NGHEO - TRAN VAN BINH", 1_200_000)
    queue_line(account, "ung ho dong bao ngheo", 300_000)
    upload = queue_upload(
        account=account, file_bytes=read_fixture("vietcombank.csv"), filename="sao-ke-vcb.csv"
    )
    return {
        "today": today_receipts,
        "older": older,
        "mistaken": mistaken,
        "overdue": overdue,
        "not_due": not_due,
        "upload": upload,
    }


def home(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_front_staff_see_their_work_on_the_admin_home(client, front_staff, ledger, running):
    body = home(client, front_staff)
    for panel in PANELS:
        assert f'id="{panel}"' in body, panel

    assert "2 dòng sao kê chờ quyết định" in body
    assert f"tổng cộng {format_vnd(1_500_000)}" in body
    assert f'href="{reverse("reconciliation_line:index")}"' in body

    assert "Sao kê đang xử lý" in body and "sao-ke-vcb.csv" in body
    upload_url = reverse("reconciliation_import:upload", args=[ledger["upload"].pk])
    assert f'href="{upload_url}"' in body

    assert f'<strong data-figure="received-today">{format_vnd(5_000_000)}</strong>' in body
    assert "2 lượt ủng hộ" in body
    assert running.title in body
    assert f'<strong data-figure="received-campaign">{format_vnd(15_000_000)}</strong>' in body
    assert f"/ {format_vnd(1_000_000_000)} (1%)" in body

    assert "1 cam kết quá hạn" in body and f"còn thiếu {format_vnd(5_000_000)}" in body
    assert f'href="{reverse("pledge:reminders")}"' in body


def test_each_panel_links_to_its_list_filtered(client, front_staff, ledger, running, today):
    client.force_login(front_staff)
    panels = {panel.name: panel for panel in client.get(HOME).context["panels"]}
    assert {"reconciliation_queue", "reconciliation_uploads"} <= set(panels)

    day = format_date(today)
    today_url = (
        f"{reverse('receipt:index')}?received_from={day.replace('/', '%2F')}"
        f"&received_to={day.replace('/', '%2F')}&reversed=false"
    )
    body = client.get(HOME).content.decode()
    assert f'href="{today_url.replace("&", "&amp;")}"' in body
    listed = client.get(today_url).content.decode()
    for receipt in ledger["today"]:
        assert receipt.number in listed
    assert ledger["older"].number not in listed
    assert ledger["mistaken"].number not in listed  # reversed: not counted as received

    campaign_url = f"{reverse('receipt:index')}?campaign={running.pk}&reversed=false"
    assert f'href="{campaign_url.replace("&", "&amp;")}"' in body
    listed = client.get(campaign_url).content.decode()
    assert ledger["older"].number in listed and ledger["mistaken"].number not in listed

    overdue_url = f"{reverse('pledge:index')}?overdue=true"
    assert f'href="{overdue_url}"' in body
    listed = client.get(overdue_url).content.decode()
    assert ledger["overdue"].code in listed and ledger["not_due"].code not in listed


def test_front_staff_get_no_content_counts_nor_page_search(client, front_staff, ledger):
    body = home(client, front_staff)
    assert "tài liệu" not in body  # "0 tài liệu": Wagtail's document count
    assert 'role="search"' not in body
    assert f'action="{reverse("wagtailadmin_explore_root")}' not in body


def test_editors_keep_wagtails_home_without_the_ledger(client, editor, ledger):
    body = home(client, editor)
    for panel in PANELS:
        assert f'id="{panel}"' not in body, panel
    assert "cam kết quá hạn" not in body and "Hàng chờ đối soát" not in body
    assert 'role="search"' in body  # they write pages: the search and the counts stay
    assert "w-summary__list" in body


def test_with_nothing_to_do_the_panels_say_so(client, front_staff, fund):
    body = home(client, front_staff)
    assert "Không còn dòng sao kê nào chờ quyết định." in body
    assert "Không có tệp sao kê nào đang xử lý." in body
    assert "Hôm nay không có chiến dịch nào gắn với quỹ đang diễn ra." in body
    assert "Không có cam kết nào quá hạn." in body


def test_the_home_page_queries_do_not_grow_with_the_ledger(client, front_staff, ledger, running):
    client.force_login(front_staff)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(HOME).status_code == 200
        return len(captured)

    before = queries()
    account = ledger["upload"].bank_account
    for index in range(8):
        cash(100_000 + index, running)
        make_pledge(
            f"UHQH{index:04d}",
            1_000_000,
            campaign=running,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
        queue_line(account, f"ung ho lan {index}", 50_000 + index)
        queue_upload(account=account, file_bytes=b"x", filename=f"sao-ke-{index}.csv")
    assert queries() == before
