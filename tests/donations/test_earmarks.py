"""A business adopts a commune: the earmark on a pledge, checked and stored by record_pledge;
the earmarked money followed into transfers to the commune's fund (first in, first out) and the
support paid there afterwards, against figures worked out by hand below."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from donations import earmarks
from donations.models import Channel, SupportType
from donations.services import record_pledge, record_receipt, transfer_between_funds
from sitewide.models import Area
from tests.donations.conftest import (
    at,
    give_money,
    make_authority,
    make_commune_fund,
    make_donor,
    make_fund,
    pay,
)

pytestmark = pytest.mark.django_db

MILLION = 1_000_000


def day(number, month=10):
    return datetime.date(2026, month, number)


class Books:
    pass


@pytest.fixture
def books(db):
    """Province fund P; commune funds A (xã A Dơi) and B under it.

    Earmarked pledges: X (300 M, A, new houses), Y (100 M, A, any support), Z (50 M, B).
    Received by P: X 200 M on 10/10, Z 50 M on 11/10, Y 100 M on 12/10, X 100 M on 20/10.
    Transfers P → A: 80 M on 5/10, 250 M on 15/10, 120 M on 25/10.
    Vouchers in A: by fund A a new house 60 M on 14/10 and one on 16/10, a repair 30 M on 18/10;
    by fund P a new house 40 M on 11/10; by fund A support in commune B, 10 M on 16/10.
    """
    b = Books()
    b.province = make_fund()
    b.fund_a = make_commune_fund(b.province, name="Quỹ Vì người nghèo xã A Dơi")
    b.fund_b = make_commune_fund(b.province, name="Quỹ Vì người nghèo xã Hướng Lập")
    b.a, b.b = b.fund_a.area, b.fund_b.area
    give_money(b.province, 1_000 * MILLION, day(1))
    donor = make_donor("Công ty Cổ phần Xi măng Đồng Hà", kind="business")
    other = make_donor("Ngân hàng Thử Nghiệm", kind="business")
    b.x = record_pledge(
        donor=donor, amount=300 * MILLION, fund=b.province, pledged_on=day(1),
        earmark_area=b.a, earmark_support_type=SupportType.HOUSE_NEW,
        earmark_label="5 Nhà Đại đoàn kết tại xã A Dơi",
    )  # fmt: skip
    b.y = record_pledge(donor=other, amount=100 * MILLION, fund=b.province, pledged_on=day(1),
                        earmark_area=b.a)  # fmt: skip
    b.z = record_pledge(donor=other, amount=50 * MILLION, fund=b.province, pledged_on=day(1),
                        earmark_area=b.b)  # fmt: skip
    b.receipts = {}
    for pledge, amount, on in ((b.x, 200, 10), (b.z, 50, 11), (b.y, 100, 12), (b.x, 100, 20)):
        b.receipts[pledge.code, on] = record_receipt(
            channel=Channel.CASH, amount=amount * MILLION, received_at=at(day(on)),
            fund=b.province, donor=pledge.donor, allocate_to=[(pledge, None)],
            receipt_book_number=f"BL-{on}",
        )  # fmt: skip
    b.transfers = [
        transfer_between_funds(
            from_fund=b.province,
            to_fund=b.fund_a,
            amount=amount * MILLION,
            transferred_on=day(on),
            user=None,
        )  # fmt: skip
        for amount, on in ((80, 5), (250, 15), (120, 25))
    ]

    def voucher(fund, amount, on, support_type=SupportType.HOUSE_NEW, area=b.a):
        key = make_authority(fund, amount * MILLION, support_type=support_type, area_id=area.pk)
        return pay(key, amount * MILLION, day(on))

    b.early = voucher(b.fund_a, 60, 14)
    b.house = voucher(b.fund_a, 60, 16)
    b.repair = voucher(b.fund_a, 30, 18, SupportType.HOUSE_REPAIR)
    b.direct = voucher(b.province, 40, 11)
    b.elsewhere = voucher(b.fund_a, 10, 16, area=b.b)
    return b


def test_the_earmark_is_stored_on_the_pledge(books):
    books.x.refresh_from_db()
    assert books.x.earmark_area == books.a
    assert books.x.earmark_support_type == SupportType.HOUSE_NEW
    assert books.x.earmark_label == "5 Nhà Đại đoàn kết tại xã A Dơi"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"earmark_support_type": SupportType.HOUSE_NEW}, "earmark_area"),
        ({"earmark_label": "Nhà tại xã A Dơi"}, "earmark_area"),
        ({"earmark_area": "province"}, "earmark_area"),
        ({"earmark_area": "commune", "earmark_support_type": "castle"}, "earmark_support_type"),
    ],
)
def test_a_bad_earmark_is_refused(fund, kwargs, field):
    commune = Area.objects.create(
        name="Xã A Dơi", slug="xa-a-doi-t", level=Area.Level.COMMUNE, parent=fund.area
    )
    if kwargs.get("earmark_area") == "province":
        kwargs["earmark_area"] = fund.area
    elif kwargs.get("earmark_area") == "commune":
        kwargs["earmark_area"] = commune
    with pytest.raises(ValidationError) as error:
        record_pledge(donor=make_donor(), amount=MILLION, fund=fund, **kwargs)
    assert field in error.value.message_dict


def test_transfers_carry_the_earmarked_money_first_in_first_out(books):
    followed = earmarks.follow(books.a)
    # 400 M received for A (X 200 + Y 100 + X 100). The 80 M of 5/10 came before any of it.
    # 250 M on 15/10: X's 200 M and 50 M of Y's. 120 M on 25/10: Y's other 50 M and 70 M of
    # X's second 100 M (received 20/10). So 370 M arrived and 30 M are still waiting.
    assert (followed.received, followed.arrived, followed.waiting) == (
        400 * MILLION,
        370 * MILLION,
        30 * MILLION,
    )
    rows = [
        (item.pledge_id, item.amount, item.arrived, item.arrived_on) for item in followed.carried
    ]
    assert rows == [
        (books.x.pk, 200 * MILLION, 200 * MILLION, day(15)),
        (books.y.pk, 100 * MILLION, 100 * MILLION, day(15)),
        (books.x.pk, 100 * MILLION, 70 * MILLION, day(25)),
    ]
    first, second, third = books.transfers
    assert earmarks.carried_by(first) == []
    carried = [(item.pledge_id, amount) for item, amount in earmarks.carried_by(second)]
    assert carried == [(books.x.pk, 200 * MILLION), (books.y.pk, 50 * MILLION)]
    carried = [(item.pledge_id, amount) for item, amount in earmarks.carried_by(third)]
    assert carried == [(books.y.pk, 50 * MILLION), (books.x.pk, 70 * MILLION)]


def test_what_is_waiting_per_commune(books):
    rows = [(row.area, row.received, row.waiting) for row in earmarks.waiting_by_commune()]
    # B: 50 M received, nothing sent to B's fund. A: 30 M (above).
    assert rows == [(books.b, 50 * MILLION, 50 * MILLION), (books.a, 400 * MILLION, 30 * MILLION)]


def test_what_the_money_built(books):
    x = earmarks.outcome(books.x)
    # X (new houses): P's own house of 11/10 (after X's first money, 10/10) and A's house of
    # 16/10 (after X's money reached A, 15/10). Not A's house of 14/10 (before), nor the repair
    # (another type), nor the support in commune B.
    assert [v.pk for v in x.vouchers] == [books.direct.pk, books.house.pk]
    assert (x.received, x.arrived, x.arrived_on, x.spent) == (
        300 * MILLION,
        270 * MILLION,
        day(15),
        100 * MILLION,
    )
    y = earmarks.outcome(books.y)
    # Y (any support): A's house of 16/10 and the repair of 18/10; P's house of 11/10 was paid
    # before Y's money came (12/10).
    assert [v.pk for v in y.vouchers] == [books.house.pk, books.repair.pk]
    assert (y.arrived, y.arrived_on, y.spent) == (100 * MILLION, day(15), 90 * MILLION)
    assert earmarks.outcome(books.z).vouchers == []


def test_a_reversed_transfer_carries_nothing(books):
    from donations.services import reverse_transfer

    reverse_transfer(books.transfers[2], reason="Chuyển nhầm", user=None)
    followed = earmarks.follow(books.a)
    assert (followed.arrived, followed.waiting) == (250 * MILLION, 150 * MILLION)


# --- on screen ------------------------------------------------------------------------------


def test_the_pledge_form_records_the_earmark(client, front_staff, books):
    client.force_login(front_staff)
    donor = make_donor("Công ty Thử Nghiệm", kind="business")
    form = {
        "donor": donor.pk, "campaign": "", "fund": books.province.pk, "amount": "600.000.000",
        "goods_description": "", "pledged_on": "17/10/2026", "due_on": "", "event": "",
        "note": "", "earmark_area": books.a.pk, "earmark_support_type": "house_new",
        "earmark_label": "10 Nhà Đại đoàn kết tại xã A Dơi",
    }  # fmt: skip
    response = client.post(reverse("pledge:add"), form)
    assert response.status_code == 302
    pledge = donor.pledges.get()
    assert (pledge.earmark_area, pledge.earmark_support_type, pledge.earmark_label) == (
        books.a,
        "house_new",
        "10 Nhà Đại đoàn kết tại xã A Dơi",
    )
    # A province is not a commune: the form does not even offer it.
    response = client.post(reverse("pledge:add"), {**form, "earmark_area": books.province.area.pk})
    assert response.status_code == 200 and donor.pledges.count() == 1


def test_the_pledge_and_the_donor_show_what_the_money_built(client, front_staff, books):
    client.force_login(front_staff)
    page = client.get(reverse("pledge:inspect", args=[books.x.pk])).content.decode()
    assert "5 Nhà Đại đoàn kết tại xã A Dơi" in page
    assert books.a.name in page
    assert "từ quỹ nhận khoản này" in page
    assert books.direct.number in page and books.house.number in page
    assert books.early.number not in page and books.repair.number not in page
    assert "270.000.000 ₫" in page  # arrived in A (worked out above)
    assert "100.000.000 ₫" in page  # spent there since
    donor_page = client.get(reverse("donor:inspect", args=[books.x.donor_id])).content.decode()
    assert books.house.number in donor_page and books.x.code in donor_page
    receipt = books.receipts[books.x.code, 10]
    page = client.get(reverse("receipt:inspect", args=[receipt.pk])).content.decode()
    assert f"Địa chỉ ủng hộ: {books.a.name} · Xây mới nhà Đại đoàn kết" in page


def test_the_transfer_form_shows_what_is_waiting_and_a_transfer_what_it_carries(
    client, front_staff, books
):
    client.force_login(front_staff)
    page = client.get(reverse("fundtransfer:add")).content.decode()
    assert "Tiền ủng hộ có địa chỉ chưa chuyển" in page
    assert "30.000.000 ₫" in page and "50.000.000 ₫" in page
    page = client.get(reverse("fundtransfer:inspect", args=[books.transfers[1].pk])).content
    page = page.decode()
    assert books.x.code in page and books.y.code in page
    assert "200.000.000 ₫" in page and "50.000.000 ₫" in page
