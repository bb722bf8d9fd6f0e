"""Front staff refund VNPay gifts from the admin; the ledger records reversals (and the part kept).

VNPay is the local simulator: its IPN calls come back into our IPN view in process, its API
answers querydr/refund signed, so each refund is checked against what VNPay holds.
"""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from donations.models import Receipt, Reversal
from donations.services.totals import campaign_totals, direct_received
from giving.models import GiftRefund, GiftStatus, RefundStatus
from giving.payments import transport, vnpay
from giving.payments.simulator import api as simulator_api
from giving.payments.simulator import gateway, store
from tests.giving.conftest import RETURN_URL, make_gift


class InProcessVNPay:
    """VNPay's servers: IPN GETs go to our view through Django's test client, API POSTs to the
    simulator. ``refuse_with`` makes the API answer a refund with that code instead."""

    def __init__(self, config):
        self.config = config
        self.ipn_client = Client()
        self.refunds = []
        self.refuse_with = None

    def __call__(self, method, url, *, body=None, headers=None, timeout=None):
        parts = urlsplit(url)
        if method == "GET":
            response = self.ipn_client.get(f"{parts.path}?{parts.query}")
            return transport.HttpResponse(response.status_code, response.content)
        data = json.loads(body)
        if data.get("vnp_Command") == "refund":
            self.refunds.append(data)
            if self.refuse_with:
                answer = simulator_api._reply("refund", self.refuse_with, self.config)
                return transport.HttpResponse(200, json.dumps(answer).encode())
        answer = simulator_api.answer(data, self.config)
        return transport.HttpResponse(200, json.dumps(answer).encode())


@pytest.fixture
def vnpay_side(monkeypatch, settings, vnpay_config):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    fake = InProcessVNPay(vnpay_config)
    monkeypatch.setattr(transport, "http_call", fake)
    return fake


@pytest.fixture
def paid_gift(giving_campaign, vnpay_side, vnpay_config):
    gift = make_gift(
        giving_campaign,
        amount=200_000,
        disclosure="masked",
        donor_name="Đặng Văn Phúc",
        consent=True,
    )
    url = vnpay.build_payment_url(
        gift.txn_ref,
        gift.amount,
        "Ung ho",
        RETURN_URL,
        "127.0.0.1",
        now=vnpay.parse_vnp_date(gift.vnp_create_date),
        config=vnpay_config,
    ).url
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    order = gateway.read_order(query, vnpay_config, now=vnpay.parse_vnp_date(gift.vnp_create_date))
    gateway.complete(order, "pay", vnpay_config)
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PAID
    return gift


@pytest.fixture
def staff_client(front_staff):
    client = Client()
    client.force_login(front_staff)
    return client


def refund_url(gift):
    return f"/admin/online_gifts/refund/{gift.pk}/"


def test_full_refund_reverses_the_receipt(staff_client, paid_gift, vnpay_side, front_staff):
    receipt = paid_gift.receipt
    response = staff_client.post(
        refund_url(paid_gift), {"amount": "200000", "reason": "Người ủng hộ chuyển nhầm số tiền"}
    )

    assert response.status_code == 302
    paid_gift.refresh_from_db()
    assert paid_gift.status == GiftStatus.REFUNDED
    reversal = Reversal.objects.get(receipt=receipt)
    assert "Người ủng hộ chuyển nhầm số tiền" in reversal.reason
    assert reversal.created_by == front_staff
    assert campaign_totals(paid_gift.campaign).received == 0
    assert direct_received(campaign=paid_gift.campaign)["amount"] == 0
    refund = GiftRefund.objects.get()
    assert (refund.status, refund.full, refund.amount) == (RefundStatus.DONE, True, 200_000)
    request = vnpay_side.refunds[-1]
    assert request["vnp_TransactionType"] == "02"
    assert request["vnp_Amount"] == "20000000"
    assert request["vnp_TransactionDate"] == paid_gift.vnp_create_date
    assert request["vnp_TransactionNo"] == paid_gift.transaction_no
    assert store.get_transaction(paid_gift.txn_ref)["refunded_x100"] == 20_000_000
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {
        "donations.receipt.reverse",
        "giving.gift.refund_request",
        "giving.gift.refund_done",
    } <= actions


