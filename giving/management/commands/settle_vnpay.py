"""python manage.py settle_vnpay: settle VNPay gifts still pending after the payment window.
Run it from cron every few minutes where the task queue cannot defer tasks (the default).
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giving.services.settling import SWEEP_LIMIT, settle_pending
from sitewide.management.base import VietnameseCommand


class Command(VietnameseCommand):
    help = gettext_lazy("Ask VNPay (querydr) about pending online gifts past the payment window.")

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=SWEEP_LIMIT)

    def handle(self, *args, limit, **options):
        outcomes = settle_pending(limit=limit)
        counts = {key: outcomes.get(key, 0) for key in ("paid", "failed", "expired", "unchanged")}
        with translation.override("vi"):
            self.stdout.write(
                _(
                    "VNPay gifts settled: paid %(paid)s, failed %(failed)s, expired %(expired)s, "
                    "unchanged %(unchanged)s."
                )
                % counts
            )
