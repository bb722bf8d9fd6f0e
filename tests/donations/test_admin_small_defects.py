"""Smaller defects a person acting as Front staff met in the Fund's admin: English left on the
pages, "None" for an empty field, times in UTC, actions offered on a reversed receipt, a
transfer split across donors without a word, a receipt's allocations without who and when, and
two top-level menus ("Ủng hộ", "Ủng hộ trực tuyến") where one "Quỹ" menu belongs."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.admin.viewsets import viewsets as registered_viewsets

from donations import demo
from donations.models import Allocation, Channel, Disclosure, Donor, FundAssignment, Receipt
from donations.services import (
    allocate,
    change_disclosure,
    record_pledge,
    record_receipt,
    reverse_allocation,
    reverse_receipt,
    transfer_between_funds,
)
from giving.models import GiftMethod, OnlineGift
from reconciliation.models import LineState, StatementLine
from reconciliation.services import take_lines
from reconciliation.services.intake import statement_incoming
from reconciliation.statements import StatementLine as ParsedLine
from sitewide.formatting import format_datetime
from sitewide.models import Area
from tests.donations.conftest import (
    at,
    link_campaign,
    make_authority,
    make_bank_account,
    make_commune_fund,
    make_donor,
    make_fund,
    pay,
)

DAY = datetime.date(2026, 10, 20)
# Phrases that were seen in English on these pages, and the "None" of an empty field. A list of
# known leftovers rather than a dictionary of English: Vietnamese text, names and codes must
# not trip it.
ENGLISH_LEFTOVERS = [
    r"not yet allocated",
    r"outstanding",
    r"Reversal of",
    r"\bNone\b",
]


class _TextOnly(HTMLParser):
    """Collects text outside scripts, styles, templates and elements marked ``hidden``."""

    NEVER_SHOWN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hiding = None  # [tag, depth] of the hidden element we are inside

    def handle_starttag(self, tag, attrs):
        if self.hiding is not None:
            self.hiding[1] += tag == self.hiding[0]
        elif tag in self.NEVER_SHOWN or "hidden" in dict(attrs):
            self.hiding = [tag, 1]

    def handle_endtag(self, tag):
        if self.hiding is not None and tag == self.hiding[0]:
            self.hiding[1] -= 1
            if self.hiding[1] == 0:
                self.hiding = None

    def handle_data(self, data):
        if self.hiding is None:
            self.parts.append(data)


def visible_text(html):
    """What a reader sees: the text between tags, without scripts, styles, templates and hidden
    elements, with entities decoded and spaces collapsed."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def world(demo_campaign, front_staff):
    """One of each thing the defects were seen on."""
    front_staff.first_name, front_staff.last_name = "Hùng", "Hoàng Văn"
    front_staff.save(update_fields=["first_name", "last_name"])
    # The demo's fund (donations.demo finds it by name), linked as the demo would.
    fund = make_fund(area=Area.objects.get(slug="quang-tri"), name=demo.FUND_NAME)
    campaign = link_campaign(demo_campaign, fund)
    account = make_bank_account(fund, number="0071000999888")
    donor = make_donor("Trần Thị Bình")  # no area, no organisation, no tax code
    other = make_donor("Lê Văn Cường")
    pledge = record_pledge(donor=donor, campaign=campaign, amount=50_000_000, pledged_on=DAY)
    other_pledge = record_pledge(donor=other, campaign=campaign, amount=30_000_000, pledged_on=DAY)
    receipt = record_receipt(
        channel=Channel.CASH,
        amount=20_000_000,
        received_at=at(DAY, 10),
        campaign=campaign,
        donor=donor,
        receipt_book_number="Q05-0042",
        user=front_staff,
    )
    allocation = allocate(receipt, pledge, 5_000_000, user=front_staff)
    reverse_allocation(allocation, reason="Phân bổ nhầm số tiền", user=front_staff)
    allocate(receipt, pledge, 10_000_000, user=front_staff)
    # A transfer nobody could name: staff allocate it by hand.
    transfer = record_receipt(
        channel=Channel.BANK,
        amount=40_000_000,
        received_at=at(DAY, 11),
        campaign=campaign,
        bank_account=account,
        bank_reference="FT26293999",
        memo="ung ho quy vi nguoi ngheo",
        user=front_staff,
    )
    reversed_receipt = record_receipt(
        channel=Channel.CASH,
        amount=1_000_000,
        received_at=at(DAY, 12),
        campaign=campaign,
        donor=other,
        receipt_book_number="Q05-0043",
        user=front_staff,
    )
    reverse_receipt(reversed_receipt, reason="Ghi trùng", user=front_staff)
    gift = OnlineGift.objects.create(
        campaign=campaign,
        method=GiftMethod.VNPAY,
        amount=200_000,
        payment_code="UHKIEMTRA",
        txn_ref="UHKIEMTRA261020",
    )
    # Created at 07:30 in Vietnam, which is 00:30 UTC.
    Donor.objects.filter(pk=donor.pk).update(created_at=at(DAY, 7, 30))
    commune = make_commune_fund(fund)
    voucher = pay(make_authority(fund, 5_000_000), 1_000_000, DAY, front_staff)
    fund_transfer = transfer_between_funds(
        from_fund=fund, to_fund=commune, amount=500_000, transferred_on=DAY, user=front_staff
    )
    assignment = FundAssignment.objects.create(user=front_staff, fund=commune)
    return {
        "voucher": voucher,
        "fund_transfer": fund_transfer,
        "assignment": assignment,
        "campaign": campaign,
        "fund": fund,
        "account": account,
        "donor": donor,
        "other": other,
        "pledge": pledge,
        "other_pledge": other_pledge,
        "receipt": receipt,
        "allocation": allocation,
        "transfer": transfer,
        "reversed_receipt": reversed_receipt,
        "gift": gift,
    }


