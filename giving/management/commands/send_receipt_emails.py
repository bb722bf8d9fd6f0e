"""python manage.py send_receipt_emails: send the receipt e-mails still owed to donors.

A gift's e-mail is normally sent by its task right after the payment is recorded; this sweep
sends those left behind (a process that died after the commit, a mail server that was down).
Run it from cron or a timer every few minutes; it sends each e-mail once.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giving.services.emails import SWEEP_LIMIT, send_pending_receipt_emails
from sitewide.management.base import VietnameseCommand


class Command(VietnameseCommand):
    help = gettext_lazy("Send the receipt e-mails of online gifts that have not gone yet.")

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=SWEEP_LIMIT)

    def handle(self, *args, limit, **options):
        sent, failed = send_pending_receipt_emails(limit=limit)
        self.stdout.write(
            _("Receipt e-mails sent: %(sent)s, failed: %(failed)s")
            % {"sent": sent, "failed": failed}
        )
        if failed:
            raise CommandError(_("Some receipt e-mails could not be sent; see the log."))
