"""Public pages of the ledger: statement, its CSV, the honour roll, check-my-gift.

Thin views: the queries live in donations/public/ and use only public columns.
"""

import csv

from django import forms
from django.core.cache import cache
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from campaigns.models import CampaignPage
from donations.models import Channel
from donations.public import checks
from donations.public.honour import honour_roll
from donations.public.statement import (
    StatementFilterForm,
    StatementFilters,
    statement_page,
    statement_rows,
)
from donations.services import totals
from sitewide.caching.restrictions import public
from sitewide.formatting import format_datetime
from sitewide.forms import MoneyField, MoneyInput
from sitewide.spreadsheets import SafeWriter
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


def statement(request, slug):
    """The public statement. The rows and totals are read only when the template renders
    them: it keeps the rendered statement as a money fragment (per page and filters), so a
    page many readers open costs one read per gift, at most once per money rule's minimum age.
    """
    campaign = public_campaign(slug)
    filter_form = StatementFilterForm(request.GET)
    filters = StatementFilters.from_form(filter_form)

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


class _Echo:
    def write(self, value):
        return value


def statement_csv(request, slug):
    """The whole (filtered) statement as CSV, streamed row by row from the database.

    Every row goes through sitewide.spreadsheets: a donor who named themselves "=HYPERLINK(…)"
    on the donate form must not run it on every reader's computer.
    """
    campaign = public_campaign(slug)
    filters = StatementFilters.from_query(request.GET)
    rows = statement_rows(campaign, filters).order_by("-received_at", "-id")
    channels = {value: str(label) for value, label in Channel.choices}
    anonymous, counted, reversed_label = _("Anonymous donor"), _("Counted"), _("Reversed")
    writer = SafeWriter(csv.writer(_Echo()))

    def lines():
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(
            [_("Received at"), _("Donor"), _("Amount (đồng)"), _("Channel"), _("Status")]
        )
        for row in rows.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    format_datetime(row["received_at"]),
                    row["public_name"] or anonymous,
                    row["amount"],
                    channels.get(row["channel"], row["channel"]),
                    reversed_label if row["reversal__id"] else counted,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sao-ke-{campaign.slug}.csv"'
    return response


def honour(request, slug):
    """The honour roll, a page of HONOUR_PAGE_SIZE donors at a time.

    Summing a campaign's named gifts per donor reads every such gift, so a page is cached;
    the key holds the campaign's running totals, so any new or reversed gift gives a fresh
    page at once (a changed public display shows within HONOUR_CACHE_SECONDS).
    """
    campaign = public_campaign(slug)
    number = whole_number(request.GET.get("trang"), max_digits=4) or 1
    money = totals.received(campaign=campaign)
    key = f"donations:honour:{campaign.pk}:{money['gifts']}:{money['amount']}:{number}"
    rows = cache.get(key)
    if rows is None:
        start = (number - 1) * HONOUR_PAGE_SIZE
        rows = list(honour_roll(campaign)[start : start + HONOUR_PAGE_SIZE + 1])
        cache.set(key, rows, HONOUR_CACHE_SECONDS)
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
            context["gifts"] = checks.find_gifts(reference, amount)
            context["awaiting"] = not context["gifts"] and checks.is_awaiting_payment(
                reference, amount
            )
    return render(request, "donations/public/check_gift.html", context, status=status)