def admin_pages(world):
    """Every page the ledger's and online giving's viewsets serve, with an object to show."""
    objects = {
        "ledger": world["campaign"],
        "receipt": world["receipt"],
        "pledge": world["pledge"],
        "donor": world["donor"],
        "fund": world["fund"],
        "bankaccount": world["account"],
        "campaignfund": world["campaign"].ledger_fund,
        "donor_chooser": world["donor"],
        "pledge_chooser": world["pledge"],
        "online_gifts": world["gift"],
        "voucher": world["voucher"],
        "fundtransfer": world["fund_transfer"],
        "fundbalance": world["fund"],
        "fundassignment": world["assignment"],
    }
    reverse("wagtailadmin_home")  # loads the admin URLconf, which registers the viewsets
    pages = []
    for viewset in registered_viewsets.viewsets:
        if not type(viewset).__module__.startswith(("donations.", "giving.")):
            continue
        namespace = viewset.url_namespace
        for pattern in viewset.get_urlpatterns():
            name = f"{namespace}:{pattern.name}"
            if pattern.name in {"delete", "chosen", "chosen_multiple", "create"}:
                continue
            if pattern.name == "reverse_allocation":
                target = Allocation.objects.filter(reversal__isnull=True).first()
            else:
                target = objects[namespace]
            kwargs = {"pk": target.pk} if "pk" in pattern.pattern.converters else {}
            pages.append((name, reverse(name, kwargs=kwargs)))
    # The transfer nobody named, whose allocate form lists every donor's pledges.
    for name, url_name, target in [
        ("the transfer's allocate form", "receipt:allocate", world["transfer"]),
        ("the reversed receipt", "receipt:inspect", world["reversed_receipt"]),
        ("another donor", "donor:inspect", world["other"]),
    ]:
        pages.append((name, reverse(url_name, args=[target.pk])))
    return pages


def test_no_english_and_no_none_on_the_ledger_pages(client, world, front_staff):
    demo.load()  # the demo ledger around them: every channel, pledge state and listing filled
    client.force_login(front_staff)
    seen = []
    for name, url in admin_pages(world):
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue  # the confirmation's PDF
        text = visible_text(response.content.decode())
        seen.append(name)
        for phrase in ENGLISH_LEFTOVERS:
            found = re.search(phrase, text)
            if found is not None:
                context = text[max(0, found.start() - 80) : found.end() + 80]
                pytest.fail(f"{name} ({url}) shows {found.group(0)!r}: …{context}…")
    assert {"receipt:allocate", "donor:inspect", "online_gifts:inspect"} <= set(seen)


