"""Send the day's reminders of pledges (run daily from cron; safe to run again)."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobilisation.services.reminders import plan, run_reminders
from sitewide.management.base import VietnameseCommand


class Command(VietnameseCommand):
    help = gettext_lazy("Send today's reminders of pledges due soon or overdue (never twice).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("List what would be sent."))

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for item in plan():
                self.stdout.write(
                    f"{item.pledge.code}\t{item.channel}\t{item.step}\t{item.recipient}"
                )
            return
        summary = run_reminders()
        with translation.override("vi"):
            self.stdout.write(
                _("Reminders sent: %(sent)s, failed: %(failed)s, already sent: %(skipped)s.")
                % {"sent": summary.sent, "failed": summary.failed, "skipped": summary.skipped}
            )
