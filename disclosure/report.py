"""The printable disclosure report (PDF, A4, for the commune office's notice board), optionally
for one commune, with the public record's latest checkpoint in every page's footer.

WeasyPrint takes seconds of CPU for a report of 1.000 households (10.000 vouchers: 9 s), so the
PDF is built once per money version and commune and served from a stored copy, by the
statement CSV's mechanism (donations.public.exports; REPORT_PDF is its kind, built by
disclosure.tasks.build_disclosure_pdf when the campaign is too large for a request).
"""

import dataclasses

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from donations.models import Voucher
from donations.public.exports import Export
from donations.reports.confirmation import render_pdf
from public_record.services import latest_checkpoint
from sitewide.models import Area

from . import queries

REPORT_HOUSEHOLDS = 1000


@dataclasses.dataclass(frozen=True)
class ReportFilters:
    commune: int | None = None


def report_context(campaign, commune=None):
    money_in, money_out, balance = queries.summary(campaign)
    levels, decisions = queries.levels_and_decisions(campaign)
    households = queries.beneficiaries(campaign, commune, page_size=REPORT_HOUSEHOLDS)
    name = Area.objects.filter(pk=commune).values_list("name", flat=True).first() if commune else ""
    return {
        "campaign": campaign,
        "commune_name": name or "",
        "today": timezone.localdate(),
        "received": money_in,
        "distributed": money_out,
        "balance": balance,
        "levels": levels,
        "decisions": decisions,
        "households": households["rows"],
        "more_households": households["next"] is not None,
        "corrections": queries.corrections(campaign),
        "checkpoint": latest_checkpoint(),
    }


def report_pdf(campaign, filters):
    """The report's bytes, as the one part of the stored file (raises PdfUnavailable)."""
    commune = filters.commune if filters is not None else None
    yield render_pdf("disclosure/print/report.html", report_context(campaign, commune))


REPORT_PDF = Export(
    name="disclosure-pdf",
    folder="cong-khai-pdf",
    lines=report_pdf,
    rows=lambda campaign: Voucher.objects.filter(campaign=campaign),
    task="disclosure.tasks.build_disclosure_pdf",
    suffix=".pdf",
    content_type="application/pdf",
    filters_type=ReportFilters,
    pending_text=_("The printable report is being prepared. Please try again in a moment."),
)
