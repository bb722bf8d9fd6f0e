"""IPNs racing each other on PostgreSQL, with real threads and their own connections.

VNPay repeats IPNs and the simulator (like VNPay) may call while a retry is in flight; the row
lock on the gift must let exactly one of them record the money. The recording step is slowed
down on purpose, so without the lock every thread would find the gift pending and record it.
"""

import threading
import time

import pytest
from django.db import connection

from donations.models import Receipt
from donations.services.totals import campaign_totals, direct_received
from giving.models import GiftStatus, OnlineGift
from giving.services import confirming
from tests.conftest import run_together
from tests.giving.conftest import ipn_params, ipn_url, make_gift

# serialized_rollback: the flush after each transactional test would otherwise remove what
# migrations created (the page tree's root, groups) for the tests that follow.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8


@pytest.fixture
def slow_recording(monkeypatch):
    original = confirming.record_vnpay_receipt

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(confirming, "record_vnpay_receipt", slow)


def fire_together(urls):
    """GET every URL from its own thread, all released at once; returns the RspCodes."""
    from django.test import Client

    def ask(url):
        return lambda: Client().get(url).json()["RspCode"]

    return run_together([ask(url) for url in urls])


def test_concurrent_duplicate_ipns_record_one_receipt(
    giving_campaign, vnpay_config, slow_recording
):
    assert connection.vendor == "postgresql"
    gift = make_gift(giving_campaign, amount=200_000, email="")
    url = ipn_url(ipn_params(gift, vnpay_config))

    answers = fire_together([url] * THREADS)

    assert sorted(answers) == ["00"] + ["02"] * (THREADS - 1)
    assert Receipt.objects.count() == 1
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PAID
    assert campaign_totals(giving_campaign).received == 200_000
    assert direct_received(campaign=giving_campaign)["amount"] == 200_000


def test_concurrent_ipns_of_different_gifts_get_gap_free_numbers(giving_campaign, vnpay_config):
    gifts = [make_gift(giving_campaign, amount=10_000 * (n + 1), email="") for n in range(6)]
    urls = [ipn_url(ipn_params(gift, vnpay_config)) for gift in gifts]
    urls += urls[:2]  # two of them delivered twice

    answers = fire_together(urls)

    assert answers.count("00") == 6 and answers.count("02") == 2
    sequences = sorted(Receipt.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 7))
    assert set(OnlineGift.objects.values_list("status", flat=True)) == {GiftStatus.PAID}
    assert campaign_totals(giving_campaign).received == sum(g.amount for g in gifts)


def test_ipn_racing_the_querydr_sweep_records_once(giving_campaign, vnpay_config, slow_recording):
    """The IPN and the sweep's querydr answer arrive together: one receipt, whoever wins."""
    from giving.services import PaymentOutcome, confirm_payment

    gift = make_gift(giving_campaign, amount=300_000, email="")
    params = ipn_params(gift, vnpay_config)
    results = []

    def sweep():
        try:
            outcome = PaymentOutcome(
                txn_ref=gift.txn_ref,
                amount_x100=30_000_000,
                response_code="00",
                transaction_status="00",
                transaction_no="14422574",
            )
            results.append(confirm_payment(outcome).rsp_code)
        finally:
            connection.close()

    thread = threading.Thread(target=sweep)
    thread.start()
    answer = fire_together([ipn_url(params)])
    thread.join(timeout=60)

    assert sorted(answer + results) == ["00", "02"]
    assert Receipt.objects.count() == 1
