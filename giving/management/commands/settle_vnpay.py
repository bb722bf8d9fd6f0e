"""python manage.py settle_vnpay: settle VNPay gifts still pending after the payment window.

Run it from cron every few minutes where the task queue cannot defer tasks (the default).
"""

from django.core.management.base import BaseCommand

from giving.services.settling import SWEEP_LIMIT, settle_pending


class Command(BaseCommand):
    help = "Ask VNPay (querydr) about pending online gifts past the payment window."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=SWEEP_LIMIT)

    def handle(self, *args, limit, **options):
        outcomes = settle_pending(limit=limit)
        summary = ", ".join(
            f"{key}={outcomes.get(key, 0)}" for key in ("paid", "failed", "expired", "unchanged")
        )
        self.stdout.write(f"settle_vnpay: {summary}")
        return None
