"""What a pledge prints (the symbolic board, A3 landscape; the confirmation with the payment
code and the Fund's accounts) and a ceremony's results (per unit, per kind of donor, the gap
over time as an SVG chart and an XLSX)."""

import datetime
import io
import re
import zlib

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from donations.models import Channel
from donations.services import record_receipt
from mobilisation.services.ceremonies import announce_pledge
from mobilisation.services.results import by_unit_and_kind, gap_over_time
from sitewide import vietqr
from tests.donations.conftest import at, make_donor

pytestmark = pytest.mark.django_db


def media_boxes(pdf):
    """Each page's /MediaBox, read from the PDF's streams (WeasyPrint compresses its objects)."""
    boxes = re.findall(rb"/MediaBox ?\[([\d. ]+)\]", pdf)
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            boxes += re.findall(rb"/MediaBox ?\[([\d. ]+)\]", zlib.decompress(stream))
        except zlib.error:
            continue
    return boxes


@pytest.fixture
def pledge(ceremony, business):
    return announce_pledge(ceremony, donor=business, amount=150_000_000)


def test_the_board_has_the_unit_the_amount_in_figures_and_words_and_the_campaign(
    client, front_staff, pledge
):
    client.force_login(front_staff)
    page = client.get(reverse("ceremony:board", args=[pledge.pk])).content.decode()
    assert "Công ty Cổ phần Xi măng Đồng Hà" in page
    assert "150.000.000 ₫" in page
    assert "Một trăm năm mươi triệu đồng" in page
    assert pledge.campaign.title in page
    assert "size: A3 landscape" in page


