"""record_pledges, the batch twin of record_pledge (a file of pledges, mobilisation's import):
the same pledges, donors, earmarks, codes and audit log entries as recording them one by one,
all or nothing, codes unique against the ledger and within the batch, and verify_ledger still
passing after a bulk import."""

import datetime
import io
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from donations import codes
from donations.models import Channel, Donor, Pledge, SupportType
from donations.services import PledgeRefused, record_pledge, record_pledges, record_receipt
from donations.services import pledges as pledge_services
from mobilisation.models import CeremonyPledge
from mobilisation.services.ceremonies import new_donor
from mobilisation.services.imports import confirm_import, stage_import
from sitewide.caching import pages
from tests.donations.conftest import at, make_donor
from tests.mobilisation.conftest import make_ceremony
from tests.sitewide.conftest import make_area

pytestmark = pytest.mark.django_db

CEREMONY_DAY = datetime.date(2026, 10, 17)
YEAR_END = datetime.date(2026, 12, 31)


def a_code(body):
    """A valid payment code with the five characters ``body``."""
    return f"UH{body}{codes.check_character('UH' + body)}"


@pytest.fixture
def a_doi(db):
    return make_area("Xã A Dơi")


@pytest.fixture
def terms(ledger_campaign, a_doi):
    """Five pledges as record_pledge's arguments: money, goods, due dates, earmarks, notes."""
    company = make_donor("Công ty Điện lực Quảng Trị", kind="business", tax_code="3200111222")
    person = make_donor("Trần Thị Bích", phone="0912345678")
    common = {"campaign": ledger_campaign, "pledged_on": CEREMONY_DAY, "event": "Lễ phát động"}
    return [
        {
            **common,
            "donor": company,
            "amount": 600_000_000,
            "due_on": YEAR_END,
            "earmark_area": a_doi,
            "earmark_support_type": SupportType.HOUSE_NEW,
            "earmark_label": "  10 Nhà Đại đoàn kết   tại xã A Dơi ",
        },
        {**common, "donor": company, "amount": 50_000_000, "note": "Đợt 2"},
        {**common, "donor": person, "amount": 2_000_000, "due_on": datetime.date(2026, 10, 31)},
        {
            **common,
            "donor": person,
            "amount": 30_000_000,
            "in_kind": True,
            "goods_description": " 3 tấn gạo ",
            "earmark_area": a_doi,
        },
        {"donor": person, "campaign": ledger_campaign, "amount": 1_000_000},
    ]


TERMS = (
    "donor_id", "campaign_id", "fund_id", "amount", "in_kind", "goods_description", "pledged_on",
    "due_on", "event", "note", "earmark_area_id", "earmark_support_type", "earmark_label",
    "created_by_id", "cancelled_at",
)  # fmt: skip


BUT_DONOR = tuple(name for name in TERMS if name != "donor_id")


def pledge_log(pledge):
    """The pledge's audit log entries: (action, label, data, user id), codes written <code>."""
    pledge_type = ContentType.objects.get_for_model(Pledge)
    entries = ModelLogEntry.objects.filter(content_type=pledge_type, object_id=str(pledge.pk))
    return [
        (
            entry.action,
            entry.label.replace(pledge.code, "<code>"),
            {key: str(value).replace(pledge.code, "<code>") for key, value in entry.data.items()},
            entry.user_id,
        )
        for entry in entries.order_by("pk")
    ]


def written(pledges, terms=TERMS):
    """What the ledger holds of ``pledges``: each one's terms and log entries, read back."""
    stored = Pledge.objects.in_bulk([pledge.pk for pledge in pledges])
    return [
        ({name: getattr(stored[p.pk], name) for name in terms}, pledge_log(stored[p.pk]))
        for p in pledges
    ]


def test_a_batch_writes_what_recording_one_by_one_writes(terms, fund, front_staff):
    with transaction.atomic():
        one_by_one = [record_pledge(**each, user=front_staff) for each in terms]
        expected = written(one_by_one)
        transaction.set_rollback(True)
    assert Pledge.objects.count() == 0 and not ModelLogEntry.objects.exists()

    batch = record_pledges(pledges=terms, user=front_staff)

    assert written(batch) == expected
    # What the one-by-one path writes, spelled out: the terms cleaned, the entry per pledge.
    stored = [terms for terms, _log in written(batch)]
    assert [each["amount"] for each in stored] == [
        600_000_000, 50_000_000, 2_000_000, 30_000_000, 1_000_000,
    ]  # fmt: skip
    assert {each["fund_id"] for each in stored} == {fund.pk}
    assert [each["due_on"] for each in stored] == [
        YEAR_END, None, datetime.date(2026, 10, 31), None, None,
    ]  # fmt: skip
    assert stored[0]["earmark_label"] == "10 Nhà Đại đoàn kết tại xã A Dơi"
    assert stored[3]["goods_description"] == "3 tấn gạo"
    assert stored[4]["pledged_on"] == timezone.localdate()
    assert [log for _terms, log in written(batch)][1] == [
        (
            "donations.pledge.record",
            "<code> · Công ty Điện lực Quảng Trị",
            {"amount": "50000000", "detail": "<code>"},
            front_staff.pk,
        )
    ]
    assert all(codes.is_valid(pledge.code) for pledge in batch)
    assert len({pledge.code for pledge in batch} | {p.code for p in one_by_one}) == 10
    # One action: the batch's entries share one uuid.
    assert ModelLogEntry.objects.values("uuid").distinct().count() == 1


