"""Public pages of the ledger: statement, its CSV, the honour roll, check-my-gift.

Thin views: the queries live in donations/public/ and use only public columns.
"""

import math

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from campaigns.models import CampaignPage
from donations.models import Channel
from donations.public import checks, exports
from donations.public.honour import honour_count, honour_page
from donations.public.statement import (
    FILTER_PARAMS,
    STATEMENT_PARAMS,
    StatementFilterForm,
    StatementFilters,
    query_is_valid,
    statement_page,
)
from donations.services import totals
from sitewide.caching import pages
from sitewide.caching.restrictions import public
from sitewide.forms import MoneyField, MoneyInput
from sitewide.security import ratelimit
from sitewide.text import whole_number

HONOUR_PAGE_SIZE = 100
HONOUR_CACHE_SECONDS = 300


def public_campaign(slug):
    campaign = public(CampaignPage.objects.live()).filter(slug=slug).order_by("pk").first()
    if campaign is None:
        raise Http404
    return campaign


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@pages.reads_query(*STATEMENT_PARAMS)
def statement(request, slug):
    """The public statement. The rows and totals are read only when the template renders
    them: it keeps the rendered statement as a money fragment (per page and filters), so a
    page many readers open costs one read per gift, at most once per money rule's minimum age.
    """
    campaign = public_campaign(slug)
    filter_form = StatementFilterForm(request.GET)
    filters = StatementFilters.from_form(filter_form)
    if not query_is_valid(filter_form):
        pages.query_is_invalid(request)

    def page():
        found = statement_page(
            campaign,
            filters,
            after=request.GET.get("sau"),
            before=request.GET.get("truoc"),
            last=request.GET.get("trang") == "cuoi",
        )
        channels = dict(Channel.choices)
        for row in found.rows:
            row["channel_label"] = channels.get(row["channel"], row["channel"])
        return found

    return render(
        request,
        "donations/public/statement.html",
        {
            "campaign": campaign,
            "filters": filters,
            "filter_form": filter_form,
            "statement": SimpleLazyObject(page),
            "totals": SimpleLazyObject(lambda: totals.received(campaign=campaign)),
            "paging_query": _query_without(request, "sau", "truoc", "trang"),
        },
    )


@pages.reads_query(*FILTER_PARAMS)
def statement_csv(request, slug):
    """The whole (filtered) statement as CSV, from its stored copy (donations/public/exports.py).

    Never exported here for a large campaign: a repeated request is answered from storage,
    and what would start an export is limited per client.
    """
    campaign = public_campaign(slug)
    filters = StatementFilters.from_query(request.GET)
    return stored_download(
        request, campaign, filters, exports.STATEMENT, f"sao-ke-{campaign.slug}.csv"
    )


def stored_download(request, campaign, filters, export, filename):
    """A stored public file (exports.Export) as the download: the copy of the current money
    version (HIT); an older one while a new one is built (STALE); else built here for a small
    campaign or by a task, what starts a build being limited per client and per site."""
    version = exports.money_version(request)
    copy = exports.stored_copy(campaign.pk, filters, export)

    def serve(copy, state, status=503):
        return _serve_copy(copy, state, filename, export) or _export_pending(
            request, campaign, status, export
        )

    if copy is not None and copy.version == version:
        return serve(copy, "HIT")
    if copy is not None and exports.is_building(campaign.pk, filters, export):
        return serve(copy, "STALE")
    limit = settings.STATEMENT_CSV_RATE_LIMIT
    seconds = settings.STATEMENT_CSV_RATE_LIMIT_SECONDS
    if not ratelimit.allow(export.name, ratelimit.client_ip(request), limit, seconds):
        return serve(copy, "STALE", 429)
    if exports.is_small(campaign, export):
        return serve(exports.build(campaign, filters, version, export), "MISS")
    site_limit = settings.STATEMENT_CSV_BUILD_LIMIT
    if exports.is_building(campaign.pk, filters, export) or (
        ratelimit.allow(f"{export.name}-builds", "site", site_limit, seconds)
        and exports.start_build(campaign, filters, version, export)
    ):
        # With the ImmediateBackend the build has run by now.
        built = exports.stored_copy(campaign.pk, filters, export)
        if built is not None and built.version == version:
            return serve(built, "MISS")
    return serve(copy, "STALE")


