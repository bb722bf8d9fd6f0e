"""The ledger's panels on the Front staff's admin home: money received today and in the
running campaigns, and pledges overdue, each linking to its list, filtered.

Registered by donations.wagtail_hooks for whoever may see receipts (or pledges); editors and
moderators hold neither permission and get none. The figures come from the LedgerTotal running
totals and one aggregate over pledges; nothing here lists records.
"""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component

from donations.models import Pledge
from donations.scoping import visible_funds
from donations.services import totals
from sitewide.formatting import format_date

from .dashboard import ledger_campaigns

#: Running campaigns shown at most (there is rarely more than one).
CAMPAIGNS_SHOWN = 3


def _listing(url_name, **query):
    return f"{reverse(url_name)}?{urlencode(query)}"


class ReceivedPanel(Component):
    """Received today, and in each campaign running today, as the ledger counts it (receipts
    not reversed)."""

    name = "ledger_received"
    template_name = "donations/admin/home/received.html"
    order = 110

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        day = format_date(today)
        running = list(
            ledger_campaigns().filter(start_date__lte=today, end_date__gte=today)[:CAMPAIGNS_SHOWN]
        )
        return {
            "today": today,
            "received_today": totals.received(since=today, until=today),
            "today_url": _listing(
                "receipt:index", received_from=day, received_to=day, reversed="false"
            ),
            "campaigns": [
                {
                    "campaign": campaign,
                    "received": totals.received(campaign=campaign),
                    "receipts_url": _listing(
                        "receipt:index", campaign=campaign.pk, reversed="false"
                    ),
                    "overview_url": _listing("ledger:index", campaign=campaign.pk),
                }
                for campaign in running
            ],
        }


class OverduePledgesPanel(Component):
    """How many pledges of the user's funds are overdue and how much they still owe, with the
    list to chase them."""

    name = "ledger_overdue_pledges"
    template_name = "donations/admin/home/overdue_pledges.html"
    order = 120

    def get_context_data(self, parent_context):
        pledges = Pledge.objects.filter(fund__in=visible_funds(parent_context["request"].user))
        figures = pledges.overdue().aggregate(
            pledges=Count("id"), owed=Coalesce(Sum("outstanding"), 0)
        )
        return {
            **figures,
            "pledges_url": _listing("pledge:index", overdue="true"),
            "reminders_url": reverse("pledge:reminders"),
        }
