"""The demo statements: last week's files of three banks, two imported with some lines matched
and work left in the queue, the third written for staff to upload; a second run adds nothing."""

import datetime

from django.conf import settings

from donations import demo as ledger_demo
from donations.services import totals
from reconciliation import demo
from reconciliation.models import QUEUE_STATES, StatementImport, StatementLine
from reconciliation.services import import_statement


def test_last_week_is_monday_to_sunday_before_this_week():
    days = demo.last_week(datetime.date(2026, 11, 26))  # a Thursday
    assert days[0] == datetime.date(2026, 11, 16) and days[-1] == datetime.date(2026, 11, 22)


def test_demo_statements_fill_the_queue_once(demo_campaign):
    current = demo_campaign
    ledger_demo.load()  # the Fund's accounts, the 2026 drive's among them
    before = totals.received(campaign=current)["amount"]

    demo.load()
    imports = {item.file_name: item for item in StatementImport.objects.all()}
    assert set(imports) == {"demo-vietcombank.csv", "demo-vietinbank.csv"}
    assert sum(item.lines_matched for item in imports.values()) >= 3
    waiting = StatementLine.objects.filter(state__in=QUEUE_STATES)
    assert waiting.count() >= 8
    assert waiting.filter(memo__icontains="lãi tiền gửi").exists()
    assert totals.received(campaign=current)["amount"] > before
    assert totals.received(campaign=current) == totals.direct_received(campaign=current)

    lines = StatementLine.objects.count()
    demo.load()
    assert StatementLine.objects.count() == lines

    # The file left for staff imports like any upload, with its code matched.
    bidv_file = settings.MEDIA_ROOT / demo.FOLDER / "demo-bidv.xlsx"
    report = import_statement(
        account=StatementImport.objects.first().bank_account.fund.bank_accounts.get(
            bank_name="BIDV"
        ),
        file_bytes=bidv_file.read_bytes(),
        filename="demo-bidv.xlsx",
    )
    assert report.new == 2 and report.matched == 1
