"""The database connection dropping during an IPN ends with exactly one receipt.

The worst moment is after the receipt is inserted and before the transaction commits: the
first call must then answer an error RspCode (not 00, so VNPay calls again) with nothing kept,
and VNPay's retry records the payment once. Simulated everywhere by the database raising at
that point; on PostgreSQL also for real, by terminating the IPN's backend from another
connection.
"""

from unittest import mock

import pytest
from django.db import OperationalError, close_old_connections, connection, connections

from donations.models import LedgerTotal, Receipt
from giving.models import GiftStatus, OnlineGift
from giving.payments import vnpay
from giving.services import recording
from tests.giving.conftest import ipn_params, ipn_url, make_gift


def call_ipn(client, params):
    response = client.get(ipn_url(params))
    assert response.status_code == 200
    return response.json()


def after_the_receipt(action):
    """Patch mark_paid (called once the receipt row is written, inside the IPN's transaction)
    to do its work and then `action()`."""
    real_mark_paid = recording.mark_paid

    def mark_paid_then(gift, receipt):
        real_mark_paid(gift, receipt)
        assert Receipt.objects.filter(pk=receipt.pk).exists()  # inserted, not committed
        action()

    return mock.patch.object(recording, "mark_paid", mark_paid_then)


def assert_paid_once(gift):
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PAID
    assert Receipt.objects.count() == 1
    assert gift.receipt == Receipt.objects.get()
    assert list(LedgerTotal.objects.values_list("amount", "gifts")) == [(gift.amount, 1)]


@pytest.mark.django_db
def test_an_error_before_the_commit_answers_99_and_the_retry_records_once(
    client, giving_campaign, vnpay_config
):
    gift = make_gift(giving_campaign, amount=250_000)
    params = ipn_params(gift, vnpay_config)

    def lose_the_database():
        raise OperationalError("server closed the connection unexpectedly")

    with after_the_receipt(lose_the_database):
        first = call_ipn(client, params)

    assert first == vnpay.IPN_UNKNOWN_ERROR and first["RspCode"] != "00"
    assert not Receipt.objects.exists()
    assert OnlineGift.objects.get(pk=gift.pk).status == GiftStatus.PENDING

    assert call_ipn(client, params) == vnpay.IPN_CONFIRMED  # VNPay's retry
    assert call_ipn(client, params) == vnpay.IPN_ALREADY_CONFIRMED  # and a late duplicate
    assert_paid_once(gift)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_ipn_backend_terminated_before_the_commit(client, giving_campaign, vnpay_config):
    gift = make_gift(giving_campaign, amount=400_000)
    params = ipn_params(gift, vnpay_config)

    def terminate_this_backend():
        pid = connection.connection.info.backend_pid
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
                assert cursor.fetchone() == (True,)
        finally:
            other.close()

    with after_the_receipt(terminate_this_backend):
        first = call_ipn(client, params)

    assert first["RspCode"] == "99"
    # What the server does at the end of every request (the test client skips it): the broken
    # connection is closed, and the next request opens a new one.
    close_old_connections()
    assert not Receipt.objects.exists()

    assert call_ipn(client, params) == vnpay.IPN_CONFIRMED
    assert call_ipn(client, params) == vnpay.IPN_ALREADY_CONFIRMED
    assert_paid_once(gift)