def test_the_allocate_form_speaks_vietnamese(client, world, front_staff):
    client.force_login(front_staff)
    page = visible_text(
        client.get(reverse("receipt:allocate", args=[world["transfer"].pk])).content.decode()
    )
    assert "chưa phân bổ: 40.000.000 ₫" in page
    assert "(còn phải nộp 40.000.000 ₫)" in page  # 50 pledged, 10 allocated (5 reversed)


def test_a_donor_without_an_area_shows_a_dash_and_local_times(client, world, front_staff):
    client.force_login(front_staff)
    page = visible_text(
        client.get(reverse("donor:inspect", args=[world["donor"].pk])).content.decode()
    )
    assert "Địa bàn —" in page
    assert "07:30 20/10/2026" in page  # created at, in Asia/Ho_Chi_Minh
    assert "00:30" not in page


def test_a_reversal_names_what_it_undoes_in_vietnamese(world):
    reversal = world["reversed_receipt"].reversal
    with translation.override("vi"):
        assert str(reversal) == f"Bút toán hủy {world['reversed_receipt'].number}"


# A reversed receipt offers no action


def test_a_reversed_receipt_shows_no_action(client, world, front_staff):
    client.force_login(front_staff)
    receipt = world["reversed_receipt"]
    page = client.get(reverse("receipt:inspect", args=[receipt.pk])).content.decode()
    for action in ("allocate", "reverse", "disclosure"):
        assert reverse(f"receipt:{action}", args=[receipt.pk]) not in page, action
    assert "Chưa phân bổ" not in visible_text(page)  # nothing waits to be allocated


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("allocate", lambda world: {"pledge": world["other_pledge"].pk}),
        ("reverse", lambda world: {"reason": "Hủy lần nữa"}),
        ("disclosure", lambda world: {"disclosure": Disclosure.FULL_NAME, "reason": "x"}),
    ],
)
def test_a_reversed_receipts_actions_are_refused_in_vietnamese(
    client, world, front_staff, action, data
):
    client.force_login(front_staff)
    receipt = world["reversed_receipt"]
    url = reverse(f"receipt:{action}", args=[receipt.pk])
    inspect = reverse("receipt:inspect", args=[receipt.pk])
    before = (Allocation.objects.count(), Receipt.objects.get(pk=receipt.pk).disclosure)
    for response in (client.get(url), client.post(url, data(world))):
        assert response.status_code == 302 and response["Location"] == inspect
    after = (Allocation.objects.count(), Receipt.objects.get(pk=receipt.pk).disclosure)
    assert after == before
    page = visible_text(client.get(inspect).content.decode())
    assert f"Phiếu thu {receipt.number} đã bị hủy: không thể phân bổ" in page


def test_the_ledger_refuses_to_change_how_a_reversed_receipt_is_shown(world, front_staff):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        change_disclosure(world["reversed_receipt"], Disclosure.FULL_NAME, user=front_staff)
    assert "đã bị hủy" in refused.value.messages[0]
    assert "trang của nhà hảo tâm" in refused.value.messages[0]


def test_a_reversed_allocation_cannot_be_reversed_again(client, world, front_staff):
    client.force_login(front_staff)
    url = reverse("receipt:reverse_allocation", args=[world["allocation"].pk])
    response = client.get(url)
    assert response["Location"] == reverse("receipt:inspect", args=[world["receipt"].pk])


def test_what_the_ledger_refuses_is_shown_on_the_action_form(client, world, front_staff):
    client.force_login(front_staff)
    transfer = world["transfer"]
    url = reverse("receipt:allocate", args=[transfer.pk])
    response = client.post(url, {"pledge": world["pledge"].pk, "amount": "90000000"})
    assert response.status_code == 200
    page = visible_text(response.content.decode())
    assert f"Phiếu thu {transfer.number} chỉ còn 40.000.000 ₫ chưa phân bổ." in page


# One transfer across pledges of different donors


