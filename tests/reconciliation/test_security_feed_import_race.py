"""A transfer feed and a statement import delivering the same bank line at the same moment, on
PostgreSQL with real threads and connections (issue 14, "not yet covered").

The attack (or the bad luck): SePay calls (and retries) about 01/09's transfer of 1.000.000 ₫
while Front staff import the statement that holds the same line, under the same bank reference.
Both check the dedupe keys and find nothing stored; if both then wrote, the pledge would get two
receipts. Each intake locks the bank account's row before it looks (reconciliation/services/
intake.py), and the dedupe key is unique in the database, so exactly one line and one receipt
come out, and every caller gets a normal answer. The step between the look and the write is
slowed down here, so without the lock every caller would find the line missing.
"""

import json
import time

import pytest
from django.db import connection
from django.urls import reverse

from donations.models import Receipt
from reconciliation.models import FeedSource, StatementImport, StatementLine
from reconciliation.services import import_statement, intake
from tests.conftest import run_together
from tests.reconciliation.conftest import read_fixture
from tests.reconciliation.fixtures.statements import bank_rows

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

API_KEY = "khoa-api-sepay-dua-tranh"
REFERENCE = "5078.97530"  # 01/09's line of vietcombank.csv, paying pledge C0 (1.000.000 ₫)


@pytest.fixture
def sepay(account, settings):
    settings.RECONCILIATION_FEED_KEYS = {"FEED_KEY_RACE": API_KEY}
    return FeedSource.objects.create(
        slug="vcb-sepay",
        name="SePay Vietcombank",
        bank_account=account,
        kind="sepay",
        key_name="FEED_KEY_RACE",
    )


@pytest.fixture
def slow_intake(monkeypatch):
    """The matching plan, made after the dedupe look and before the write, takes 0,3 s."""
    original = intake._plan

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(intake, "_plan", slow)


def sepay_call():
    payload = {
        "id": 92704,
        "gateway": "Vietcombank",
        "transactionDate": "2024-09-01 08:00:00",
        "accountNumber": "0071001234567",
        "code": None,
        "content": bank_rows.VCB_MEMO_1,
        "transferType": "in",
        "transferAmount": 1000000,
        "accumulated": 151000000,
        "subAccount": None,
        "referenceCode": REFERENCE,
        "description": "",
    }
    return json.dumps(payload).encode()


def test_a_feed_and_an_import_of_the_same_line_at_once_give_one_receipt(
    account, pledges, sepay, slow_intake
):
    assert connection.vendor == "postgresql"
    from django.test import Client

    def feed_call():
        return Client().post(
            reverse("reconciliation:feed", args=[sepay.slug]),
            data=sepay_call(),
            content_type="application/json",
            headers={"Authorization": f"Apikey {API_KEY}"},
        )

    def statement_import():
        return import_statement(
            account=account,
            file_bytes=read_fixture("vietcombank.csv"),
            filename="vietcombank.csv",
        )

    feed, retry, report = run_together([feed_call, feed_call, statement_import])

    assert feed.status_code == retry.status_code == 200
    assert StatementImport.objects.count() == 1
    lines = StatementLine.objects.filter(dedupe_key__endswith=f"|ref|{REFERENCE}")
    assert lines.count() == 1
    assert Receipt.objects.filter(allocations__pledge=pledges["C0"]).distinct().count() == 1
    # The statement's other five lines are its own; its line of 01/09 counted once in all.
    assert StatementLine.objects.count() == 6
    assert report.new + report.duplicate == 6
