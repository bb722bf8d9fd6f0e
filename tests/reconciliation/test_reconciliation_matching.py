"""Automatic matching: codes found through bank wrapping, the exact-amount rule, splits,
several lines for one pledge, what is left for staff, and the batch path keeping the ledger's
rules (same receipts, totals and audit log as donations.services.record_receipt)."""

import datetime
import re

import pytest
from anyascii import anyascii
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from wagtail.models import ModelLogEntry

from donations.code_targets import CodeTarget
from donations.models import Channel, LedgerTotal, Receipt
from donations.services import cancel_pledge, record_receipt
from donations.services.totals import (
    campaign_totals,
    direct_received,
    rebuild_ledger_totals,
    received,
)
from reconciliation.matching import plan_batch
from reconciliation.models import Decision, DecisionAction, LineState, StatementLine
from reconciliation.services import confirm_pledge, reverse_decision, take_lines
from reconciliation.services.intake import statement_incoming
from reconciliation.statements import StatementLine as ParsedLine
from tests.campaigns.conftest import make_campaign
from tests.donations.conftest import (
    fund_days,
    fund_days_from_records,
    link_campaign,
    make_bank_account,
    make_donor,
    make_fund,
)
from tests.reconciliation.conftest import make_pledge
from tests.reconciliation.fixtures.statements.bank_rows import CODES, TRUNCATED

DAY = datetime.datetime(2024, 9, 10, 9, 30, tzinfo=datetime.UTC)


def line(memo, amount, minutes=0, **kwargs):
    return ParsedLine(
        row=kwargs.pop("row", None),
        booked_at=DAY + datetime.timedelta(minutes=minutes),
        amount=amount,
        memo=memo,
        **kwargs,
    )


def take(account, *lines):
    return take_lines(account, statement_incoming(account, list(lines)))


def state_of(memo):
    return StatementLine.objects.get(memo=memo).state


@pytest.mark.parametrize(
    "memo",
    [
        f"MBVCB.6986253876.{CODES[0]}.ung ho.CT tu 0071000123456 NGUYEN VAN AN toi 0071001234567",
        f"IBFT {CODES[0].lower()} ung ho",
        f"Ủng hộ quỹ {CODES[0][:3]} {CODES[0][3:]} - Nguyễn Văn Ấn",
        f"{CODES[0][:2]}-{CODES[0][2:5]}.{CODES[0][5:]}",
        f"REM Tfr Ac: 1234567890 {CODES[0]}",
    ],
)
def test_codes_are_found_through_bank_wrapping(account, campaign, memo):
    pledge = make_pledge(CODES[0], 1_000_000, campaign=campaign)
    assert take(account, line(memo, 1_000_000)).matched == 1
    assert pledge.outstanding_amount == 0


def test_truncated_and_mistyped_codes_wait_in_the_queue(account, campaign):
    make_pledge(CODES[6], 1_500_000, campaign=campaign)
    make_pledge(CODES[5], 300_000, campaign=campaign)
    mistyped = f"Ung ho {CODES[5][:4]}{'A' if CODES[5][4] != 'A' else 'B'}{CODES[5][5:]}"

    result = take(
        account, line(f"Hội Phụ nữ ủng hộ {TRUNCATED}", 1_500_000), line(mistyped, 300_000, 1)
    )

    assert (result.new, result.matched) == (2, 0)
    assert not Receipt.objects.exists()


def test_amount_must_equal_what_is_outstanding(account, campaign):
    make_pledge(CODES[0], 1_000_000, campaign=campaign)
    take(account, line(f"{CODES[0]} dot 1", 400_000), line(f"{CODES[0]} lan 2", 1_200_000, 1))
    assert state_of(f"{CODES[0]} dot 1") == LineState.UNMATCHED
    assert state_of(f"{CODES[0]} lan 2") == LineState.UNMATCHED


def test_several_lines_for_one_pledge(account, campaign, front_staff):
    """A partial payment waits for staff; once confirmed, the remainder matches by itself."""
    pledge = make_pledge(CODES[0], 1_000_000, campaign=campaign)
    take(account, line(f"{CODES[0]} dot 1", 400_000))
    first = StatementLine.objects.get()
    confirm_pledge(first, pledge, user=front_staff)

    result = take(account, line(f"{CODES[0]} dot 2", 600_000, 60))

    assert result.matched == 1
    assert pledge.paid_amount == 1_000_000
    assert sorted(pledge.allocations.values_list("amount", flat=True)) == [400_000, 600_000]
    # The batch added to the day's bucket the staff's receipt had opened: one row, both gifts.
    assert received(campaign=campaign) == direct_received(campaign=campaign)
    assert list(LedgerTotal.objects.values_list("amount", "gifts")) == [(1_000_000, 2)]