def test_allocating_a_transfer_to_a_second_donor_needs_confirmation(client, world, front_staff):
    client.force_login(front_staff)
    transfer, pledge, other_pledge = world["transfer"], world["pledge"], world["other_pledge"]
    url = reverse("receipt:allocate", args=[transfer.pk])
    client.post(url, {"pledge": pledge.pk, "amount": "20000000"})
    assert transfer.allocations.count() == 1  # the first donor: no question asked

    response = client.post(url, {"pledge": other_pledge.pk, "amount": "20000000"})
    assert response.status_code == 200
    page = visible_text(response.content.decode())
    assert f"Phiếu thu {transfer.number} đã trả cho cam kết của Trần Thị Bình" in page
    assert f"cam kết {other_pledge.code} là của Lê Văn Cường" in page
    assert transfer.allocations.count() == 1

    confirmed = {"pledge": other_pledge.pk, "amount": "20000000", "other_donors_confirmed": "on"}
    assert client.post(url, confirmed).status_code == 302
    assert transfer.allocations.count() == 2


def test_splitting_a_line_across_donors_needs_confirmation(client, world, front_staff):
    client.force_login(front_staff)
    pledge, other_pledge = world["pledge"], world["other_pledge"]
    parsed = ParsedLine(
        row=None,
        booked_at=at(DAY, 15),
        amount=15_000_000,
        memo=f"{pledge.code} {other_pledge.code} ung ho",
    )
    take_lines(world["account"], statement_incoming(world["account"], [parsed]))
    line = StatementLine.objects.get(memo=parsed.memo)
    url = reverse("reconciliation_line:split", args=[line.pk])
    parts = {
        "code_1": pledge.code,
        "amount_1": "10000000",
        "code_2": other_pledge.code,
        "amount_2": "5000000",
    }

    response = client.post(url, parts)
    assert response.status_code == 200
    page = visible_text(response.content.decode())
    assert "Các cam kết này thuộc về những nhà hảo tâm khác nhau" in page
    assert f"{pledge.code} (Trần Thị Bình), {other_pledge.code} (Lê Văn Cường)" in page
    line.refresh_from_db()
    assert line.in_queue

    response = client.post(url, {**parts, "different_donors_confirmed": "on"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.state == LineState.SPLIT


# A receipt's allocations, with who and when


def test_a_receipts_page_lists_its_allocations_and_their_reversals(client, world, front_staff):
    client.force_login(front_staff)
    receipt, reversed_allocation = world["receipt"], world["allocation"]
    page = client.get(reverse("receipt:inspect", args=[receipt.pk])).content.decode()
    rows = [visible_text(row) for row in re.findall(r"(?s)<tr>.*?</tr>", page)]
    reversed_row = next(row for row in rows if "5.000.000 ₫" in row)
    reversal = reversed_allocation.reversal
    when = format_datetime(reversal.created_at)
    assert f"Đã hủy lúc {when} bởi" in reversed_row
    assert "Hoàng Văn" in reversed_row and "Hùng" in reversed_row  # a name, not the username
    assert "Phân bổ nhầm số tiền" in reversed_row
    counted_row = next(row for row in rows if "10.000.000 ₫" in row)
    assert "Được tính" in counted_row


# One "Quỹ" menu


def menu_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    with translation.override("vi"):
        items = sorted(admin_menu.menu_items_for_request(request), key=lambda item: item.order)
        return [
            (
                str(item.label),
                [
                    (str(sub.label), sub.url)
                    for sub in sorted(
                        item.menu.menu_items_for_request(request), key=lambda sub: sub.order
                    )
                ]
                if isinstance(item, SubmenuMenuItem)
                else item.url,
            )
            for item in items
        ]


def test_front_staff_find_the_funds_work_in_one_menu(world, front_staff):
    reverse("wagtailadmin_home")  # loads the admin URLconf, which registers the viewsets
    menu = dict(menu_for(front_staff))
    assert "Ủng hộ trực tuyến" not in menu and "Ủng hộ" not in menu
    fund = dict(menu["Quỹ"])
    assert fund["Phiếu thu"] == reverse("receipt:index")
    assert fund["Cam kết"] == reverse("pledge:index")
    assert fund["Nhà hảo tâm"] == reverse("donor:index")
    assert fund["Ủng hộ trực tuyến"] == reverse("online_gifts:index")
    assert list(fund)[-1] == "Thiết lập quỹ"  # funds, bank accounts: a section at the end


def test_editors_have_no_fund_menu(world, editor):
    reverse("wagtailadmin_home")
    assert "Quỹ" not in dict(menu_for(editor))
