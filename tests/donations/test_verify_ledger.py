"""`manage.py verify_ledger`: a ledger written by the services passes; each invariant broken on
purpose, behind the services' back (raw SQL or update()), is named in the report and the command
fails (status 1 from the command line)."""

import datetime
import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connection
from django.db.models import F

from donations.models import Allocation, Channel, LedgerTotal, Pledge, Receipt, Reversal
from donations.services import (
    allocate,
    cancel_pledge,
    record_pledge,
    record_receipt,
    reverse_receipt,
)
from giving.models import GiftMethod, GiftStatus, OnlineGift
from giving.services.recording import record_vnpay_receipt
from reconciliation.models import LineState, StatementLine
from reconciliation.services import import_statement, record_unidentified, reverse_decision
from tests.donations.conftest import at, make_donor
from tests.reconciliation.conftest import read_fixture

DAY = datetime.date(2024, 9, 20)


def cash(campaign, amount, book, **kwargs):
    return record_receipt(
        channel=Channel.CASH,
        amount=amount,
        received_at=at(DAY),
        campaign=campaign,
        receipt_book_number=book,
        **kwargs,
    )


@pytest.fixture
def ledger(account, pledges, campaign, django_capture_on_commit_callbacks):
    """Every kind of record, written by the services: statement lines matched, split, left,
    decided and reversed; cash allocated, reversed and corrected; a cancelled pledge; online
    gifts paid by VNPay and waiting for a transfer. What runs when each write commits (the
    public lines published to the public record) runs here too: a test's transaction never
    commits."""
    with django_capture_on_commit_callbacks(execute=True):
        return _ledger(account, campaign)


def _ledger(account, campaign):
    import_statement(
        account=account, file_bytes=read_fixture("vietcombank.csv"), filename="vietcombank.csv"
    )
    waiting = StatementLine.objects.filter(state=LineState.UNMATCHED).order_by("pk")
    decision = record_unidentified(waiting[0], user=None, campaign=campaign)
    reverse_decision(decision, reason="Ghi nhầm, chờ xác minh", user=None)

    donor = make_donor("Công ty CP Thép Miền Trung")
    pledge = record_pledge(donor=donor, campaign=campaign, amount=3_000_000, pledged_on=DAY)
    paid = cash(campaign, 2_000_000, "Q24-0001", donor=donor)
    allocate(paid, pledge, 2_000_000)
    wrong = cash(campaign, 5_000_000, "Q24-0002", donor=donor)
    allocate(wrong, pledge, 1_000_000)
    reverse_receipt(wrong, reason="Nhập sai số tiền")
    cash(campaign, 500_000, "Q24-0002", donor=donor, corrects=wrong)
    cancel_pledge(
        record_pledge(donor=donor, campaign=campaign, amount=1_000_000, pledged_on=DAY),
        reason="Doanh nghiệp rút đăng ký",
    )

    vnpay = OnlineGift.objects.create(
        campaign=campaign,
        method=GiftMethod.VNPAY,
        amount=200_000,
        payment_code="UH7K3Q9XA",
        txn_ref="UH7K3Q9XA240920",
    )
    record_vnpay_receipt(vnpay, transaction_no="14000001", received_at=at(DAY, 10))
    OnlineGift.objects.create(
        campaign=campaign,
        method=GiftMethod.TRANSFER,
        amount=300_000,
        payment_code="UH7K3Q9XB",
        txn_ref="UH7K3Q9XB",
        bank_account=account,
    )
    return {"pledge": pledge, "paid": paid, "wrong": wrong, "vnpay": vnpay}