def test_partial_refunds_keep_the_rest_as_a_correcting_receipt(staff_client, paid_gift, vnpay_side):
    first = paid_gift.receipt
    staff_client.post(refund_url(paid_gift), {"amount": "50000", "reason": "Hoàn một phần"})

    paid_gift.refresh_from_db()
    kept = paid_gift.receipt
    assert paid_gift.status == GiftStatus.PARTLY_REFUNDED
    assert first.is_reversed
    assert (kept.amount, kept.corrects, kept.received_at) == (150_000, first, first.received_at)
    assert (kept.public_name, kept.disclosure, kept.donor) == (
        "Đặng V. P.",
        first.disclosure,
        first.donor,
    )
    assert campaign_totals(paid_gift.campaign).received == 150_000
    assert vnpay_side.refunds[-1]["vnp_TransactionType"] == "03"

    staff_client.post(refund_url(paid_gift), {"amount": "150000", "reason": "Hoàn phần còn lại"})
    paid_gift.refresh_from_db()
    assert paid_gift.status == GiftStatus.REFUNDED
    assert campaign_totals(paid_gift.campaign).received == 0
    assert Receipt.objects.count() == 2
    assert Receipt.objects.counting().count() == 0
    assert store.get_transaction(paid_gift.txn_ref)["refunded_x100"] == 20_000_000


def test_refund_of_more_than_is_left_is_refused_before_asking_vnpay(
    staff_client, paid_gift, vnpay_side
):
    response = staff_client.post(refund_url(paid_gift), {"amount": "200001", "reason": "Thử"})
    assert response.status_code == 200
    assert "Chỉ còn có thể hoàn tối đa 200.000 ₫." in response.content.decode()
    response = staff_client.post(refund_url(paid_gift), {"amount": "1000", "reason": "  "})
    assert response.status_code == 200
    assert vnpay_side.refunds == []
    assert GiftRefund.objects.count() == 0
    assert not paid_gift.receipt.is_reversed


def test_refund_refused_by_vnpay_changes_nothing_in_the_ledger(staff_client, paid_gift, vnpay_side):
    vnpay_side.refuse_with = "94"
    response = staff_client.post(
        refund_url(paid_gift), {"amount": "200000", "reason": "Yêu cầu của người ủng hộ"}
    )
    assert response.status_code == 302
    refund = GiftRefund.objects.get()
    assert refund.status == RefundStatus.REFUSED
    assert refund.response_code == "94"
    paid_gift.refresh_from_db()
    assert paid_gift.status == GiftStatus.PAID
    assert not paid_gift.receipt.is_reversed
    assert campaign_totals(paid_gift.campaign).received == 200_000
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("VNPay không hoàn tiền" in message for message in messages)


def test_refund_needs_the_front_staff_permission(paid_gift, editor, moderator):
    for user in (editor, moderator):
        client = Client()
        client.force_login(user)
        response = client.post(refund_url(paid_gift), {"amount": "1000", "reason": "x"})
        assert response.status_code in {302, 403}
        assert client.get("/admin/online_gifts/").status_code in {302, 403}
    assert GiftRefund.objects.count() == 0


def test_staff_see_gifts_but_nobody_edits_them(staff_client, paid_gift, admin_client):
    index = staff_client.get("/admin/online_gifts/")
    html = index.content.decode()
    assert index.status_code == 200
    assert paid_gift.payment_code in html
    assert paid_gift.receipt.number in html
    inspect = staff_client.get(f"/admin/online_gifts/inspect/{paid_gift.pk}/")
    assert inspect.status_code == 200
    assert "Đặng Văn Phúc" in inspect.content.decode()
    assert refund_url(paid_gift) in inspect.content.decode()
    for client in (staff_client, admin_client):
        assert client.get(f"/admin/online_gifts/edit/{paid_gift.pk}/").status_code in {302, 403}
        assert client.get(f"/admin/online_gifts/delete/{paid_gift.pk}/").status_code in {302, 403}
        assert client.get("/admin/online_gifts/new/").status_code in {302, 403}


def test_gift_listing_queries_do_not_grow_with_rows(
    staff_client, giving_campaign, vnpay_side, django_assert_max_num_queries
):
    make_gift(giving_campaign)
    staff_client.get("/admin/online_gifts/")
    with django_assert_max_num_queries(60) as captured:
        staff_client.get("/admin/online_gifts/")
    baseline = len(captured.captured_queries)
    for _index in range(8):
        make_gift(giving_campaign, method="transfer")
    with django_assert_max_num_queries(baseline):
        response = staff_client.get("/admin/online_gifts/")
    assert response.content.decode().count("UH") >= 9
