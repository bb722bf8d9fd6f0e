"""Send the day's reminders of pledges (run daily from cron; safe to run again)."""

from django.core.management.base import BaseCommand

from mobilisation.services.reminders import run_reminders


class Command(BaseCommand):
    help = "Send today's reminders of pledges due soon or overdue (never twice)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            from mobilisation.services.reminders import plan

            for item in plan():
                self.stdout.write(
                    f"{item.pledge.code}\t{item.channel}\t{item.step}\t{item.recipient}"
                )
            return
        summary = run_reminders()
        self.stdout.write(
            f"sent {summary.sent}, failed {summary.failed}, already sent {summary.skipped}"
        )
