"""The receipt e-mail: sent after the receipt commits, once, and never at the receipt's expense."""

import pytest
from django.core import mail

from donations.models import Receipt
from giving.models import OnlineGift
from giving.services import recording
from giving.tasks import send_receipt_email
from tests.giving.conftest import ipn_params, ipn_url, make_gift


def receipt_email_callbacks(callbacks):
    return [
        callback
        for callback in callbacks
        if getattr(callback, "func", None) is recording._enqueue_receipt_email
    ]


@pytest.fixture
def gift(giving_campaign):
    return make_gift(
        giving_campaign,
        amount=500_000,
        disclosure="full",
        donor_name="Vũ Thị Giang",
        consent=True,
        email="giang@example.vn",
    )


def test_email_is_sent_after_commit_with_receipt_number_and_amount(
    client, gift, vnpay_config, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.get(ipn_url(ipn_params(gift, vnpay_config)))
    assert mail.outbox == []  # nothing leaves before the receipt is committed
    assert len(receipt_email_callbacks(callbacks)) == 1
    for callback in callbacks:
        callback()

    gift.refresh_from_db()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["giang@example.vn"]
    assert gift.receipt.number in message.subject
    assert "cảm ơn" in message.subject.lower()
    assert gift.receipt.number in message.body
    assert "500.000 ₫" in message.body
    assert gift.campaign.title in message.body
    assert f"/ung-ho/khoan-ung-ho/{gift.token}/" in message.body
    assert gift.receipt_email_sent_at is not None


def test_no_email_without_an_address(
    client, giving_campaign, vnpay_config, django_capture_on_commit_callbacks
):
    gift = make_gift(giving_campaign)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.get(ipn_url(ipn_params(gift, vnpay_config)))
    assert receipt_email_callbacks(callbacks) == []
    assert mail.outbox == []


def test_a_failed_send_keeps_the_receipt(
    client, gift, vnpay_config, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.giving.conftest.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(ipn_url(ipn_params(gift, vnpay_config)))
    assert response.json()["RspCode"] == "00"
    gift.refresh_from_db()
    assert gift.receipt is not None
    assert Receipt.objects.count() == 1
    assert gift.receipt_email_sent_at is None  # free to be sent again later

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_receipt_email.call(gift.pk) is True
    assert len(mail.outbox) == 1


def test_the_email_is_sent_once(client, gift, vnpay_config, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.get(ipn_url(ipn_params(gift, vnpay_config)))
    assert send_receipt_email.call(gift.pk) is False
    assert len(mail.outbox) == 1


def test_no_email_for_an_unpaid_gift(gift):
    assert send_receipt_email.call(gift.pk) is False
    assert OnlineGift.objects.get(pk=gift.pk).receipt_email_sent_at is None
    assert mail.outbox == []
