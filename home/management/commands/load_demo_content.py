"""`manage.py load_demo_content`: the demo site on a freshly migrated database, idempotent."""

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from campaigns.models import CampaignPage, SupportItem
from campaigns.queries import running_campaigns
from donations.models import BankAccount
from home.demo import load_all
from sitewide.models import Area
from stories.models import StoryPage


def demo_counts():
    """What the demo holds, for the summary line and the idempotence test."""
    running = list(running_campaigns().values_list("title", flat=True))
    return {
        "stories": StoryPage.objects.live().count(),
        "campaigns": CampaignPage.objects.live().count(),
        "running": running,
        "support_items": SupportItem.objects.count(),
        "bank_accounts": BankAccount.objects.count(),
        "areas": Area.objects.count(),
        "images": get_image_model().objects.count(),
    }


class Command(BaseCommand):
    help = (
        "Build the demo site: home page, site settings and menu, areas, stories, campaigns, "
        "the demo ledger and bank statements, and pictures drawn with Pillow. Safe to run "
        "again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        load_all()
        counts = demo_counts()
        running = ", ".join(counts["running"]) or "none"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {counts['stories']} stories, {counts['campaigns']} campaigns "
                f"(running today: {running}), {counts['support_items']} support items, "
                f"{counts['bank_accounts']} bank accounts, {counts['areas']} areas, "
                f"{counts['images']} images."
            )
        )
