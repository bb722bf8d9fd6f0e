"""Background work of online giving, on django-tasks (the queue Wagtail itself uses).

- send_receipt_email: queued with a receipt (giving.services.recording.schedule_receipt_email).
- send_pending_receipt_emails: the sweep of receipt e-mails left unsent, for a scheduler
  (`python manage.py send_receipt_emails` runs the same from cron).
- settle_vnpay_gift: queued when a donor is sent to VNPay, to run after the payment window and
  grace period, where the backend can defer tasks (a database or Redis queue). The default
  ImmediateBackend of `make run` cannot wait: there, `python manage.py settle_vnpay` (cron, every
  few minutes) runs the same sweep.
- settle_vnpay_pending: the whole sweep as a task, for a scheduler that enqueues tasks.
"""

from django.utils import timezone
from django_tasks import task

from giving import conf


@task()
def send_receipt_email(gift_id):
    from giving.services.emails import send_receipt_email as send

    return send(gift_id)


@task()
def send_pending_receipt_emails():
    from giving.services.emails import send_pending_receipt_emails as sweep

    sent, failed = sweep()
    return {"sent": sent, "failed": failed}


@task()
def settle_vnpay_gift(gift_id):
    from giving.models import OnlineGift
    from giving.services.settling import settle_gift

    gift = OnlineGift.objects.filter(pk=gift_id).first()
    return settle_gift(gift) if gift is not None else "unchanged"


@task()
def settle_vnpay_pending():
    from giving.services.settling import settle_pending

    return dict(settle_pending())


def schedule_settlement(gift):
    """Queue the querydr check of one gift for after its window, where the backend can wait."""
    if not settle_vnpay_gift.get_backend().supports_defer:
        return None
    run_after = timezone.now() + conf.settle_after()
    return settle_vnpay_gift.using(run_after=run_after).enqueue(gift.pk)
