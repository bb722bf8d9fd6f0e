"""Settling VNPay gifts whose IPN was lost: querydr through the local simulator's API."""

import datetime
import json
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from donations.models import Receipt
from giving.models import GiftStatus, OnlineGift
from giving.payments import transport
from giving.payments.simulator import api as simulator_api
from giving.payments.simulator import gateway
from giving.services import settle_pending
from giving.tasks import settle_vnpay_gift
from tests.giving.conftest import ipn_params, ipn_url, make_gift

LATER = datetime.timedelta(minutes=21)


class LostIPNs:
    """VNPay's side: querydr answered by the simulator; every IPN call lost on the way."""

    def __init__(self, config):
        self.config = config
        self.queries = []
        self.ipn_calls = 0
        self.down = False

    def __call__(self, method, url, *, body=None, headers=None, timeout=None):
        if self.down:
            raise transport.TransportError("connection refused")
        if method == "GET":
            self.ipn_calls += 1
            raise transport.TransportError("IPN lost")
        data = json.loads(body)
        self.queries.append(data)
        answer = simulator_api.answer(data, self.config)
        return transport.HttpResponse(200, json.dumps(answer).encode())


@pytest.fixture
def vnpay_side(monkeypatch, settings, vnpay_config):
    # The simulator's IPN retries are deferred tasks: keep them queued, never run.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    fake = LostIPNs(vnpay_config)
    monkeypatch.setattr(transport, "http_call", fake)
    return fake


def donor_reaches_vnpay(gift, config, outcome=None):
    """The donor opens the simulator's page with our signed URL, then (maybe) ends it."""
    from giving.payments import vnpay
    from tests.giving.conftest import RETURN_URL

    request = vnpay.build_payment_url(
        gift.txn_ref,
        gift.amount,
        "Ung ho",
        RETURN_URL,
        "127.0.0.1",
        now=vnpay.parse_vnp_date(gift.vnp_create_date),
        config=config,
    )
    query = {key: values[0] for key, values in parse_qs(urlsplit(request.url).query).items()}
    order = gateway.read_order(query, config, now=vnpay.parse_vnp_date(gift.vnp_create_date))
    gateway.remember_pending(order)
    if outcome:
        gateway.complete(order, outcome, config)
    return order


def test_paid_gift_whose_ipn_was_lost_is_recorded_by_querydr(
    client, giving_campaign, vnpay_side, vnpay_config
):
    gift = make_gift(giving_campaign, amount=200_000, email="")
    donor_reaches_vnpay(gift, vnpay_config, "pay")
    assert vnpay_side.ipn_calls == 1
    assert Receipt.objects.count() == 0

    outcomes = settle_pending(now=timezone.now() + LATER)

    assert outcomes["paid"] == 1
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PAID
    assert gift.receipt.amount == 200_000
    query = vnpay_side.queries[-1]
    assert query["vnp_Command"] == "querydr"
    assert query["vnp_TransactionDate"] == gift.vnp_create_date  # stored, never rebuilt
    assert query["vnp_TxnRef"] == gift.txn_ref
    # The IPN arriving after all is a replay now: 02, and still one receipt.
    late = client.get(
        ipn_url(ipn_params(gift, vnpay_config, vnp_TransactionNo=gift.transaction_no))
    )
    assert late.json()["RspCode"] == "02"
    assert settle_pending(now=timezone.now() + LATER) == {}
    assert Receipt.objects.count() == 1


def test_gift_not_paid_at_vnpay_expires(giving_campaign, vnpay_side, vnpay_config):
    opened = make_gift(giving_campaign)
    donor_reaches_vnpay(opened, vnpay_config)  # saw the page, never paid: status 01
    make_gift(giving_campaign)  # never reached VNPay: querydr answers 91 not found

    outcomes = settle_pending(now=timezone.now() + LATER)

    assert outcomes == {"expired": 2}
    assert set(OnlineGift.objects.values_list("status", flat=True)) == {GiftStatus.EXPIRED}
    assert Receipt.objects.count() == 0


def test_cancelled_at_vnpay_is_marked_failed(giving_campaign, vnpay_side, vnpay_config):
    gift = make_gift(giving_campaign)
    donor_reaches_vnpay(gift, vnpay_config, "insufficient")
    assert settle_pending(now=timezone.now() + LATER) == {"failed": 1}
    gift.refresh_from_db()
    assert gift.status == GiftStatus.FAILED
    assert Receipt.objects.count() == 0


def test_gifts_inside_the_window_and_grace_are_left_alone(giving_campaign, vnpay_side):
    gift = make_gift(giving_campaign)
    # VNPay's window is 15 minutes: at 16 minutes a late IPN may still come (grace of 5).
    assert settle_pending(now=timezone.now() + datetime.timedelta(minutes=16)) == {}
    assert vnpay_side.queries == []
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PENDING


def test_vnpay_unreachable_leaves_gifts_pending(giving_campaign, vnpay_side):
    gift = make_gift(giving_campaign)
    vnpay_side.down = True
    assert settle_pending(now=timezone.now() + LATER) == {"unchanged": 1}
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PENDING


def test_gift_never_sent_to_vnpay_expires_without_asking(giving_campaign, vnpay_side):
    gift = make_gift(giving_campaign, start=False)
    assert gift.vnp_create_date == ""
    assert settle_pending(now=timezone.now() + LATER) == {"expired": 1}
    assert vnpay_side.queries == []


def test_transfers_are_never_swept(giving_campaign, vnpay_side):
    gift = make_gift(giving_campaign, method="transfer")
    OnlineGift.objects.filter(pk=gift.pk).update(created_at=timezone.now() - LATER * 10)
    assert settle_pending() == {}


def test_management_command_runs_the_same_sweep(giving_campaign, vnpay_side, vnpay_config):
    paid = make_gift(giving_campaign, amount=100_000)
    donor_reaches_vnpay(paid, vnpay_config, "pay")
    lost = make_gift(giving_campaign)
    recent = make_gift(giving_campaign)
    OnlineGift.objects.exclude(pk=recent.pk).update(created_at=timezone.now() - LATER)

    out = StringIO()
    call_command("settle_vnpay", stdout=out)

    assert out.getvalue().strip() == (
        "Khoản ủng hộ VNPay đã xử lý: đã thanh toán 1, thất bại 0, hết hạn 1, chưa đổi 0."
    )
    statuses = dict(OnlineGift.objects.values_list("pk", "status"))
    assert statuses == {
        paid.pk: GiftStatus.PAID,
        lost.pk: GiftStatus.EXPIRED,
        recent.pk: GiftStatus.PENDING,
    }


def test_settlement_task_is_queued_after_the_window(giving_campaign, vnpay_side):
    from django_tasks import default_task_backend

    gift = make_gift(giving_campaign)
    queued = [
        result
        for result in default_task_backend.results
        if result.task.name == settle_vnpay_gift.name and result.args == [gift.pk]
    ]
    assert len(queued) == 1
    delay = queued[0].task.run_after - gift.created_at
    assert datetime.timedelta(minutes=19) < delay < datetime.timedelta(minutes=21)
    # The task body is the same settle_gift (run here at once: gift too young is still asked).
    OnlineGift.objects.filter(pk=gift.pk).update(created_at=timezone.now() - LATER)
    assert settle_vnpay_gift.call(gift.pk) == "expired"
