"""The honour roll's running sums (donations.models.HonourTotal) follow every receipt, reversal
and change of disclosure in the same transaction, can be rebuilt from the receipts, and
verify_ledger names a row that does not equal them (issue 18, national scale)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse

from donations.models import Channel, Disclosure, DonorKind, HonourTally, HonourTotal
from donations.public.honour import honour_count, honour_page, honour_roll
from donations.services import (
    change_disclosure,
    change_donor_disclosure,
    record_receipt,
    reverse_receipt,
)
from donations.services.honour import rebuild_honour_totals
from tests.donations.conftest import at, make_donor

DAY = datetime.date(2026, 10, 20)
_books = iter(range(1, 10_000))


def gift(campaign, donor, amount, hour, **kwargs):
    return record_receipt(
        channel=Channel.CASH,
        amount=amount,
        received_at=at(DAY, hour),
        campaign=campaign,
        donor=donor,
        receipt_book_number=f"Q18-{next(_books):04d}",
        **kwargs,
    )


def rows(campaign):
    """{public name: (total, gifts, first hour, last hour)} of the campaign's honour rows."""
    return {
        row.public_name: (
            row.amount,
            row.gifts,
            row.first_at.astimezone(at(DAY).tzinfo).hour,
            row.last_at.astimezone(at(DAY).tzinfo).hour,
        )
        for row in HonourTotal.objects.filter(campaign=campaign)
    }


@pytest.fixture
def donors(db):
    return {
        "full": make_donor("Nguyễn Văn An", public_display=Disclosure.FULL_NAME),
        "masked": make_donor("Trần Thị Bích Ngọc", public_display=Disclosure.MASKED),
        "anonymous": make_donor("Lê Văn Cường", public_display=Disclosure.ANONYMOUS),
        "company": make_donor(
            "Công ty TNHH Thép Miền Trung",
            kind=DonorKind.BUSINESS,
            public_display=Disclosure.FULL_NAME,
        ),
    }


@pytest.fixture
def gifts(ledger_campaign, donors, fund, django_capture_on_commit_callbacks):
    # What runs when each gift commits (publishing to the public record) runs here too.
    with django_capture_on_commit_callbacks(execute=True):
        return _gifts(ledger_campaign, donors, fund)


def _gifts(ledger_campaign, donors, fund):
    return {
        "an_first": gift(ledger_campaign, donors["full"], 500_000, 9),
        "an_second": gift(ledger_campaign, donors["full"], 1_000_000, 14),
        "masked": gift(ledger_campaign, donors["masked"], 200_000, 10),
        "anonymous": gift(ledger_campaign, donors["anonymous"], 7_000_000, 11),
        "company": gift(ledger_campaign, donors["company"], 50_000_000, 12),
        "nobody": gift(ledger_campaign, None, 3_000_000, 13),
        "no_campaign": gift(None, donors["full"], 400_000, 15, fund=fund),
    }


def test_each_named_donor_has_one_row_with_total_count_and_dates(ledger_campaign, gifts):
    assert rows(ledger_campaign) == {
        "Nguyễn Văn An": (1_500_000, 2, 9, 14),
        "Trần T. B. N.": (200_000, 1, 10, 10),
        "Công ty TNHH Thép Miền Trung": (50_000_000, 1, 12, 12),
    }
    assert HonourTotal.objects.count() == 3  # the gift with no campaign is on no roll


def test_a_reversal_takes_the_gift_out_and_moves_the_dates(ledger_campaign, gifts):
    reverse_receipt(gifts["an_second"], reason="Nhập sai số tiền")
    assert rows(ledger_campaign)["Nguyễn Văn An"] == (500_000, 1, 9, 9)

    reverse_receipt(gifts["company"], reason="Chuyển khoản bị hoàn")
    assert "Công ty TNHH Thép Miền Trung" not in rows(ledger_campaign)

    reverse_receipt(gifts["anonymous"], reason="Ghi nhầm")  # on no roll: nothing moves
    assert set(rows(ledger_campaign)) == {"Nguyễn Văn An", "Trần T. B. N."}


def test_consent_withdrawn_leaves_the_roll_inside_the_same_transaction(
    client, ledger_campaign, donors, gifts
):
    url = reverse("donations_honour_roll", args=[ledger_campaign.slug])
    assert "Nguyễn Văn An" in client.get(url).content.decode()

    with transaction.atomic():
        change_donor_disclosure(donors["full"], Disclosure.ANONYMOUS, reason="Rút lại đồng ý")
        assert "Nguyễn Văn An" not in rows(ledger_campaign)

    assert "Nguyễn Văn An" not in client.get(url).content.decode()
    assert set(rows(ledger_campaign)) == {"Trần T. B. N.", "Công ty TNHH Thép Miền Trung"}


def test_consent_given_again_brings_back_every_gift_under_the_chosen_name(
    ledger_campaign, donors, gifts
):
    change_donor_disclosure(donors["full"], Disclosure.ANONYMOUS, reason="Rút lại")
    change_donor_disclosure(donors["full"], Disclosure.MASKED, reason="Đồng ý tên rút gọn")
    assert rows(ledger_campaign)["Nguyễn V. A."] == (1_500_000, 2, 9, 14)
    assert "Nguyễn Văn An" not in rows(ledger_campaign)

    change_donor_disclosure(donors["anonymous"], Disclosure.FULL_NAME, reason="Đồng ý")
    assert rows(ledger_campaign)["Lê Văn Cường"] == (7_000_000, 1, 11, 11)