def test_one_bad_pledge_refuses_the_batch_naming_it_and_nothing_is_written(terms):
    terms[3] = {**terms[3], "due_on": datetime.date(2026, 10, 1)}  # before the pledge date
    with pytest.raises(PledgeRefused) as refused:
        record_pledges(pledges=terms)
    assert refused.value.index == 3
    assert "due_on" in refused.value.message_dict
    assert not Pledge.objects.exists() and not ModelLogEntry.objects.exists()


def test_codes_taken_by_the_ledger_or_drawn_twice_in_the_batch_are_drawn_again(terms, monkeypatch):
    taken = record_pledge(**terms[0])
    fresh = [a_code(body) for body in ("22222", "33333", "44444", "55555", "66666", "77777")]
    # The ledger's code, then a code twice: both drawn again, in order.
    drawn = iter([taken.code, fresh[0], fresh[0], fresh[1], fresh[2], fresh[3], fresh[4]])
    monkeypatch.setattr(codes, "new_code", lambda: next(drawn))
    batch = record_pledges(pledges=terms)
    assert [pledge.code for pledge in batch] == [fresh[3], fresh[0], fresh[4], fresh[1], fresh[2]]
    assert Pledge.objects.count() == 6


def test_a_code_taken_meanwhile_by_another_transaction_is_drawn_again(terms, monkeypatch):
    """The lookup said free, the insert meets the unique constraint: drawn again, as
    record_pledge does."""
    taken = record_pledge(**terms[0])
    fresh = [a_code(body) for body in ("22222", "33333", "44444", "55555", "66666", "77777")]
    drawn = iter([taken.code, *fresh])
    monkeypatch.setattr(codes, "new_code", lambda: next(drawn))
    real_lookup = pledge_services._codes_in_use
    lookups = []

    def blind_first(drawn_codes):
        lookups.append(drawn_codes)
        return set() if len(lookups) == 1 else real_lookup(drawn_codes)

    monkeypatch.setattr(pledge_services, "_codes_in_use", blind_first)
    batch = record_pledges(pledges=terms)
    assert [pledge.code for pledge in batch] == [fresh[4], *fresh[:4]]
    assert Pledge.objects.count() == 6
    assert len(pledge_log(batch[0])) == 1


