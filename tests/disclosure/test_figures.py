"""The disclosure's figures against sums counted here from the records themselves (receipts,
vouchers, reversals, decision lines, houses), not from the running totals or the queries the
page uses; the page and the JSON must show the same; a filter by commune narrows the support
by type and the progress; a change shows at once although the sums are kept per version."""

import datetime
import re
from collections import Counter, defaultdict

import pytest
from django.urls import reverse

from campaigns.models import SupportItem
from donations.models import Receipt, Reversal, Voucher
from donations.services import reverse_receipt, reverse_voucher
from support import services as support_services
from support.models import AUTHORITY_PREFIX, Decision, DecisionLine, House
from tests.support.conftest import DAY

from .conftest import gift


def url(world, name="disclosure_page"):
    return reverse(name, args=[world.campaign.slug])


@pytest.fixture
def busy(world, django_capture_on_commit_callbacks):
    """world plus: a second house for the other commune's household, paid 20.000.000 of its
    60.000.000 (a 40.000.000 voucher reversed), a scholarship paid in full, a reversed gift, a
    new gift, the world's house started and completed, two support items."""
    SupportItem.objects.create(
        page=world.campaign, name="Nhà Đại đoàn kết", unit_cost=60_000_000, target_count=10
    )
    SupportItem.objects.create(
        page=world.campaign, name="Học bổng", unit_cost=5_000_000, target_count=20, unit="suất"
    )
    pay = {"method": Voucher.Method.BANK, "paid_on": DAY, "user": world.front}
    with django_capture_on_commit_callbacks(execute=True):
        for level, number in ((world.house_level, "9/QĐ-BVĐ"), (world.scholarship, "10/QĐ-BVĐ")):
            decision = support_services.propose_decision(
                fund=world.province_fund, support_level=level, title=number,
                beneficiaries=[world.other_household], user=world.front, campaign=world.campaign,
            )  # fmt: skip
            support_services.approve_decision(
                decision, user=world.board, number=number, decided_on=DAY
            )
        house_line = DecisionLine.objects.get(decision__number="9/QĐ-BVĐ")
        support_services.pay_line(house_line, amount=20_000_000, **pay)
        wrong = support_services.pay_line(house_line, amount=40_000_000, **pay)
        reverse_voucher(wrong, reason="Chi nhầm số tiền", user=world.front)
        scholarship_line = DecisionLine.objects.get(decision__number="10/QĐ-BVĐ")
        support_services.pay_line(scholarship_line, amount=5_000_000, **pay)
        reverse_receipt(world.bank, reason="Ghi nhầm chiến dịch", user=world.front)
        gift(world, 7_000_000, datetime.date(2026, 10, 24))
        house = House.objects.get(line=world.line)
        for stage in (House.Stage.STARTED, House.Stage.COMPLETED):
            support_services.advance_house_stage(house, stage=stage, on=DAY, user=world.front)
    return world


def counted_from_records(campaign, commune=None):
    """Received, distributed, by support type and progress, summed here from the rows."""
    reversed_receipts = set(Reversal.objects.values_list("receipt_id", flat=True))
    reversed_vouchers = set(Reversal.objects.values_list("voucher_id", flat=True))
    receipts = [
        amount
        for pk, amount in Receipt.objects.filter(campaign=campaign).values_list("pk", "amount")
        if pk not in reversed_receipts
    ]
    vouchers = [
        voucher
        for voucher in Voucher.objects.filter(campaign=campaign)
        if voucher.pk not in reversed_vouchers
    ]
    lines = {
        f"{AUTHORITY_PREFIX}:{line.pk}": line
        for line in DecisionLine.objects.filter(
            decision__campaign=campaign, decision__status=Decision.Status.APPROVED
        ).select_related("beneficiary", "decision__support_level")
    }
    by_type, paid = Counter(), Counter()
    for voucher in vouchers:
        paid[voucher.authority_key] += voucher.amount
        line = lines[voucher.authority_key]
        if commune is None or line.beneficiary.commune_id == commune:
            by_type[voucher.support_type] += voucher.amount
    progress = defaultdict(Counter)
    for key, line in lines.items():
        if commune is not None and line.beneficiary.commune_id != commune:
            continue
        item = "Học bổng" if line.decision.support_level.name == "Học bổng" else "Nhà Đại đoàn kết"
        progress[item]["approved"] += 1
        progress[item]["funded"] += paid[key] >= line.amount
        house = House.objects.filter(line=line).first()
        order = ["started", "completed", "handed_over"]
        if house is not None and house.stage in order:
            for stage in order[: order.index(house.stage) + 1]:
                progress[item][stage] += 1
    return {
        "received": sum(receipts),
        "gifts": len(receipts),
        "distributed": sum(voucher.amount for voucher in vouchers),
        "by_type": dict(by_type),
        "progress": {item: dict(counts) for item, counts in progress.items()},
    }


def money_on_page(html, name):
    text = re.search(rf'data-money="{name}">([^<]+)<', html).group(1)
    value = int(re.sub(r"\D", "", text))
    return -value if text.strip()[0] in "-−" else value


def progress_on_page(html, item):
    """[approved, funded, started, completed, handed over] as the page lists them."""
    block = re.search(rf"<strong>{item}</strong>(.*?)</dl>", html, re.S).group(1)
    return [int(value.replace(".", "")) for value in re.findall(r"<dd>([\d.]+)</dd>", block)]


