"""Receipts and pledges in the admin for a commune Front account: its own fund's are listed and
open; another fund's are neither listed nor found (404, as if they did not exist), whatever the
page or action; its forms offer only its own funds. Province Front staff still see all."""

import datetime
import re

import pytest
from django.urls import reverse

from donations.models import Channel, FundAssignment
from donations.services import record_pledge, record_receipt
from sitewide.groups import COMMUNE_FRONT_STAFF
from tests.donations.conftest import at, make_commune_fund, make_donor
from tests.sitewide.conftest import make_staff

pytestmark = pytest.mark.django_db

OCT_1 = datetime.date(2026, 10, 1)
NOV_2 = datetime.date(2026, 11, 2)


@pytest.fixture
def books(fund):
    """The province fund and a commune fund, each with a receipt paying a pledge that is now
    overdue."""
    commune = make_commune_fund(fund)
    records = {}
    for name, one in (("province", fund), ("commune", commune)):
        donor = make_donor(f"Nhà hảo tâm {name}")
        pledge = record_pledge(
            donor=donor, amount=3_000_000, fund=one, pledged_on=OCT_1, due_on=OCT_1
        )
        receipt = record_receipt(
            channel=Channel.CASH,
            amount=1_000_000,
            received_at=at(NOV_2),
            fund=one,
            donor=donor,
            receipt_book_number=f"Q-{name}",
            allocate_to=[(pledge, 1_000_000)],
        )
        records[name] = (receipt, pledge)
    return fund, commune, records


@pytest.fixture
def commune_staff(books):
    user = make_staff(COMMUNE_FRONT_STAFF, "mattranxa")
    FundAssignment.objects.create(user=user, fund=books[1])
    return user


def text_of(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


RECEIPT_PAGES = ("inspect", "history", "usage", "allocate", "reverse", "disclosure", "print",
                 "print_pdf")  # fmt: skip
PLEDGE_PAGES = ("inspect", "history", "usage", "edit", "cancel")


def test_a_commune_account_finds_only_its_funds_receipts(client, books, commune_staff):
    _fund, _commune, records = books
    (other, _), (own, _) = records["province"], records["commune"]
    client.force_login(commune_staff)

    listing = text_of(client.get(reverse("receipt:index")))
    assert reverse("receipt:inspect", args=[own.pk]) in listing
    assert reverse("receipt:inspect", args=[other.pk]) not in listing
    for name in RECEIPT_PAGES:
        url = reverse(f"receipt:{name}", args=[other.pk])
        assert client.get(url).status_code == 404, name
    allocation = other.allocations.get()
    assert (
        client.get(reverse("receipt:reverse_allocation", args=[allocation.pk])).status_code == 404
    )
    assert (
        client.post(reverse("receipt:reverse", args=[other.pk]), {"reason": "Thử"}).status_code
        == 404
    )
    assert not other.is_reversed
    for name in ("inspect", "history", "allocate"):
        assert client.get(reverse(f"receipt:{name}", args=[own.pk])).status_code == 200, name


def test_a_commune_account_finds_only_its_funds_pledges(client, books, commune_staff):
    _fund, _commune, records = books
    (_, other), (_, own) = records["province"], records["commune"]
    client.force_login(commune_staff)

    listing = text_of(client.get(reverse("pledge:index")))
    assert own.code in listing and other.code not in listing
    for name in PLEDGE_PAGES:
        url = reverse(f"pledge:{name}", args=[other.pk])
        assert client.get(url).status_code == 404, name
    for name in ("inspect", "edit", "history"):
        assert client.get(reverse(f"pledge:{name}", args=[own.pk])).status_code == 200, name
    reminders = text_of(client.get(reverse("pledge:reminders")))
    assert own.code in reminders and other.code not in reminders


def test_a_commune_accounts_forms_offer_only_its_funds(client, books, commune_staff):
    fund, commune, _records = books
    client.force_login(commune_staff)

    for name in ("receipt:add", "pledge:add"):
        form = text_of(client.get(reverse(name)))
        assert f'<option value="{commune.pk}"' in form, name
        assert f'<option value="{fund.pk}"' not in form, name
    response = client.post(
        reverse("receipt:add"),
        {"channel": "cash", "amount": "500.000", "received_at": "02/11/2026 09:00",
         "fund": fund.pk, "receipt_book_number": "Q-9", "disclosure": ""},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with its error
    assert not fund.receipts.filter(receipt_book_number="Q-9").exists()


def test_province_front_staff_still_see_every_fund(client, books, front_staff):
    _fund, _commune, records = books
    client.force_login(front_staff)

    receipts = text_of(client.get(reverse("receipt:index")))
    pledges = text_of(client.get(reverse("pledge:index")))
    for receipt, pledge in records.values():
        assert reverse("receipt:inspect", args=[receipt.pk]) in receipts
        assert pledge.code in pledges
        assert client.get(reverse("receipt:inspect", args=[receipt.pk])).status_code == 200
        assert client.get(reverse("pledge:edit", args=[pledge.pk])).status_code == 200


def test_the_overdue_panel_counts_the_accounts_own_pledges(client, books, commune_staff):
    """Each fund has one overdue pledge owing 2.000.000 ₫: the commune account's home counts
    one, Front staff's both."""
    from sitewide.groups import FRONT_STAFF
    from tests.sitewide.conftest import make_staff as staff

    client.force_login(commune_staff)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 cam kết quá hạn" in body and "còn thiếu 2.000.000 ₫" in body
    client.force_login(staff(FRONT_STAFF, "mattrantinh"))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 cam kết quá hạn" in body and "còn thiếu 4.000.000 ₫" in body
