"""Smaller defects a person acting as Front staff met in the Fund's admin: English left on the
pages, "None" for an empty field, times in UTC, actions offered on a reversed receipt, a
transfer split across donors without a word, a receipt's allocations without who and when, and
two top-level menus ("Ủng hộ", "Ủng hộ trực tuyến") where one "Quỹ" menu belongs."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.admin.viewsets import viewsets as registered_viewsets

from donations import demo
from donations.models import Allocation, Channel, Donor
from donations.services import (
    allocate,
    record_pledge,
    record_receipt,
    reverse_allocation,
    reverse_receipt,
)
from donations.testing import at, make_bank_account, make_donor
from giving.models import GiftMethod, OnlineGift

pytest_plugins = ["donations.testing"]

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
    """The demo ledger, plus one of each thing the defects were seen on."""
    demo.load()
    campaign, fund = demo_campaign, demo_campaign.ledger_fund.fund
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
    return {
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
    # The receipt nobody named, whose allocate form lists every donor's pledges.
    for name, url_name, target in [
        ("the transfer's allocate form", "receipt:allocate", world["transfer"]),
        ("the reversed receipt", "receipt:inspect", world["reversed_receipt"]),
        ("another donor", "donor:inspect", world["other"]),
    ]:
        pages.append((name, reverse(url_name, args=[target.pk])))
    return pages


def test_no_english_and_no_none_on_the_ledger_pages(client, world, front_staff):
    client.force_login(front_staff)
    seen = []
    for name, url in admin_pages(world):
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
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