def test_the_same_transfer_sent_twice_pays_the_pledge_once(account, campaign):
    pledge = make_pledge(CODES[0], 1_000_000, campaign=campaign)
    result = take(
        account,
        line(f"{CODES[0]} ung ho", 1_000_000, 5, bank_reference="FT1"),
        line(f"{CODES[0]} ung ho", 1_000_000, 6, bank_reference="FT2"),
    )
    assert (result.new, result.matched) == (2, 1)
    assert pledge.paid_amount == 1_000_000
    assert list(StatementLine.objects.order_by("booked_at").values_list("state", flat=True)) == [
        LineState.MATCHED,
        LineState.UNMATCHED,
    ]


def test_split_across_campaigns_and_donors_makes_one_receipt_each(
    account, campaign, campaign_index, fund
):
    other_campaign = link_campaign(make_campaign(campaign_index, title="Tết vì người nghèo"), fund)
    company = make_donor("Công ty CP Xây dựng Đức Thành", kind="business", public_display="full")
    make_pledge(CODES[2], 3_000_000, campaign=campaign, donor=company)
    make_pledge(CODES[3], 2_000_000, campaign=other_campaign, donor=company)

    result = take(account, line(f"Duc Thanh ung ho {CODES[2]} {CODES[3]}", 5_000_000))

    assert result.matched == 1
    assert StatementLine.objects.get().state == LineState.SPLIT
    receipts = Receipt.objects.order_by("amount")
    assert [(r.amount, r.campaign_id) for r in receipts] == [
        (2_000_000, other_campaign.pk),
        (3_000_000, campaign.pk),
    ]
    assert all(r.public_name == "Công ty CP Xây dựng Đức Thành" for r in receipts)
    assert campaign_totals(campaign).received == 3_000_000
    assert campaign_totals(other_campaign).received == 2_000_000
    decision = Decision.objects.get()
    assert decision.action == DecisionAction.AUTO_MATCH
    assert decision.receipts.count() == 2


def test_split_must_add_up_exactly(account, campaign):
    make_pledge(CODES[2], 3_000_000, campaign=campaign)
    make_pledge(CODES[3], 2_000_000, campaign=campaign)
    take(account, line(f"{CODES[2]} {CODES[3]}", 4_000_000))
    assert StatementLine.objects.get().state == LineState.UNMATCHED


def test_cancelled_foreign_and_future_lines_are_left_for_staff(account, campaign, front_staff):
    cancelled = make_pledge(CODES[0], 100_000, campaign=campaign)
    cancel_pledge(cancelled, reason="Doanh nghiệp xin rút", user=front_staff)
    other_fund = make_fund(name="Quỹ Vì người nghèo xã Hướng Phùng")
    make_pledge(CODES[1], 200_000, fund=other_fund)
    make_pledge(CODES[4], 300_000, campaign=campaign)
    future = ParsedLine(
        row=None,
        booked_at=timezone.now() + datetime.timedelta(days=2),
        amount=300_000,
        memo=f"{CODES[4]} ngay mai",
    )

    result = take(account, line(CODES[0], 100_000), line(CODES[1], 200_000, 1), future)

    assert (result.new, result.matched) == (3, 0)


def test_plan_is_decided_in_booking_order():
    target = CodeTarget(code=CODES[0], outstanding=500, fund_id=1, campaign_id=None)
    later = (500, [CODES[0]], DAY + datetime.timedelta(hours=1))
    earlier = (500, [CODES[0]], DAY)
    plans = plan_batch([later, earlier], {CODES[0]: target})
    assert [plan.matched for plan in plans] == [False, True]