def _serve_copy(copy, state, filename, export):
    """The stored file as the download, or None if there is no copy (or it was just replaced
    and deleted)."""
    if copy is None:
        return None
    try:
        file = default_storage.open(copy.name, "rb")
    except FileNotFoundError:
        return None
    response = FileResponse(file, content_type=export.content_type)
    disposition = "attachment" if export.suffix == ".csv" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Cache"] = state
    return response


def _export_pending(request, campaign, status=503, export=None):
    """The file is being prepared (503) or this client started too many (429): try later."""
    response = render(
        request,
        "donations/public/export_pending.html",
        {
            "campaign": campaign,
            "limited": status == 429,
            "pending_text": export.pending_text if export else "",
        },
        status=status,
    )
    response["Retry-After"] = str(exports.RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@pages.reads_query("trang")
def honour(request, slug):
    """The honour roll, a page of HONOUR_PAGE_SIZE donors at a time.

    A page is read from the running sums the services keep (donations.models.HonourTotal),
    an index walk that costs the same at ten million gifts; it is still cached, under a key of
    the campaign's running totals (any new or reversed gift gives a fresh page at once) and
    the page cache's generation, which a changed public display moves
    (donations.services.change_donor_disclosure), so a withdrawn name leaves at once too. A
    page number past the end redirects to the last page.
    """
    campaign = public_campaign(slug)
    number = whole_number(request.GET.get("trang"), max_digits=4) or 1
    if request.GET.get("trang") and request.GET.get("trang") != str(number):
        pages.query_is_invalid(request)
    money = totals.received(campaign=campaign)
    generation = pages.versions(request)[0]
    prefix = f"donations:honour:{campaign.pk}:{generation}:{money['gifts']}:{money['amount']}"
    key = f"{prefix}:{number}"
    rows = cache.get(key)
    if rows is None:
        start = (number - 1) * HONOUR_PAGE_SIZE
        rows = honour_page(campaign, start, HONOUR_PAGE_SIZE + 1)
        cache.set(key, rows, HONOUR_CACHE_SECONDS)
    if not rows and number > 1:
        # Past the end: the rows are counted (only then, once per state of the campaign's
        # money) and the reader is sent to the last page.
        count = cache.get(f"{prefix}:count")
        if count is None:
            count = honour_count(campaign)
            cache.set(f"{prefix}:count", count, HONOUR_CACHE_SECONDS)
        last = max(1, math.ceil(count / HONOUR_PAGE_SIZE))
        return redirect(request.path + (f"?trang={last}" if last > 1 else ""))
    return render(
        request,
        "donations/public/honour_roll.html",
        {
            "campaign": campaign,
            "rows": rows[:HONOUR_PAGE_SIZE],
            "start": (number - 1) * HONOUR_PAGE_SIZE + 1,
            "previous_page": number - 1 if number > 1 else None,
            "next_page": number + 1 if len(rows) > HONOUR_PAGE_SIZE else None,
        },
    )


class CheckGiftForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Payment code or receipt number"),
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "UH7K3Q9X / BN-2026-000123"}),
    )
    amount = MoneyField(
        label=gettext_lazy("Amount given (đồng)"),
        hint=False,
        widget=MoneyInput(attrs={"maxlength": 25, "placeholder": "500.000"}),
    )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if not amount:
            raise forms.ValidationError(_("Write the amount in đồng, e.g. 500.000."))
        return amount


@never_cache
@require_http_methods(["GET", "POST"])
def check_gift(request):
    form = CheckGiftForm(request.POST or None)
    context = {"form": form, "searched": False, "gifts": [], "awaiting": False, "limited": False}
    status = 200
    if request.method == "POST" and form.is_valid():
        if not checks.allow_attempt(request):
            context["limited"] = True
            status = 429
        else:
            context["searched"] = True
            reference, amount = form.cleaned_data["reference"], form.cleaned_data["amount"]
            context["gifts"] = checks.attach_record_positions(checks.find_gifts(reference, amount))
            context["pledge"] = checks.pledge_progress(reference, context["gifts"])
            context["total"] = checks.counted_total(context["gifts"])
            context["awaiting"] = not context["gifts"] and checks.is_awaiting_payment(
                reference, amount
            )
    return render(request, "donations/public/check_gift.html", context, status=status)