def test_one_gift_made_anonymous_leaves_the_others_on_the_roll(ledger_campaign, gifts):
    change_disclosure(gifts["an_first"], Disclosure.ANONYMOUS, reason="Món này ẩn danh")
    assert rows(ledger_campaign)["Nguyễn Văn An"] == (1_000_000, 1, 14, 14)

    change_disclosure(gifts["an_first"], Disclosure.FULL_NAME, reason="Đồng ý lại")
    assert rows(ledger_campaign)["Nguyễn Văn An"] == (1_500_000, 2, 9, 14)


def test_the_honour_page_reads_the_rows_largest_first(client, ledger_campaign, gifts):
    body = client.get(reverse("donations_honour_roll", args=[ledger_campaign.slug])).content
    body = body.decode()
    company, an, masked = (
        body.index("Công ty TNHH Thép Miền Trung"),
        body.index("Nguyễn Văn An"),
        body.index("Trần T. B. N."),
    )
    assert company < an < masked
    assert "1.500.000 ₫" in body and "Lê Văn Cường" not in body


def verify():
    out = io.StringIO()
    try:
        call_command("verify_ledger", stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def test_verify_ledger_names_a_row_that_differs_and_rebuild_repairs_it(ledger_campaign, gifts):
    ok, report = verify()
    assert ok, report
    assert "Bảng vinh danh bằng tổng các khoản ủng hộ có tên" in report

    HonourTotal.objects.filter(public_name="Nguyễn Văn An").update(amount=F("amount") + 1_000)
    ok, report = verify()
    assert not ok
    broken = [line for line in report.splitlines() if "LỖI" in line]
    assert len(broken) == 1 and "Bảng vinh danh" in broken[0], report
    assert "Nguyễn Văn An" in report and "1.501.000 ₫" in report and "1.500.000 ₫" in report

    rebuild_honour_totals()
    ok, report = verify()
    assert ok, report
    assert rows(ledger_campaign)["Nguyễn Văn An"] == (1_500_000, 2, 9, 14)


def test_a_missing_row_is_reported(ledger_campaign, gifts):
    HonourTotal.objects.filter(public_name="Trần T. B. N.").delete()
    ok, report = verify()
    assert not ok and "Trần T. B. N." in report and "200.000 ₫" in report


def test_a_tally_that_differs_is_reported(ledger_campaign, gifts):
    HonourTally.objects.filter(amount=200_000).update(names=F("names") + 2)
    ok, report = verify()
    assert not ok and "Bảng vinh danh" in report
    assert "đếm 3 tên có tổng 200.000 ₫ trong khi thực tế là 1" in report


def test_the_tallies_follow_gifts_reversals_and_withdrawals(ledger_campaign, donors, gifts):
    def tallies():
        return dict(
            HonourTally.objects.filter(campaign=ledger_campaign, names__gt=0).values_list(
                "amount", "names"
            )
        )

    assert tallies() == {1_500_000: 1, 200_000: 1, 50_000_000: 1}
    gift(ledger_campaign, donors["masked"], 1_300_000, 16)  # 200.000 → 1.500.000
    assert tallies() == {1_500_000: 2, 50_000_000: 1}
    reverse_receipt(gifts["an_second"], reason="Nhập sai")  # 1.500.000 → 500.000
    assert tallies() == {1_500_000: 1, 500_000: 1, 50_000_000: 1}
    change_donor_disclosure(donors["company"], Disclosure.ANONYMOUS, reason="Rút lại")
    assert tallies() == {1_500_000: 1, 500_000: 1}


@pytest.fixture
def many(ledger_campaign):
    """Nine named donors; totals with ties, so a page can start inside a tie."""
    totals = [
        ("Bùi Văn Hải", 3_000_000),
        ("Đỗ Thị Lan", 1_000_000),
        ("Võ Minh Tâm", 1_000_000),
        ("Hồ Thị Mai", 1_000_000),
        ("Ngô Văn Sơn", 500_000),
        ("Dương Thị Hoa", 500_000),
        ("Lý Văn Long", 200_000),
        ("Phan Thị Yến", 100_000),
        ("Trương Văn Nam", 100_000),
    ]
    for hour, (name, amount) in enumerate(totals):
        donor = make_donor(name, public_display=Disclosure.FULL_NAME)
        gift(ledger_campaign, donor, amount, 8 + hour)
    return ledger_campaign


# Largest first, then by name: PostgreSQL's and SQLite's orders agree on these names (each tie
# differs at its first letter, all plain ASCII).
ORDER = [
    "Bùi Văn Hải",
    "Hồ Thị Mai",
    "Võ Minh Tâm",
    "Đỗ Thị Lan",
    "Dương Thị Hoa",
    "Ngô Văn Sơn",
    "Lý Văn Long",
    "Phan Thị Yến",
    "Trương Văn Nam",
]


@pytest.mark.parametrize("size", [1, 2, 3, 4, 9, 10])
def test_every_page_of_the_roll_starts_where_it_should(many, size):
    if connection.vendor == "sqlite":
        # SQLite compares bytes: "Đ" (U+0110) sorts after every ASCII letter.
        expected = ORDER
    else:
        expected = [row["public_name"] for row in honour_roll(many)]
        assert set(expected) == set(ORDER) and expected[0] == "Bùi Văn Hải"
    for start in range(0, 11):
        names = [row["public_name"] for row in honour_page(many, start, size)]
        assert names == expected[start : start + size], (start, size)
    assert honour_count(many) == 9
