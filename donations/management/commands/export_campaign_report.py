"""python manage.py export_campaign_report <campaign-slug> --output report.xlsx

The same workbook as the admin's "Download report (XLSX)": summary by channel, donor kind and
area, pledge fulfilment per donor, and the list of receipts.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from campaigns.models import CampaignPage
from donations.reports.campaign import write_campaign_report


class Command(BaseCommand):
    help = "Write a campaign's ledger report (summary, pledges per donor, receipts) as XLSX."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The campaign page's slug.")
        parser.add_argument("--output", "-o", required=True, help="Path of the .xlsx to write.")

    def handle(self, *args, slug, output, **options):
        campaigns = list(CampaignPage.objects.filter(slug=slug)[:2])
        if not campaigns:
            raise CommandError(_("No campaign has the slug “%(slug)s”.") % {"slug": slug})
        if len(campaigns) > 1:
            raise CommandError(
                _("Several campaigns have the slug “%(slug)s”; give them different slugs.")
                % {"slug": slug}
            )
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
        started = time.perf_counter()
        temporary = path.with_name(path.name + ".partial")
        write_campaign_report(campaigns[0], temporary)
        temporary.replace(path)  # a failed run leaves no half-written report behind
        elapsed = time.perf_counter() - started
        self.stdout.write(
            _("Wrote %(path)s in %(seconds).1f s.") % {"path": path, "seconds": elapsed}
        )