def test_the_pages_showing_money_are_told_once(
    terms, monkeypatch, django_capture_on_commit_callbacks
):
    bumps = []
    monkeypatch.setattr(pages, "bump_money", lambda: bumps.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        record_pledges(pledges=terms)
    assert len(bumps) == 2  # at once, and again at commit (sitewide.caching.invalidation)


def verify_ledger():
    report = io.StringIO()
    try:
        call_command("verify_ledger", stdout=report, stderr=report)
    except CommandError:
        pytest.fail(report.getvalue())


# Through mobilisation's import ------------------------------------------------------------------

HEADINGS = (
    "Tên đơn vị;Loại;Mã số thuế;Số điện thoại;Số tiền;Hàng hóa;Hạn nộp;Ghi chú;"
    "Xã nhận hỗ trợ;Loại hỗ trợ;Nội dung hỗ trợ"
)
FILE_ROWS = [
    "Xi măng Đồng Hà;;3200123456;;500.000.000;;31/12/2026;;A Dơi;Xây mới nhà Đại đoàn kết;"
    "10 nhà tại xã A Dơi",
    "Công ty TNHH Mới Thành Lập;Doanh nghiệp;3200999999;;10.000.000;;;;;;",
    "Công ty TNHH Mới Thành Lập (chi nhánh);;3200999999;;5.000.000;;;Đợt 2;;;",
    "Bà Bích;Cá nhân;;+84 912 345 678;2.000.000;;30/11/2026;;;;",
    "Lê Thị Hoa;Cá nhân;;;30.000.000;3 tấn gạo;;;xa a doi;;",
    "Hợp tác xã Nông nghiệp Hướng Phùng;Tổ chức, cơ quan;;0233999888;7.000.000;;;;;;",
]


def donors_and_entries(pledges):
    """Each pledge's donor as written (which pledges share one, by first appearance) and
    its ceremony entry."""
    order = {}
    seen = []
    for pledge in Pledge.objects.filter(pk__in=[p.pk for p in pledges]).order_by("pk"):
        donor = Donor.objects.get(pk=pledge.donor_id)
        order.setdefault(donor.pk, len(order))
        entry = CeremonyPledge.objects.get(pledge=pledge)
        seen.append(
            (
                order[donor.pk],
                donor.name,
                donor.name_folded,
                donor.kind,
                donor.tax_code,
                donor.phone,
                donor.public_display,
                entry.ceremony_id,
            )  # fmt: skip
        )
    return seen


def test_a_confirmed_file_writes_what_the_rows_recorded_one_by_one_write(
    ledger_campaign, a_doi, front_staff
):
    ceremony = make_ceremony(ledger_campaign)
    known = make_donor("Công ty Cổ phần Xi măng Đồng Hà", kind="business", tax_code="3200123456")
    make_donor("Trần Thị Bích", phone="0912345678")
    data = ("\n".join([HEADINGS, *FILE_ROWS]) + "\n").encode()
    staged = stage_import(
        data=data, filename="dot-1.csv", campaign=ledger_campaign, ceremony=ceremony
    )
    donors_before = Donor.objects.count()

    # The reference: each row as the import used to write it, one donor and one pledge at a time.
    with transaction.atomic():
        created = {}
        one_by_one = []
        for row in staged.rows:
            donor = Donor.objects.get(pk=row["donor_id"]) if row["donor_id"] else None
            if donor is None:
                key = row["same_as"] or row["row"]
                if key not in created:
                    created[key] = new_donor(
                        name=row["name"], kind=row["kind"], phone=row["phone"],
                        tax_code=row["tax_code"],
                    )  # fmt: skip
                donor = created[key]
            pledge = record_pledge(
                donor=donor,
                amount=row["amount"],
                user=front_staff,
                campaign=ledger_campaign,
                pledged_on=ceremony.held_on,
                due_on=datetime.date.fromisoformat(row["due_on"]) if row["due_on"] else None,
                event=ceremony.name,
                in_kind=bool(row["goods"]),
                goods_description=row["goods"],
                note=row["note"],
                earmark_area=a_doi if row["earmark_area"] else None,
                earmark_support_type=row["earmark_type"],
                earmark_label=row["earmark_label"],
            )
            CeremonyPledge.objects.create(ceremony=ceremony, pledge=pledge)
            one_by_one.append(pledge)
        # Donors are compared by what they hold: ids rolled back are not given again (PostgreSQL).
        expected = written(one_by_one, BUT_DONOR), donors_and_entries(one_by_one)
        transaction.set_rollback(True)
    assert Donor.objects.count() == donors_before and not Pledge.objects.exists()

    pledges = confirm_import(staged, user=front_staff)

    assert (written(pledges, BUT_DONOR), donors_and_entries(pledges)) == expected
    assert Donor.objects.count() == donors_before + 3  # two rows share the new company
    stored = [terms for terms, _log in written(pledges)]
    assert [each["amount"] for each in stored] == [
        500_000_000, 10_000_000, 5_000_000, 2_000_000, 30_000_000, 7_000_000,
    ]  # fmt: skip
    assert stored[0]["donor_id"] == known.pk
    assert stored[1]["donor_id"] == stored[2]["donor_id"]
    assert [each["due_on"] for each in stored] == [
        YEAR_END, None, None, datetime.date(2026, 11, 30), None, None,
    ]  # fmt: skip
    assert [(each["earmark_area_id"], each["earmark_support_type"]) for each in stored] == [
        (a_doi.pk, SupportType.HOUSE_NEW), *[(None, "")] * 3, (a_doi.pk, ""), (None, ""),
    ]  # fmt: skip
    assert {each["event"] for each in stored} == {ceremony.name}
    all_codes = [pledge.code for pledge in pledges] + [pledge.code for pledge in one_by_one]
    assert all(codes.is_valid(code) for code in all_codes)
    assert max(Counter(Pledge.objects.values_list("code", flat=True)).values()) == 1
    assert set(staged.pledges.all()) == set(pledges)
    verify_ledger()


def test_the_ledger_still_verifies_once_imported_pledges_are_paid(
    ledger_campaign, bank_account, front_staff, django_capture_on_commit_callbacks
):
    ceremony = make_ceremony(ledger_campaign)
    rows = [f"Công ty số {n};;32{n:08d};;{n}.000.000;;;;;;" for n in range(1, 41)]
    data = ("\n".join([HEADINGS, *rows]) + "\n").encode()
    staged = stage_import(
        data=data, filename="dot-2.csv", campaign=ledger_campaign, ceremony=ceremony
    )
    pledges = confirm_import(staged, user=front_staff)
    for pledge in pledges[:5]:
        # Committed, so that the receipt reaches the public record as it would.
        with django_capture_on_commit_callbacks(execute=True):
            record_receipt(
                channel=Channel.BANK, amount=pledge.amount,
                received_at=at(datetime.date(2026, 10, 20)), campaign=ledger_campaign,
                donor=pledge.donor, bank_account=bank_account, bank_reference=f"FT{pledge.pk}",
                memo=pledge.code, allocate_to=[(pledge, pledge.amount)], user=front_staff,
            )  # fmt: skip
    verify_ledger()
    assert sorted(Pledge.objects.with_paid().values_list("paid", flat=True))[-6:] == [
        0, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000,
    ]  # fmt: skip