def verify():
    out = io.StringIO()
    try:
        call_command("verify_ledger", stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_ledger_written_by_the_services_passes(ledger):
    ok, report = verify()

    assert ok, report
    assert "Phân bổ không vượt quá biên nhận" in report
    assert "LỖI" not in report
    assert "phép kiểm tra trong" in report  # the time it took


def raise_allocation(ledger):
    allocation = Allocation.objects.filter(receipt=ledger["paid"]).get()
    sql("UPDATE donations_allocation SET amount = %s WHERE id = %s", [2_500_000, allocation.pk])


def unreverse_allocation(ledger):
    sql(
        "DELETE FROM donations_reversal WHERE allocation_id IN "
        "(SELECT id FROM donations_allocation WHERE receipt_id = %s)",
        [ledger["wrong"].pk],
    )


def cancel_before_allocation(ledger):
    Pledge.objects.filter(pk=ledger["pledge"].pk).update(
        cancelled_at=at(DAY - datetime.timedelta(days=1)), cancel_reason="Rút đăng ký"
    )


def move_allocation_to_another_donors_pledge(ledger):
    other = Pledge.objects.exclude(donor=ledger["pledge"].donor).order_by("pk").first()
    allocation = Allocation.objects.filter(receipt=ledger["paid"]).get()
    sql("UPDATE donations_allocation SET pledge_id = %s WHERE id = %s", [other.pk, allocation.pk])


def inflate_a_bucket(ledger):
    LedgerTotal.objects.filter(pk=LedgerTotal.objects.order_by("pk")[0].pk).update(
        amount=F("amount") + 1_000
    )


def leave_a_gap(ledger):
    last = Receipt.objects.order_by("-sequence").first()
    sql(
        "UPDATE donations_receipt SET sequence = %s, number = %s WHERE id = %s",
        [last.sequence + 2, f"BN-{last.year}-{last.sequence + 2:06d}", last.pk],
    )


def misnumber(ledger):
    sql(
        "UPDATE donations_receipt SET number = %s WHERE id = %s",
        ["BN-2023-000001", ledger["paid"].pk],
    )


def correct_a_counting_receipt(ledger):
    sql(
        "UPDATE donations_receipt SET corrects_id = %s WHERE id = %s",
        [ledger["paid"].pk, ledger["vnpay"].receipt_id],
    )


def mark_a_waiting_gift_paid(ledger):
    OnlineGift.objects.filter(method=GiftMethod.TRANSFER).update(status=GiftStatus.PAID)


def pay_vnpay_twice(ledger):
    """Not even a bypass: an IPN applied twice would do exactly this through the services."""
    receipt = ledger["vnpay"].receipt
    record_receipt(
        channel=Channel.ONLINE,
        amount=receipt.amount,
        received_at=receipt.received_at,
        campaign=receipt.campaign,
        gateway="vnpay",
        gateway_reference=receipt.gateway_reference,
    )


def mark_a_queued_line_matched(ledger):
    StatementLine.objects.filter(state=LineState.UNMATCHED).update(state=LineState.MATCHED)


def send_a_matched_line_back_to_the_queue(ledger):
    StatementLine.objects.filter(state=LineState.SPLIT).update(state=LineState.UNMATCHED)


@pytest.mark.parametrize(
    ("breakage", "check", "example"),
    [
        (raise_allocation, "Phân bổ không vượt quá biên nhận", "2.500.000 ₫"),
        (unreverse_allocation, "Không cam kết nào được trả bằng biên nhận đã hủy", "→"),
        (cancel_before_allocation, "Phân bổ khớp với cam kết", "sau khi cam kết bị hủy"),
        (move_allocation_to_another_donors_pledge, "Phân bổ khớp với cam kết", "khác quỹ"),
        (inflate_a_bucket, "Tổng của chiến dịch bằng tổng các biên nhận", "1.000 ₫"),
        (leave_a_gap, "Số biên nhận liên tục", "bộ đếm"),
        (misnumber, "Số biên nhận liên tục", "BN-2023-000001"),
        (correct_a_counting_receipt, "Mỗi bút toán hủy", "vẫn được tính"),
        (mark_a_waiting_gift_paid, "Khoản ủng hộ trực tuyến", "UH7K3Q9XB"),
        (pay_vnpay_twice, "Mỗi giao dịch VNPay", "14000001"),
        (mark_a_queued_line_matched, "Dòng sao kê đã đối soát", "0 ₫"),
        (
            send_a_matched_line_back_to_the_queue,
            "Dòng sao kê đã đối soát",
            "Đang chờ trong hàng chờ",
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_each_broken_invariant_is_reported(ledger, breakage, check, example):
    breakage(ledger)

    ok, report = verify()

    assert not ok
    broken = [line for line in report.splitlines() if "LỖI" in line]
    # A receipt changed or made by hand is also caught by the public record's checks
    # ("sổ công khai": an entry that no longer says what its record shows, or a line never
    # published); no other check may fire.
    ledger_checks = [line for line in broken if "sổ công khai" not in line]
    assert len(ledger_checks) == 1 and check in ledger_checks[0], report
    assert example in report.split(ledger_checks[0], 1)[1], report
    assert "bất biến của sổ quỹ bị vi phạm" in report


def test_the_command_line_exits_with_status_1(ledger, capsys):
    inflate_a_bucket(ledger)

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "verify_ledger"]).execute()

    assert exit_info.value.code == 1
    assert "LỖI" in capsys.readouterr().out


@pytest.mark.postgres
def test_an_original_reversed_twice_is_reported(ledger):
    """The unique index forbids it; a restore without the index would not, so the check looks.
    The index is dropped inside the test's transaction (rolled back after it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'donations_reversal'::regclass "
            "AND contype = 'u' AND pg_get_constraintdef(oid) LIKE '%%(receipt_id)%%'"
        )
        (name,) = cursor.fetchone()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before ALTER
        cursor.execute(f'ALTER TABLE donations_reversal DROP CONSTRAINT "{name}"')
    original = Reversal.objects.get(receipt=ledger["wrong"])
    sql(
        "INSERT INTO donations_reversal (receipt_id, reason, created_at) VALUES (%s, %s, %s)",
        [original.receipt_id, "Hủy lần hai", original.created_at],
    )

    ok, report = verify()

    assert not ok
    assert "bị hủy 2 lần" in report
