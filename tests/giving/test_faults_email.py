"""A crash between recording a receipt and sending its e-mail loses neither.

The gift row is the outbox (receipt_email_sent_at empty until the e-mail has gone). With the
database queue of production the e-mail task commits in the receipt's own transaction; with the
immediate queue it is sent after the commit, and the sweep (`send_receipt_emails`) sends what a
process that died in between left behind. Either way: one receipt, and one e-mail, eventually.
"""

from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult

from donations.models import Receipt
from giving.models import GiftStatus, OnlineGift
from giving.services import recording
from tests.giving.conftest import ipn_params, ipn_url, make_gift

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def gift(giving_campaign):
    return make_gift(
        giving_campaign,
        amount=300_000,
        disclosure="full",
        donor_name="Đặng Văn Hùng",
        consent=True,
        email="hung@example.vn",
    )


def pay(client, gift, vnpay_config):
    return client.get(ipn_url(ipn_params(gift, vnpay_config))).json()["RspCode"]


def email_tasks():
    return DBTaskResult.objects.filter(task_path="giving.tasks.send_receipt_email")


def test_a_process_dying_after_the_commit_leaves_the_email_to_the_sweep(
    client, gift, vnpay_config, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the process dies: none runs
        assert pay(client, gift, vnpay_config) == "00"
    gift.refresh_from_db()
    assert gift.receipt is not None and gift.receipt_email_sent_at is None
    assert mail.outbox == []

    call_command("send_receipt_emails", verbosity=0)
    call_command("send_receipt_emails", verbosity=0)  # the next run sends nothing more

    assert len(mail.outbox) == 1
    assert gift.receipt.number in mail.outbox[0].subject
    assert Receipt.objects.count() == 1


def test_a_mail_server_down_is_retried_by_the_sweep(client, gift, vnpay_config, settings):
    settings.EMAIL_BACKEND = "tests.giving.conftest.BrokenBackend"
    assert pay(client, gift, vnpay_config) == "00"
    with pytest.raises(Exception, match="Một số thư biên nhận không gửi được"):
        call_command("send_receipt_emails", verbosity=0)
    assert OnlineGift.objects.get(pk=gift.pk).receipt_email_sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_receipt_emails", verbosity=0)

    assert len(mail.outbox) == 1
    assert OnlineGift.objects.get(pk=gift.pk).receipt_email_sent_at is not None


# The worker closes its connection between tasks, as in production: no test transaction around.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_queue_the_email_task_commits_with_the_receipt(
    client, gift, vnpay_config, settings
):
    settings.TASKS = DATABASE_TASKS

    assert pay(client, gift, vnpay_config) == "00"

    # The worker has not run (or died): the task row is there, written with the receipt.
    (task,) = email_tasks()
    assert task.args_kwargs["args"] == [gift.pk]
    assert Receipt.objects.count() == 1 and mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    call_command("send_receipt_emails", verbosity=0)  # a sweep after the worker: nothing left

    assert len(mail.outbox) == 1
    assert OnlineGift.objects.get(pk=gift.pk).status == GiftStatus.PAID


def test_with_the_database_queue_a_failed_payment_leaves_no_email_task(
    client, gift, vnpay_config, settings
):
    """The same transaction: when the receipt rolls back, so does its e-mail task."""
    settings.TASKS = DATABASE_TASKS
    real_schedule = recording.schedule_receipt_email

    def schedule_then_lose_the_database(gift):
        real_schedule(gift)
        assert email_tasks().exists()  # written, not yet committed
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch.object(recording, "schedule_receipt_email", schedule_then_lose_the_database):
        assert pay(client, gift, vnpay_config) == "99"

    assert not Receipt.objects.exists() and not email_tasks().exists()
    assert pay(client, gift, vnpay_config) == "00"  # VNPay's retry
    assert email_tasks().count() == 1 and Receipt.objects.count() == 1
