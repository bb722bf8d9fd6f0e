"""`manage.py publish_public_record`: append every public line of the ledger not yet in the
public record (the daily timer runs it before signing the checkpoint)."""

from django.core.management.base import BaseCommand

from disclosure.publishing import publish_pending


class Command(BaseCommand):
    help = "Publish to the public record every public money line not yet in it."

    def handle(self, *args, **options):
        counts = publish_pending()
        self.stdout.write(
            "receipts {receipt}, vouchers {voucher}, corrections {correction}".format(**counts)
        )
