"""The public disclosure of a campaign ("Công khai"), its JSON and CSV, and its corrections.

Every figure comes from disclosure.queries (the ledger); the page keeps its rendered body as a
money fragment (per commune and page), like the statement, and every answer here is kept by the
page cache no longer than the money rule (pages.shows_money). The CSV and the PDF are served
from copies stored once per money version, like the statement's CSV.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from donations.reports.confirmation import PdfUnavailable
from donations.views.public import public_campaign, stored_download
from public_record.services import latest_checkpoint
from sitewide.caching import pages
from sitewide.text import whole_number

from . import charts, open_data, queries, report

PARAMS = ("xa", "sau")


def _filters(request, campaign):
    """(commune id or None, cursor or None), after checking both; a value that cannot be read
    is ignored and the page is not cached."""
    communes = dict(queries.communes(campaign))
    commune = whole_number(request.GET.get("xa") or "")
    after = whole_number(request.GET.get("sau") or "")
    if (request.GET.get("xa") and commune not in communes) or (
        request.GET.get("sau") and after is None
    ):
        pages.query_is_invalid(request)
    return (commune if commune in communes else None), after, communes


def _charts(money_in, money_out, commune_name=""):
    """The three pictures; with a commune filter the support-type one is that commune's."""
    by_type = (
        _("Money out by support type"),
        _("Support paid under the campaign's decisions, by type of support."),
    )
    if commune_name:
        by_type = (
            _("Money out by support type in %(commune)s") % {"commune": commune_name},
            _("Support paid to the households of %(commune)s, by type of support.")
            % {"commune": commune_name},
        )
    return [
        charts.columns(
            "received-per-day",
            _("Money received per day"),
            _("One column per day on which gifts were received; the table below has the figures."),
            [(day, amount) for day, amount, _count in money_in["per_day"]],
        ),
        charts.bars(
            "out-by-type",
            *by_type,
            [
                (row.label, row.amount)
                for row in (
                    money_out["by_support_type"]
                    if money_out.get("commune_by_support_type") is None
                    else money_out["commune_by_support_type"]
                )
            ],
        ),
        charts.bars(
            "out-by-commune",
            _("Money out by commune"),
            _("Support paid under the campaign's decisions, by the households' commune."),
            [(row.label, row.amount) for row in money_out["by_commune"]],
        ),
    ]


@pages.shows_money
@pages.reads_query(*PARAMS)
def disclosure(request, slug):
    campaign = public_campaign(slug)
    commune, after, communes = _filters(request, campaign)

    def everything():
        summary = queries.page_summary(campaign, commune)
        return {
            **summary,
            "charts": _charts(
                summary["received"], summary["distributed"], communes.get(commune, "")
            ),
            "beneficiaries": queries.beneficiaries(
                campaign, commune, after, decision_ids=summary["decision_ids"]
            ),
            "checkpoint": latest_checkpoint(),
        }

    return render(
        request,
        "disclosure/disclosure.html",
        {
            "campaign": campaign,
            "communes": communes.items(),
            "commune": commune,
            "commune_name": communes.get(commune, ""),
            "commune_query": f"xa={commune}" if commune else "",
            "data": SimpleLazyObject(everything),
        },
    )


@pages.shows_money
def disclosure_json(request, slug):
    campaign = public_campaign(slug)
    document = open_data.document(campaign, request)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@pages.shows_money
def disclosure_csv(request, slug):
    """One line per voucher, from a copy stored once per money version (the statement CSV's
    mechanism, donations.views.public.stored_download): HIT from the copy, and what would start
    a build is limited per client."""
    campaign = public_campaign(slug)
    return stored_download(
        request, campaign, None, open_data.DISTRIBUTIONS_CSV, f"cong-khai-{campaign.slug}.csv"
    )


@pages.shows_money
def corrections(request, slug):
    campaign = public_campaign(slug)
    return render(
        request,
        "disclosure/corrections.html",
        {"campaign": campaign, "rows": SimpleLazyObject(lambda: queries.corrections(campaign))},
    )


@pages.shows_money
def disclosure_pdf(request, slug):
    """The printable report (disclosure.report), optionally for one commune (?xa=), from a
    copy stored once per money version and commune, like the CSV."""
    campaign = public_campaign(slug)
    commune, _after, _communes = _filters(request, campaign)
    try:
        return stored_download(
            request,
            campaign,
            report.ReportFilters(commune=commune),
            report.REPORT_PDF,
            f"cong-khai-{campaign.slug}.pdf",
        )
    except PdfUnavailable:
        return HttpResponse(_("The PDF cannot be made on this server."), status=503)