def test_batch_receipts_look_like_record_receipt(account, campaign, front_staff):
    """The same gift recorded by the import's batch path and by the ledger's own service."""
    donor_a = make_donor("Nguyễn Văn An", public_display="masked")
    donor_b = make_donor("Nguyễn Văn Bình", public_display="masked")
    pledge_a = make_pledge(CODES[0], 1_000_000, campaign=campaign, donor=donor_a)
    pledge_b = make_pledge(CODES[1], 1_000_000, campaign=campaign, donor=donor_b)

    take(
        account,
        line(
            f"{CODES[0]} ung ho", 1_000_000, bank_reference="FT9", counterparty_name="NGUYEN VAN AN"
        ),
    )
    batch = Receipt.objects.get()
    manual = record_receipt(
        channel=Channel.BANK,
        amount=1_000_000,
        received_at=DAY,
        fund=account.fund,
        campaign=campaign,
        donor=donor_b,
        bank_account=account,
        bank_reference="FT10",
        payer_name="NGUYEN VAN BINH",
        memo=f"{CODES[1]} ung ho",
        allocate_to=[(pledge_b, 1_000_000)],
    )

    fields = ("fund_id", "campaign_id", "channel", "amount", "received_at", "donor_kind",
              "area_id", "disclosure", "year", "bank_account_id", "recorded_by_id")  # fmt: skip
    assert {f: getattr(batch, f) for f in fields} == {f: getattr(manual, f) for f in fields}
    assert (batch.public_name, manual.public_name) == ("Nguyễn V. A.", "Nguyễn V. B.")
    assert (batch.number, manual.number) == ("BN-2024-000001", "BN-2024-000002")
    assert (batch.payer_name, batch.bank_reference) == ("NGUYEN VAN AN", "FT9")
    assert pledge_a.status == pledge_b.status == "paid"

    def log_of(instance):
        entries = ModelLogEntry.objects.for_instance(instance).order_by("pk")
        return [(e.action, sorted(e.data)) for e in entries]

    assert log_of(batch) == log_of(manual)
    assert log_of(pledge_a)[-1:] == log_of(pledge_b)[-1:]
    assert received(campaign=campaign) == direct_received(campaign=campaign)
    buckets = sorted(LedgerTotal.objects.values_list("day", "amount", "gifts"))
    rebuild_ledger_totals()
    assert sorted(LedgerTotal.objects.values_list("day", "amount", "gifts")) == buckets


def test_the_import_keeps_each_funds_day_totals(account, campaign):
    """Receipts written by the batch path count in the fund's day totals on their Vietnamese
    day (18:30 UTC is 01:30 the next morning), and a reversed match stops counting there."""
    for index, amount in enumerate((1_000_000, 500_000, 300_000)):
        make_pledge(CODES[index], amount, campaign=campaign)

    result = take(
        account,
        line(f"{CODES[0]} ung ho", 1_000_000),
        line(f"{CODES[1]} ung ho", 500_000, 9 * 60),
        line(f"{CODES[2]} ung ho", 300_000, 10),
        line("khong ma", 70_000, 20),
    )
    reverse_decision(Decision.objects.get(receipts__amount=300_000), reason="Khớp nhầm", user=None)

    assert result.matched == 3
    assert fund_days(account.fund) == {
        datetime.date(2024, 9, 10): (1_000_000, 0, 0, 0),
        datetime.date(2024, 9, 11): (500_000, 0, 0, 0),
    }
    assert fund_days(account.fund) == fund_days_from_records(account.fund)


def test_matching_in_bulk_is_a_constant_number_of_queries(
    account, campaign, django_assert_max_num_queries
):
    pledges = [make_pledge(code, 100_000 + i, campaign=campaign) for i, code in enumerate(CODES)]
    lines = [line(f"ung ho {p.code}", p.amount, i) for i, p in enumerate(pledges)]
    lines += [line(f"khong ma {i}", 50_000, 100 + i) for i in range(30)]

    with django_assert_max_num_queries(40):
        result = take(account, *lines)

    assert (result.new, result.matched) == (42, 12)


def test_online_transfer_gift_is_paid_through_giving(account, campaign):
    from giving.models import GiftStatus, OnlineGift

    gift = OnlineGift.objects.create(
        campaign=campaign,
        method="transfer",
        amount=200_000,
        disclosure="full",
        donor_name="Phạm Minh Tuấn",
        consent=True,
        payment_code=CODES[7],
        txn_ref=CODES[7],
        bank_account=account,
    )

    result = take(account, line(f"{CODES[7]} UNG HO", 190_000, counterparty_name="PHAM MINH TUAN"))

    assert result.matched == 1
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PAID
    assert (gift.receipt.amount, gift.receipt.public_name) == (190_000, "Phạm Minh Tuấn")
    assert Decision.objects.get().receipts.get() == gift.receipt
    assert campaign_totals(campaign).received == 190_000
    # The gift is paid now: the same code again is an ordinary line for staff.
    assert take(account, line(f"{CODES[7]} UNG HO lan 2", 190_000, 5)).matched == 0


