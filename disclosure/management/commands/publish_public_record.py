"""`manage.py publish_public_record`: append every public line of the ledger not yet in the
public record (the daily timer runs it before signing the checkpoint)."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.publishing import publish_pending
from sitewide.management.base import VietnameseCommand


class Command(VietnameseCommand):
    help = gettext_lazy("Publish to the public record every public money line not yet in it.")

    def handle(self, *args, **options):
        counts = publish_pending()
        with translation.override("vi"):
            self.stdout.write(
                _(
                    "Published: %(receipt)s receipts, %(voucher)s vouchers, "
                    "%(correction)s corrections."
                )
                % counts
            )