def test_the_board_as_pdf_is_one_a3_landscape_page(client, front_staff, pledge):
    client.force_login(front_staff)
    response = client.get(reverse("ceremony:board", args=[pledge.pk]) + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    boxes = media_boxes(response.content)
    assert len(boxes) == 1
    width, height = (float(value) for value in boxes[0].split()[2:])
    assert (round(width), round(height)) == (1191, 842)  # 420 × 297 mm in points


def test_the_confirmation_has_the_payment_code_and_the_funds_account(client, front_staff, pledge):
    client.force_login(front_staff)
    page = client.get(reverse("ceremony:confirmation", args=[pledge.pk])).content.decode()
    assert pledge.code in page
    assert "0771000160160" in page
    assert "Một trăm năm mươi triệu đồng" in page
    response = client.get(reverse("ceremony:confirmation", args=[pledge.pk]) + "?format=pdf")
    assert response.content.startswith(b"%PDF")


def test_the_confirmation_has_the_funds_vietqr_for_what_is_still_outstanding(
    client, front_staff, pledge
):
    record_receipt(
        channel=Channel.CASH, amount=40_000_000, campaign=pledge.campaign, donor=pledge.donor,
        received_at=at(datetime.date(2026, 10, 20)), allocate_to=[(pledge, None)],
        receipt_book_number="BL-QR",
    )  # fmt: skip
    client.force_login(front_staff)
    page = client.get(reverse("ceremony:confirmation", args=[pledge.pk])).content.decode()
    # 150.000.000 pledged − 40.000.000 received = 110.000.000 still to transfer.
    outstanding = vietqr.build_payload("970436", "0771000160160", 110_000_000, pledge.code)
    title = f"Mã VietQR: chuyển khoản {pledge.code}"
    assert vietqr.render_svg(outstanding, title=title) in page
    assert "110.000.000 đồng" in page
    assert page.count('class="vietqr"') == 1
    pdf = client.get(reverse("ceremony:confirmation", args=[pledge.pk]) + "?format=pdf")
    assert pdf.content.startswith(b"%PDF")
    board = client.get(reverse("ceremony:board", args=[pledge.pk])).content.decode()
    assert "vietqr" not in board and "<svg" not in board


def test_a_pledge_in_kind_or_paid_in_full_has_no_vietqr(client, front_staff, ceremony, business):
    goods = announce_pledge(
        ceremony, donor=business, amount=20_000_000, in_kind=True, goods_description="Xi măng"
    )
    paid = announce_pledge(ceremony, donor=business, amount=5_000_000)
    record_receipt(
        channel=Channel.CASH, amount=5_000_000, campaign=paid.campaign, donor=business,
        received_at=at(datetime.date(2026, 10, 20)), allocate_to=[(paid, None)],
        receipt_book_number="BL-PAID",
    )  # fmt: skip
    client.force_login(front_staff)
    for pledge in (goods, paid):
        page = client.get(reverse("ceremony:confirmation", args=[pledge.pk])).content.decode()
        assert pledge.code in page
        assert 'class="vietqr"' not in page


def test_an_editor_gets_no_board(client, editor, pledge):
    client.force_login(editor)
    response = client.get(reverse("ceremony:board", args=[pledge.pk]))
    assert "Xi măng Đồng Hà" not in response.content.decode()


@pytest.fixture
def results(ceremony, business):
    """Two businesses and a person; 100 million of 400 received, 30 of 50 and nothing."""
    other = make_donor("Công ty Điện lực Quảng Trị", kind="business")
    person = make_donor("Lê Văn Tám", kind="individual")
    first = announce_pledge(ceremony, donor=business, amount=400_000_000)
    second = announce_pledge(ceremony, donor=other, amount=50_000_000)
    announce_pledge(ceremony, donor=person, amount=5_000_000)
    for pledge, amount, day in ((first, 100_000_000, 20), (second, 30_000_000, 22)):
        record_receipt(
            channel=Channel.CASH, amount=amount, campaign=ceremony.campaign,
            donor=pledge.donor, received_at=at(datetime.date(2026, 10, day)),
            allocate_to=[(pledge, None)], receipt_book_number=f"BL-{day}",
        )  # fmt: skip
    return ceremony


def test_results_per_unit_and_per_kind(results):
    units, kinds, total = by_unit_and_kind(results)
    assert [(u.label, u.pledged, u.received, u.outstanding) for u in units] == [
        ("Công ty Cổ phần Xi măng Đồng Hà", 400_000_000, 100_000_000, 300_000_000),
        ("Công ty Điện lực Quảng Trị", 50_000_000, 30_000_000, 20_000_000),
        ("Lê Văn Tám", 5_000_000, 0, 5_000_000),
    ]
    assert [(k.pledges, k.pledged, k.received) for k in kinds] == [
        (1, 5_000_000, 0),  # individuals
        (2, 450_000_000, 130_000_000),  # businesses
    ]
    assert (total.pledged, total.received, total.outstanding) == (
        455_000_000, 130_000_000, 325_000_000,
    )  # fmt: skip


def test_the_gap_over_time(results):
    points = gap_over_time(results, today=datetime.date(2026, 10, 23))
    assert points[0] == (datetime.date(2026, 10, 17), 455_000_000, 0)
    by_day = {day: (pledged, received) for day, pledged, received in points}
    assert by_day[datetime.date(2026, 10, 21)] == (455_000_000, 100_000_000)
    assert points[-1] == (datetime.date(2026, 10, 23), 455_000_000, 130_000_000)
    assert len(points) == 7


def test_the_results_page_draws_the_chart_and_gives_the_xlsx(client, front_staff, results):
    client.force_login(front_staff)
    url = reverse("ceremony:results", args=[results.pk])
    page = client.get(url).content.decode()
    assert page.count("<polyline") == 2 and "<svg" in page
    assert "455.000.000 ₫" in page and "130.000.000 ₫" in page
    response = client.get(url + "?format=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    units = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert units[1][0] == "Công ty Cổ phần Xi măng Đồng Hà"
    assert units[1][3:] == (400_000_000, 100_000_000, 300_000_000)
    assert len(workbook.worksheets) == 3
