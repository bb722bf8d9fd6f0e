import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from disclosure import publishing
from donations.services import reverse_receipt
from public_record.services import sign_checkpoint
from support import services as support_services
from tests.support.conftest import DAY

from .conftest import gift
from .test_publishing import SECRETS


def page_url(world, name="disclosure_page"):
    return reverse(name, args=[world.campaign.slug])


def test_the_page_shows_received_distributed_and_balance_from_the_ledger(world, client):
    html = client.get(page_url(world)).content.decode()
    # 5.000.000 + 3.000.000 + 2.000.000 received; 60.000.000 paid to the household.
    assert "10.000.000 ₫" in html
    assert "60.000.000 ₫" in html
    assert "-50.000.000 ₫" in html or "−50.000.000 ₫" in html
    assert "Hộ bà Hồ T. N." in html
    assert "7/QĐ-BVĐ" in html
    assert "Gạo" in html


def test_json_totals_agree_with_each_other_and_the_ledger(world, client):
    data = client.get(page_url(world, "disclosure_json")).json()
    assert data["received"]["total"] == 10_000_000
    assert data["received"]["in_kind"] == 2_000_000
    assert data["received"]["gifts"] == 3
    assert data["distributed"]["total"] == 60_000_000
    assert data["balance"] == data["received"]["total"] - data["distributed"]["total"]
    by_type = data["distributed"]["by_support_type"]
    assert [(row["support_type"], row["amount"]) for row in by_type] == [("house_new", 60_000_000)]
    assert data["decisions"][0]["number"] == "7/QĐ-BVĐ"


def test_csv_has_a_bom_one_line_per_voucher_and_neutralised_formulas(world, client):
    world.house_level.name = "=HYPERLINK(1)"
    world.house_level.save(update_fields=["name"])
    sign_checkpoint()
    response = client.get(page_url(world, "disclosure_csv"))
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    lines = text.strip().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("Identifier,Title,Currency,Amount Awarded")
    assert world.voucher.number in lines[1]
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=HYPERLINK(1)" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]
    assert "—" in lines[-1]  # the checkpoint's signature line at the foot


def test_corrections_page_lists_a_reversal_with_its_reason_and_entry(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reverse_receipt(world.bank, reason="Ghi nhầm chiến dịch", user=world.front)
    html = client.get(page_url(world, "disclosure_corrections")).content.decode()
    assert "Ghi nhầm chiến dịch" in html
    assert world.bank.number in html
    assert "start=1&amp;end=2" in html  # the entry of the receipt it corrects


def test_the_commune_filter_keeps_only_that_communes_households(world, client):
    decision = support_services.propose_decision(
        fund=world.province_fund,
        support_level=world.scholarship,
        title="Học bổng",
        beneficiaries=[world.other_household],
        user=world.front,
        campaign=world.campaign,
    )
    support_services.approve_decision(decision, user=world.board, number="8/QĐ-BVĐ", decided_on=DAY)
    everyone = client.get(page_url(world)).content.decode()
    assert "Hộ bà Hồ T. N." in everyone and "Hộ ông Lê V. T." in everyone
    other = client.get(page_url(world), {"xa": world.other_commune.pk}).content.decode()
    assert "Hộ bà Hồ T. N." not in other
    assert "Hộ ông Lê V. T." in other


def test_no_private_data_on_any_new_page(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        gift(world, 1_000_000, datetime.date(2026, 10, 23))
    publishing.publish_pending()
    sign_checkpoint()
    bodies = []
    for name in ("disclosure_page", "disclosure_json", "disclosure_corrections"):
        bodies.append(client.get(page_url(world, name)).content.decode())
    bodies.append(
        b"".join(client.get(page_url(world, "disclosure_csv")).streaming_content).decode()
    )
    bodies.append(
        client.get(reverse("public_record_entries"), {"start": 0, "end": 100}).content.decode()
    )
    for secret in SECRETS:
        if secret == "Nguyễn Văn An":
            continue  # the donor chose to be named: the statement shows the name
        for body in bodies:
            assert secret not in body, secret
    assert json.loads(bodies[1])["received"]["gifts"] == 4


def test_the_campaign_page_links_to_the_disclosure(world, client):
    html = client.get(world.campaign.url).content.decode()
    assert "Công khai" in html
    assert page_url(world) in html


def test_the_printable_report_is_a_pdf_with_the_checkpoint(world, client):
    pytest.importorskip("weasyprint")
    sign_checkpoint()
    response = client.get(page_url(world, "disclosure_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # the stored copy