def test_reversing_a_transfer_gifts_match_releases_the_gift(account, campaign):
    """A wrong automatic match undone by staff: the receipt stops counting and the gift waits
    again, so the right line (or a retry of the same code) can pay it."""
    from giving.models import GiftStatus, OnlineGift

    gift = OnlineGift.objects.create(
        campaign=campaign,
        method="transfer",
        amount=200_000,
        payment_code=CODES[7],
        txn_ref=CODES[7],
        bank_account=account,
    )
    take(account, line(f"{CODES[7]} UNG HO", 200_000))
    decision = Decision.objects.get()
    receipt = decision.receipts.get()

    reverse_decision(decision, reason="Khớp nhầm: người khác chuyển khoản", user=None)

    gift.refresh_from_db()
    assert (gift.status, gift.receipt_id, gift.paid_at) == (GiftStatus.PENDING, None, None)
    assert Receipt.objects.get(pk=receipt.pk).is_reversed
    assert campaign_totals(campaign).received == 0
    assert take(account, line(f"{CODES[7]} dung nguoi", 200_000, 5)).matched == 1
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PAID and gift.receipt_id != receipt.pk


def test_other_account_of_another_fund_cannot_pay_this_funds_pledge(campaign):
    other = make_bank_account(make_fund(name="Quỹ xã"))
    make_pledge(CODES[0], 100_000, campaign=campaign)
    assert take(other, line(CODES[0], 100_000)).matched == 0


# ---- the fast folding of memos gives exactly the strings of sitewide.text -------------------

VIETNAMESE = "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
memo_text = st.text(
    alphabet=st.sampled_from(
        VIETNAMESE + VIETNAMESE.upper() + "UHuh23456789ABCDEFGHJKLMNPQRSTVWXYZ .-,/:₫–“”\n"
    ),
    max_size=80,
)


@given(memo_text)
@settings(max_examples=300, deadline=None)
def test_fast_folding_equals_sitewide_text(memo):
    from donations.codes import find_codes
    from reconciliation.folding import search_form, transliterate
    from reconciliation.matching import codes_in
    from reconciliation.statements.mapping import normalise_header
    from sitewide.text import fold, nfc

    assert transliterate(memo) == anyascii(nfc(memo))
    assert search_form(memo, "NGUYỄN VĂN AN", "FT1") == fold(f"{memo} NGUYỄN VĂN AN FT1")
    assert codes_in(memo) == find_codes(memo)
    # Headers and summary labels ("Số dư cuối kỳ:") are compared on this form of each cell.
    assert normalise_header(memo) == re.sub("[^0-9a-z]+", " ", fold(memo)).strip()


@given(st.sampled_from(CODES), memo_text, memo_text)
@settings(max_examples=200, deadline=None)
def test_a_code_inside_any_memo_is_found(code, before, after):
    from reconciliation.matching import codes_in

    assert code in codes_in(f"{before} {code} {after}")


def test_bulk_insert_keeps_values_and_defaults(account):
    from sitewide.bulk import insert_rows

    booked = datetime.datetime(2024, 12, 31, 23, 59, 59, 123456, tzinfo=datetime.UTC)
    insert_rows(
        StatementLine,
        [
            {"bank_account_id": account.pk, "dedupe_key": "k1", "booked_at": booked, "amount": 5},
            {"bank_account_id": account.pk, "dedupe_key": "k2", "booked_at": booked, "amount": 7},
        ],
    )
    first, second = StatementLine.objects.order_by("dedupe_key")
    assert (first.booked_at, first.amount, second.amount) == (booked, 5, 7)
    assert (first.state, first.memo, first.feed_key) == (LineState.UNMATCHED, "", None)
    assert first.created_at is not None and first.created_at == second.created_at
    with pytest.raises(ValueError):
        insert_rows(StatementLine, [{"colour": "red"}])
