"""Rules of the ledger's services: pledges, receipts, allocations, reversals, audit log."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from donations import codes
from donations.models import (
    Allocation,
    Channel,
    Disclosure,
    DonorKind,
    ImmutableRecordError,
    Pledge,
    PledgeStatus,
    Receipt,
    Reversal,
)
from donations.services import (
    allocate,
    allocate_many,
    cancel_pledge,
    change_disclosure,
    record_pledge,
    record_receipt,
    reverse_allocation,
    reverse_receipt,
    unallocated_amount,
)
from donations.services import totals as ledger_totals
from tests.donations.conftest import at, make_bank_account, make_donor, make_fund

DAY = datetime.date(2026, 10, 20)


def cash(amount, **kwargs):
    kwargs.setdefault("received_at", at(DAY))
    kwargs.setdefault("receipt_book_number", "Q01-0001")
    return record_receipt(channel=Channel.CASH, amount=amount, **kwargs)


@pytest.fixture
def pledge(ledger_campaign, donor, front_staff):
    return record_pledge(
        donor=donor,
        campaign=ledger_campaign,
        amount=10_000_000,
        pledged_on=datetime.date(2026, 10, 17),
        due_on=datetime.date(2026, 10, 31),
        event="Lễ phát động Ngày vì người nghèo 17/10/2026",
        user=front_staff,
    )


# Pledges ---------------------------------------------------------------------------------------


def test_pledge_gets_a_valid_unique_code_and_the_campaign_fund(pledge, fund, front_staff):
    assert codes.is_valid(pledge.code)
    assert pledge.fund == fund
    assert pledge.status == PledgeStatus.OPEN
    assert pledge.outstanding_amount == 10_000_000
    entry = ModelLogEntry.objects.get(action="donations.pledge.record", object_id=str(pledge.pk))
    assert entry.user == front_staff
    assert entry.data["amount"] == 10_000_000


def test_pledge_code_collision_draws_again(ledger_campaign, donor, monkeypatch):
    drawn = iter(["UH2222226", "UH2222226", "UH3333334"])
    taken = record_pledge(donor=donor, campaign=ledger_campaign, amount=1_000_000)
    monkeypatch.setattr(codes, "new_code", lambda: next(drawn))
    first = record_pledge(donor=donor, campaign=ledger_campaign, amount=1_000_000)
    second = record_pledge(donor=donor, campaign=ledger_campaign, amount=1_000_000)
    assert first.code == "UH2222226"
    assert second.code == "UH3333334"
    assert len({taken.code, first.code, second.code}) == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": 1.5e6}, "amount"),
        ({"amount": 0}, "amount"),
        ({"amount": "1000000"}, "amount"),
        ({"due_on": datetime.date(2026, 10, 1)}, "due_on"),
        ({"in_kind": True}, "goods_description"),
    ],
)
def test_bad_pledges_are_refused_with_a_message(ledger_campaign, donor, changes, field):
    arguments = {
        "donor": donor,
        "campaign": ledger_campaign,
        "amount": 5_000_000,
        "pledged_on": datetime.date(2026, 10, 17),
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        record_pledge(**arguments)
    assert field in error.value.message_dict
    assert not Pledge.objects.exists()


def test_pledge_fund_must_match_the_campaign_fund(ledger_campaign, donor):
    other = make_fund(name="Quỹ Vì người nghèo xã Hướng Phùng")
    with pytest.raises(ValidationError) as error:
        record_pledge(donor=donor, campaign=ledger_campaign, fund=other, amount=1_000_000)
    assert "fund" in error.value.message_dict


def test_in_kind_pledge_is_valued_in_dong(ledger_campaign, donor):
    pledge = record_pledge(
        donor=donor,
        campaign=ledger_campaign,
        amount=350_000_000,
        in_kind=True,
        goods_description="200 tấn xi măng",
    )
    assert pledge.in_kind and pledge.amount == 350_000_000


def test_pledge_money_terms_cannot_be_edited_or_deleted(pledge):
    pledge.due_on = datetime.date(2026, 11, 30)
    pledge.save()
    pledge.refresh_from_db()
    assert pledge.due_on == datetime.date(2026, 11, 30)
    pledge.amount = 1
    pledge.save()  # only the editable details are written
    pledge.refresh_from_db()
    assert pledge.amount == 10_000_000
    with pytest.raises(ImmutableRecordError):
        pledge.save(update_fields=["amount"])
    with pytest.raises(ImmutableRecordError):
        pledge.delete()


def test_cancel_pledge_needs_a_reason_and_is_logged(pledge, front_staff):
    with pytest.raises(ValidationError):
        cancel_pledge(pledge, reason="  ", user=front_staff)
    cancelled = cancel_pledge(pledge, reason="Doanh nghiệp giải thể", user=front_staff)
    assert cancelled.status == PledgeStatus.CANCELLED
    assert cancelled.outstanding_amount == 0
    entry = ModelLogEntry.objects.get(action="donations.pledge.cancel")
    assert entry.data["reason"] == "Doanh nghiệp giải thể"
    assert entry.user == front_staff
    with pytest.raises(ValidationError):
        cancel_pledge(pledge, reason="lần hai", user=front_staff)
    assert ledger_totals.pledge_figures(campaign=pledge.campaign)["pledged"] == 0


# Receipts --------------------------------------------------------------------------------------


def test_receipts_are_numbered_per_fund_and_year_without_gaps(ledger_campaign, fund):
    other = make_fund(name="Quỹ Vì người nghèo xã A Dơi")
    numbers = [cash(100_000, campaign=ledger_campaign).number for _ in range(3)]
    assert numbers == ["BN-2026-000001", "BN-2026-000002", "BN-2026-000003"]
    assert cash(100_000, fund=other).number == "BN-2026-000001"
    new_year = cash(100_000, fund=fund, received_at=at(datetime.date(2025, 12, 31), 23, 30))
    assert new_year.number == "BN-2025-000001"


def test_a_failed_receipt_leaves_no_gap_in_numbers(ledger_campaign, pledge):
    cash(100_000, campaign=ledger_campaign)
    with pytest.raises(ValidationError):
        cash(100_000, campaign=ledger_campaign, allocate_to=[(pledge, 200_000)])
    assert cash(100_000, campaign=ledger_campaign).number == "BN-2026-000002"
    assert Receipt.objects.count() == 2


@pytest.mark.parametrize(
    ("channel", "missing"),
    [
        (Channel.CASH, "receipt_book_number"),
        (Channel.BANK, "bank_account"),
        (Channel.ONLINE, "gateway_reference"),
        (Channel.IN_KIND, "goods_description"),
    ],
)
def test_each_channel_needs_its_details(fund, bank_account, channel, missing):
    details = {
        "receipt_book_number": "Q01-0002",
        "bank_account": bank_account,
        "bank_reference": "FT26293001",
        "gateway": "vnpay",
        "gateway_reference": "14512345",
        "goods_description": "500 bao gạo",
    }
    details[missing] = None if missing == "bank_account" else ""
    with pytest.raises(ValidationError) as error:
        record_receipt(channel=channel, amount=1_000_000, received_at=at(DAY), fund=fund, **details)
    assert missing in error.value.message_dict
    assert not Receipt.objects.exists()


def test_database_constraints_back_the_channel_rules(fund):
    with pytest.raises(IntegrityError), transaction.atomic():
        Receipt.objects.create(
            fund=fund, number="BN-2026-999999", year=2026, sequence=999_999,
            channel=Channel.CASH, amount=1, received_at=at(DAY),
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Receipt.objects.create(
            fund=fund, number="BN-2026-999998", year=2026, sequence=999_998,
            channel=Channel.IN_KIND, amount=1, received_at=at(DAY),
        )  # fmt: skip


def test_receipt_time_must_be_aware_and_not_in_the_future(fund):
    with pytest.raises(ValidationError):
        cash(1_000, fund=fund, received_at=datetime.datetime(2026, 10, 20, 9, 0))
    with pytest.raises(ValidationError):
        cash(1_000, fund=fund, received_at=at(datetime.date(2099, 1, 1)))


def test_bank_account_must_belong_to_the_fund(fund):
    other_account = make_bank_account(make_fund(name="Quỹ xã"))
    with pytest.raises(ValidationError) as error:
        record_receipt(
            channel=Channel.BANK,
            amount=500_000,
            received_at=at(DAY),
            fund=fund,
            bank_account=other_account,
        )
    assert "bank_account" in error.value.message_dict


def test_receipt_snapshots_donor_kind_area_and_public_name(ledger_campaign):
    from tests.sitewide.conftest import make_area

    area = make_area("Xã Cam Lộ")
    person = make_donor("Trần Thị Bình", area=area, public_display=Disclosure.MASKED)
    receipt = cash(2_000_000, campaign=ledger_campaign, donor=person)
    assert receipt.donor_kind == DonorKind.INDIVIDUAL
    assert receipt.area == area
    assert receipt.public_name == "Trần T. B."
    anonymous = cash(2_000_000, campaign=ledger_campaign, donor=person, disclosure="anonymous")
    assert anonymous.public_name == ""
    unknown = cash(2_000_000, campaign=ledger_campaign, disclosure=Disclosure.FULL_NAME)
    assert unknown.public_name == ""


def test_confirmed_receipts_cannot_be_edited_or_deleted(ledger_campaign):
    receipt = cash(1_000_000, campaign=ledger_campaign)
    receipt.amount = 2_000_000
    with pytest.raises(ImmutableRecordError):
        receipt.save()
    with pytest.raises(ImmutableRecordError):
        receipt.delete()
    with pytest.raises(ImmutableRecordError):
        Receipt.objects.filter(pk=receipt.pk).delete()
    with pytest.raises(ImmutableRecordError):
        Receipt.objects.filter(pk=receipt.pk).update(amount=5)
    assert Receipt.objects.get(pk=receipt.pk).amount == 1_000_000


def test_change_disclosure_changes_only_the_public_name_and_is_logged(ledger_campaign, front_staff):
    person = make_donor("Lê Văn Cường", public_display=Disclosure.FULL_NAME)
    receipt = cash(3_000_000, campaign=ledger_campaign, donor=person)
    assert receipt.public_name == "Lê Văn Cường"
    changed = change_disclosure(
        receipt, Disclosure.ANONYMOUS, user=front_staff, reason="Người ủng hộ rút lại đồng ý"
    )
    assert changed.public_name == "" and changed.amount == 3_000_000
    entry = ModelLogEntry.objects.get(action="donations.receipt.disclosure")
    assert entry.data["reason"] == "Người ủng hộ rút lại đồng ý"


# Allocations -----------------------------------------------------------------------------------


def test_pledge_status_follows_allocations(ledger_campaign, pledge, donor, front_staff):
    first = cash(4_000_000, campaign=ledger_campaign, donor=donor)
    allocate(first, pledge, 4_000_000, user=front_staff)
    pledge = Pledge.objects.with_paid().get(pk=pledge.pk)
    assert (pledge.status, pledge.outstanding_amount) == (PledgeStatus.PARTLY_PAID, 6_000_000)
    second = cash(6_000_000, campaign=ledger_campaign, donor=donor)
    allocate(second, pledge, user=front_staff)  # defaults to what is still owed
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.PAID
    third = cash(500_000, campaign=ledger_campaign, donor=donor)
    allocate(third, pledge, user=front_staff)
    pledge = Pledge.objects.with_paid().get(pk=pledge.pk)
    assert (pledge.status, pledge.paid, pledge.outstanding) == (
        PledgeStatus.OVERPAID,
        10_500_000,
        0,
    )


def test_one_receipt_pays_several_pledges_all_or_nothing(ledger_campaign, pledge, donor):
    other = record_pledge(donor=donor, campaign=ledger_campaign, amount=3_000_000)
    receipt = cash(12_000_000, campaign=ledger_campaign, donor=donor)
    with pytest.raises(ValidationError):
        allocate_many(receipt, [(pledge, 10_000_000), (other, 3_000_000)])
    assert not Allocation.objects.exists()
    allocate_many(receipt, [(pledge, 9_000_000), (other, 3_000_000)])
    assert unallocated_amount(receipt) == 0
    assert Pledge.objects.get(pk=other.pk).status == PledgeStatus.PAID


def test_allocations_never_exceed_the_receipt(ledger_campaign, pledge, donor):
    receipt = cash(3_000_000, campaign=ledger_campaign, donor=donor)
    allocate(receipt, pledge, 2_000_000)
    with pytest.raises(ValidationError):
        allocate(receipt, pledge, 1_000_001)
    allocate(receipt, pledge, 1_000_000)
    assert unallocated_amount(receipt) == 0


def test_allocation_refuses_mismatched_records(ledger_campaign, pledge, donor, fund):
    stranger = make_donor("Công ty TNHH Thành Đạt", kind=DonorKind.BUSINESS)
    cases = [
        cash(1_000_000, campaign=ledger_campaign, donor=stranger),  # another donor
        cash(1_000_000, fund=fund),  # no campaign
        cash(1_000_000, fund=make_fund(name="Quỹ xã Gio Linh")),  # another fund
    ]
    for receipt in cases:
        with pytest.raises(ValidationError):
            allocate(receipt, pledge, 1_000_000)
    cancel_pledge(pledge, reason="Trùng đăng ký")
    with pytest.raises(ValidationError):
        allocate(cash(1_000_000, campaign=ledger_campaign, donor=donor), pledge, 1_000_000)
    assert not Allocation.objects.exists()


def test_unknown_donor_receipt_can_pay_a_pledge(ledger_campaign, pledge):
    receipt = cash(10_000_000, campaign=ledger_campaign)
    allocate(receipt, pledge)
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.PAID


def test_allocation_is_logged_on_receipt_and_pledge(ledger_campaign, pledge, donor, front_staff):
    receipt = cash(1_000_000, campaign=ledger_campaign, donor=donor)
    allocate(receipt, pledge, user=front_staff)
    entries = ModelLogEntry.objects.filter(action="donations.allocation.record")
    assert {entry.object_id for entry in entries} == {str(receipt.pk), str(pledge.pk)}
    assert all(entry.user == front_staff for entry in entries)


# Reversals -------------------------------------------------------------------------------------


def test_reversed_receipt_stops_counting_and_frees_its_pledge(
    ledger_campaign, pledge, donor, front_staff
):
    receipt = cash(10_000_000, campaign=ledger_campaign, donor=donor, allocate_to=[(pledge, None)])
    assert ledger_totals.received(campaign=ledger_campaign)["amount"] == 10_000_000
    with pytest.raises(ValidationError):
        reverse_receipt(receipt, reason="", user=front_staff)
    reverse_receipt(receipt, reason="Nhập trùng phiếu thu", user=front_staff)
    assert Receipt.objects.get(pk=receipt.pk).is_reversed
    assert ledger_totals.received(campaign=ledger_campaign) == {
        "amount": 0,
        "in_kind": 0,
        "gifts": 0,
    }
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.OPEN
    assert Reversal.objects.count() == 2  # the receipt and its allocation
    with pytest.raises(ValidationError):
        reverse_receipt(receipt, reason="lần hai", user=front_staff)
    with pytest.raises(ValidationError):
        allocate(receipt, pledge)
    entry = ModelLogEntry.objects.get(action="donations.receipt.reverse")
    assert (entry.user, entry.data["reason"]) == (front_staff, "Nhập trùng phiếu thu")


def test_reversed_allocation_keeps_the_receipt_counting(ledger_campaign, pledge, donor):
    receipt = cash(10_000_000, campaign=ledger_campaign, donor=donor)
    allocation = allocate(receipt, pledge)
    reverse_allocation(allocation, reason="Phân bổ nhầm cam kết")
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.OPEN
    assert ledger_totals.received(campaign=ledger_campaign)["amount"] == 10_000_000
    assert unallocated_amount(receipt) == 10_000_000
    with pytest.raises(ValidationError):
        reverse_allocation(allocation, reason="lần hai")
    with pytest.raises(ImmutableRecordError):
        Reversal.objects.all().delete()


def test_correction_records_a_reversed_receipt_again(ledger_campaign, donor):
    wrong = cash(1_500_000, campaign=ledger_campaign, donor=donor)
    with pytest.raises(ValidationError):
        cash(150_000, campaign=ledger_campaign, corrects=wrong)
    reverse_receipt(wrong, reason="Gõ thừa một số 0")
    right = cash(150_000, campaign=ledger_campaign, donor=donor, corrects=wrong)
    assert right.corrects == wrong
    assert ledger_totals.received(campaign=ledger_campaign)["amount"] == 150_000


# Totals ----------------------------------------------------------------------------------------


def test_running_totals_equal_the_receipts_and_rebuild(
    ledger_campaign, pledge, donor, bank_account
):
    business = make_donor("Công ty CP Xi măng", kind=DonorKind.BUSINESS)
    cash(1_000_000, campaign=ledger_campaign, donor=donor)
    record_receipt(
        channel=Channel.BANK,
        amount=50_000_000,
        received_at=at(DAY, 15),
        campaign=ledger_campaign,
        donor=business,
        bank_account=bank_account,
        bank_reference="FT2629300123",
    )
    goods = record_receipt(
        channel=Channel.IN_KIND,
        amount=30_000_000,
        received_at=at(DAY, 16),
        campaign=ledger_campaign,
        goods_description="200 bao xi măng",
    )
    reverse_receipt(cash(7_000_000, campaign=ledger_campaign), reason="Sai quỹ")
    expected = {"amount": 81_000_000, "in_kind": 30_000_000, "gifts": 3}
    assert ledger_totals.received(campaign=ledger_campaign) == expected
    assert ledger_totals.direct_received(campaign=ledger_campaign) == expected
    by_channel = ledger_totals.breakdown("channel", campaign=ledger_campaign)
    assert by_channel == [
        ("bank", 50_000_000, 1),
        ("in_kind", 30_000_000, 1),
        ("cash", 1_000_000, 1),
    ]
    by_kind = dict((key, amount) for key, amount, _n in ledger_totals.breakdown("donor_kind"))
    assert by_kind == {"business": 50_000_000, "": 30_000_000, "individual": 1_000_000}
    ledger_totals.rebuild_ledger_totals()
    assert ledger_totals.received(campaign=ledger_campaign) == expected
    assert goods.is_in_kind


def test_campaign_totals_count_only_received_money(ledger_campaign, pledge, donor):
    from campaigns.models import SupportItem

    SupportItem.objects.create(
        page=ledger_campaign, name="Nhà Đại đoàn kết", unit_cost=60_000_000, target_count=120
    )
    cash(130_000_000, campaign=ledger_campaign, donor=donor, allocate_to=[(pledge, None)])
    totals = ledger_totals.campaign_totals(ledger_campaign)
    assert (totals.received, totals.gifts, totals.pledged) == (130_000_000, 1, 10_000_000)
    assert totals.progress_percent == 130_000_000 * 100 // 15_000_000_000
    assert totals.support_items[0].equivalent == 2


def test_pledge_figures_show_outstanding_and_overdue(ledger_campaign, pledge, donor):
    late = record_pledge(
        donor=donor,
        campaign=ledger_campaign,
        amount=2_000_000,
        pledged_on=datetime.date(2026, 10, 17),
        due_on=datetime.date(2026, 10, 18),
    )
    cash(500_000, campaign=ledger_campaign, donor=donor, allocate_to=[(late, None)])
    figures = ledger_totals.pledge_figures(campaign=ledger_campaign, on=datetime.date(2026, 10, 25))
    assert figures == {
        "pledged": 12_000_000,
        "pledges": 2,
        "paid": 500_000,
        "outstanding": 11_500_000,
        "overdue_amount": 1_500_000,
        "overdue_pledges": 1,
    }
    overdue = Pledge.objects.overdue(on=datetime.date(2026, 11, 5))
    assert set(overdue) == {pledge, late}


@pytest.mark.parametrize(
    ("name", "kind", "shown"),
    [
        ("Nguyễn Văn An", DonorKind.INDIVIDUAL, "Nguyễn V. A."),
        ("Gia đình ông Phạm Đức Long", DonorKind.HOUSEHOLD, "Gia đình ông Phạm Đ. L."),
        ("Hộ bà Hồ Thị Lan", DonorKind.HOUSEHOLD, "Hộ bà Hồ T. L."),
        ("Công ty TNHH Sao Mai", DonorKind.BUSINESS, "Công ty TNHH Sao Mai"),
    ],
)
def test_masked_names(db, name, kind, shown):
    assert make_donor(name, kind=kind).public_name(Disclosure.MASKED) == shown
