"""People's names family name first ("Hoàng Văn Hùng", not "Hùng Hoàng Văn", not "hvhung")
wherever a staff member is shown: our admin pages, the reconciliation decision log, Wagtail's
own listings, history and reports, and their spreadsheet exports."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from wagtail.admin.utils import get_user_display_name

from donations.models import Channel
from donations.services import allocate, record_pledge, record_receipt, reverse_receipt
from home.management.commands.ensure_demo_users import DEMO_USERS
from reconciliation.models import StatementLine
from reconciliation.services import take_lines
from reconciliation.services.intake import statement_incoming
from reconciliation.statements import StatementLine as ParsedLine
from sitewide.formatting import full_name, person_name
from sitewide.groups import FRONT_STAFF
from tests.donations.conftest import at, make_bank_account, make_donor
from tests.sitewide.conftest import make_user

NAME = "Hoàng Văn Hùng"
WRONG_WAY = "Hùng Hoàng Văn"
DAY = datetime.date(2026, 10, 20)


@pytest.fixture
def hung(db):
    return make_user("hvhung", FRONT_STAFF, first_name="Hùng", last_name="Hoàng Văn")


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        "quantri", "quantri@example.vn", first_name="Quang", last_name="Phạm Đức"
    )


def test_the_one_function_puts_the_family_name_first():
    User = get_user_model()
    assert person_name(User(username="hvhung", first_name="Hùng", last_name="Hoàng Văn")) == NAME
    assert person_name(User(username="lan", first_name=" Lan ", last_name="")) == "Lan"
    assert person_name(User(username="nguyen", first_name="", last_name="Nguyễn")) == "Nguyễn"
    assert person_name(User(username="hvhung")) == "hvhung"
    assert person_name(None) == "" and full_name(None) == ""
    assert full_name(User(username="hvhung")) == ""


def test_django_and_wagtail_see_the_same_order(hung):
    assert hung.get_full_name() == NAME
    assert get_user_display_name(hung) == NAME
    rendered = Template("{% load vn %}[{{ user|person_name }}|{{ nobody|person_name }}]").render(
        Context({"user": hung, "nobody": None})
    )
    assert rendered == f"[{NAME}|]"


@pytest.fixture
def ledger(ledger_campaign, fund, hung):
    donor = make_donor("Công ty TNHH Hải Đăng")
    pledge = record_pledge(
        donor=donor, campaign=ledger_campaign, amount=5_000_000, pledged_on=DAY, user=hung
    )
    receipt = record_receipt(
        channel=Channel.CASH,
        amount=5_000_000,
        received_at=at(DAY, 9),
        campaign=ledger_campaign,
        donor=donor,
        receipt_book_number="Q01-0001",
        user=hung,
    )
    allocate(receipt, pledge, user=hung)
    wrong = record_receipt(
        channel=Channel.CASH,
        amount=7_000_000,
        received_at=at(DAY, 10),
        campaign=ledger_campaign,
        donor=donor,
        receipt_book_number="Q01-0002",
        user=hung,
    )
    reverse_receipt(wrong, reason="Ghi nhầm", user=hung)
    return {"pledge": pledge, "receipt": receipt, "wrong": wrong}


def assert_named(body, where):
    assert NAME in body, where
    assert WRONG_WAY not in body, where
    assert "hvhung" not in body, where


def test_ledger_pages_show_who_recorded_by_name(client, ledger, hung):
    client.force_login(hung)
    for url in (
        reverse("receipt:inspect", args=[ledger["receipt"].pk]),
        reverse("receipt:inspect", args=[ledger["wrong"].pk]),
        reverse("pledge:inspect", args=[ledger["pledge"].pk]),
    ):
        assert_named(client.get(url).content.decode(), url)


def test_the_decision_log_shows_the_person_not_the_username(client, fund, hung):
    account = make_bank_account(fund)
    parsed = ParsedLine(
        row=None,
        booked_at=at(DAY, 8),
        amount=120_000,
        memo="Lai tien gui thang 10",
    )
    take_lines(account, statement_incoming(account, [parsed]))
    line = StatementLine.objects.get()
    client.force_login(hung)
    client.post(
        reverse("reconciliation_line:not_donation", args=[line.pk]),
        {"category": "interest", "reason": "Lãi tiền gửi tháng 10"},
    )
    body = client.get(reverse("reconciliation_line:inspect", args=[line.pk])).content.decode()
    assert "Lãi tiền gửi tháng 10" in body
    assert_named(body, "decision log")


def test_wagtail_history_users_and_reports_show_the_name(client, ledger, hung, admin_user):
    client.force_login(admin_user)
    history = client.get(reverse("receipt:history", args=[ledger["receipt"].pk]))
    assert_named(history.content.decode(), "receipt history")
    site_history = client.get(reverse("wagtailadmin_reports:site_history"))
    assert_named(site_history.content.decode(), "site history")
    users = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert NAME in users and "Phạm Đức Quang" in users and WRONG_WAY not in users

    export = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
    assert NAME in cells and WRONG_WAY not in cells and "hvhung" not in cells


def test_demo_users_have_vietnamese_names_family_name_first(db):
    call_command("ensure_demo_users", "--force", stdout=io.StringIO())
    User = get_user_model()
    for spec in DEMO_USERS:
        user = User.objects.get(username=spec.username)
        assert user.first_name and user.last_name, spec.username
        assert person_name(user) == f"{user.last_name} {user.first_name}"
        assert len(person_name(user).split()) >= 3, spec.username
    assert person_name(User.objects.get(username="mattran")) == NAME
