"""The campaign's money passed to a lower fund: the disclosure page, its JSON and its CSV list
it among transfers to lower funds, apart from support and never added to what was distributed,
since what the lower fund pays households under the campaign is the campaign's support already
(a transfer is not spending). The receiving side counts nothing as received."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from donations.models import Voucher
from donations.services import transfer_between_funds
from support import services as support_services
from tests.support.conftest import DAY, make_household

pytestmark = pytest.mark.django_db


@pytest.fixture
def passed_down(world, django_capture_on_commit_callbacks):
    """world (10.000.000 received for the campaign, a 60.000.000 house paid by the province)
    plus 100.000.000 of the campaign passed to the commune fund, which pays a 5.000.000
    scholarship under a decision of the campaign."""
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        w.transfer = transfer_between_funds(
            from_fund=w.province_fund, to_fund=w.commune_fund, amount=100_000_000,
            transferred_on=DAY, user=w.front, campaign=w.campaign,
            content="Phân bổ cho cấp xã",
        )  # fmt: skip
        decision = support_services.propose_decision(
            fund=w.commune_fund, support_level=w.scholarship, title="Học bổng",
            beneficiaries=[make_household(w.commune, "Hồ Văn Pơ")], user=w.commune_staff,
            campaign=w.campaign,
        )  # fmt: skip
        decision = support_services.approve_decision(
            decision, user=w.board, number="3/QĐ-MTTQ", decided_on=DAY
        )
        w.scholarship_voucher = support_services.pay_line(
            decision.lines.get(), amount=5_000_000, method=Voucher.Method.CASH, paid_on=DAY,
            user=w.commune_staff,
        )  # fmt: skip
    return w


def page_url(world, name="disclosure_page"):
    return reverse(name, args=[world.campaign.slug])


def money_on_page(html, name):
    text = re.search(rf'data-money="{name}">([^<]+)<', html).group(1)
    value = int(re.sub(r"\D", "", text))
    return -value if text.strip()[0] in "-−" else value


def test_the_page_shows_the_transfer_apart_and_counts_the_money_once(passed_down, client):
    w = passed_down
    with translation.override("vi"):
        html = client.get(page_url(w), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    text = re.sub(r"\s+", " ", html)

    assert (
        "Đã chi hỗ trợ cho các hộ: 65.000.000 ₫. Đã chuyển cho quỹ cấp dưới: 100.000.000 ₫." in text
    )
    assert "Chuyển cho quỹ cấp dưới" in text
    assert re.search(
        r"Quỹ Vì người nghèo xã Hướng Phùng: <span class=\"money\">100\.000\.000 ₫", text
    )
    # By hand: 5.000.000 + 3.000.000 + 2.000.000 received; 60.000.000 (province's house) +
    # 5.000.000 (the commune's scholarship) paid to households; the transfer not added.
    assert money_on_page(html, "received") == 10_000_000
    assert money_on_page(html, "distributed") == 65_000_000
    assert money_on_page(html, "balance") == 10_000_000 - 65_000_000


def test_the_json_lists_the_transfer_and_leaves_it_out_of_the_total(passed_down, client):
    data = client.get(page_url(passed_down, "disclosure_json")).json()
    out = data["distributed"]

    assert out["transfers"] == [
        {
            "recipient_org_name": "Quỹ Vì người nghèo xã Hướng Phùng",
            "amount": 100_000_000,
            "count": 1,
        }
    ]
    assert (out["transfers_total"], out["support"], out["total"]) == (
        100_000_000, 65_000_000, 65_000_000,
    )  # fmt: skip
    assert data["received"]["total"] == 10_000_000
    assert data["balance"] == -55_000_000


def test_the_csv_has_a_line_for_the_transfer(passed_down, client):
    w = passed_down
    response = client.get(page_url(w, "disclosure_csv"))
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    transfer_rows = [row for row in rows if row["Identifier"] == w.transfer.out_voucher.number]

    assert len(transfer_rows) == 1
    row = transfer_rows[0]
    assert row["Recipient Org:Name"] == "Quỹ Vì người nghèo xã Hướng Phùng"
    assert row["Amount Awarded"] == "100000000"
    assert row["Funding Org:Name"] == "Quỹ Vì người nghèo tỉnh Quảng Trị"
    assert row["Grant Programme:Title"] == "Ngày vì người nghèo 2026"
    identifiers = {row["Identifier"] for row in rows}
    assert {w.voucher.number, w.scholarship_voucher.number} <= identifiers