def test_page_and_json_equal_the_sums_counted_from_the_records(busy, client):
    expected = counted_from_records(busy.campaign)
    # By hand: 5.000.000 + 2.000.000 + 7.000.000 (3.000.000 reversed); 60.000.000 +
    # 20.000.000 + 5.000.000 out (40.000.000 reversed).
    assert (expected["received"], expected["distributed"]) == (14_000_000, 85_000_000)
    html = client.get(url(busy)).content.decode()
    data = client.get(url(busy, "disclosure_json")).json()

    assert money_on_page(html, "received") == data["received"]["total"] == expected["received"]
    assert data["received"]["gifts"] == expected["gifts"] == 3
    assert (
        money_on_page(html, "distributed")
        == data["distributed"]["total"]
        == expected["distributed"]
    )
    assert money_on_page(html, "balance") == data["balance"] == 14_000_000 - 85_000_000
    assert {
        row["support_type"]: row["amount"] for row in data["distributed"]["by_support_type"]
    } == expected["by_type"]
    assert sum(row["amount"] for row in data["distributed"]["by_commune"]) == 85_000_000

    progress = {item["name"]: item for item in data["support_items"]}
    assert expected["progress"]["Nhà Đại đoàn kết"] == {
        "approved": 2, "funded": 1, "started": 1, "completed": 1,
    }  # fmt: skip
    for name, counts in expected["progress"].items():
        item = progress[name]
        fields = ["approved", "funded", "started", "completed", "handed_over"]
        assert {field: item[field] for field in fields if item[field]} == counts, name
    assert progress_on_page(html, "Nhà Đại đoàn kết") == [2, 1, 1, 1, 0]
    assert progress_on_page(html, "Học bổng")[:2] == [1, 1]


def test_the_commune_filter_narrows_support_by_type_and_progress(busy, client):
    commune = busy.other_commune
    expected = counted_from_records(busy.campaign, commune.pk)
    assert expected["by_type"] == {"house_new": 20_000_000, "scholarship": 5_000_000}
    html = client.get(url(busy), {"xa": commune.pk}).content.decode()

    chart = html[html.index('id="chart-out-by-type-title"') :]
    chart = chart[: chart.index("</figure>")]
    assert commune.name in chart
    assert "20.000.000 ₫" in chart and "5.000.000 ₫" in chart
    assert "60.000.000 ₫" not in chart  # the other commune's house
    assert progress_on_page(html, "Nhà Đại đoàn kết") == [1, 0, 0, 0, 0]
    assert "Đang lọc theo" in html
    # The totals stay the campaign's.
    assert money_on_page(html, "distributed") == 85_000_000


def test_a_change_shows_at_once_although_the_sums_are_kept_per_version(busy, client):
    """The sums are counted once per version of the money and of the site: a house handed
    over or a new voucher must move one, or the page would keep the old count."""
    html = client.get(url(busy)).content.decode()
    assert progress_on_page(html, "Nhà Đại đoàn kết")[4] == 0
    house = House.objects.get(line=busy.line)
    support_services.advance_house_stage(
        house, stage=House.Stage.HANDED_OVER, on=DAY, user=busy.front
    )
    html = client.get(url(busy)).content.decode()
    assert progress_on_page(html, "Nhà Đại đoàn kết") == [2, 1, 1, 1, 1]

    line = DecisionLine.objects.get(decision__number="9/QĐ-BVĐ")
    support_services.pay_line(
        line, amount=40_000_000, method=Voucher.Method.BANK, paid_on=DAY, user=busy.front
    )
    data = client.get(url(busy, "disclosure_json")).json()
    assert data["distributed"]["total"] == 125_000_000
    assert {item["name"]: item["funded"] for item in data["support_items"]} == {
        "Nhà Đại đoàn kết": 2,
        "Học bổng": 1,
    }


def test_a_gift_does_not_count_the_progress_again_but_a_voucher_does(busy, client, monkeypatch):
    """Progress is grouped over every decision line: a gift (the money version moves) must not
    count it again, while a new voucher or a reversal of one must (and the figures stay
    right)."""
    from disclosure import queries

    counted = []
    original = queries.support_progress

    def counting(*args, **kwargs):
        counted.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(queries, "support_progress", counting)
    client.get(url(busy))
    assert len(counted) == 1

    gift(busy, 3_000_000, datetime.date(2026, 10, 25))
    data = client.get(url(busy, "disclosure_json")).json()
    html = client.get(url(busy)).content.decode()
    assert len(counted) == 1, "a gift counted the support items' progress again"
    assert data["received"]["total"] == money_on_page(html, "received")

    line = DecisionLine.objects.get(decision__number="9/QĐ-BVĐ")
    voucher = support_services.pay_line(
        line, amount=40_000_000, method=Voucher.Method.BANK, paid_on=DAY, user=busy.front
    )
    assert progress_on_page(client.get(url(busy)).content.decode(), "Nhà Đại đoàn kết")[1] == 2
    assert len(counted) == 2
    reverse_voucher(voucher, reason="Chi nhầm hộ", user=busy.front)
    assert progress_on_page(client.get(url(busy)).content.decode(), "Nhà Đại đoàn kết")[1] == 1
    assert len(counted) == 3
