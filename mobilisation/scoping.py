"""Which ceremonies (and their pledges) a staff account works on.

A ceremony belongs to the fund its campaign collects into (donations.CampaignFund): its live
pledges go there. Province Front staff and superusers see every ceremony; a commune Front
account sees those whose campaign collects into one of its funds
(donations.scoping.visible_funds), and another commune's ceremony, stage screen, boards and
confirmations are "not found" (404), as money-out screens do. A ceremony whose campaign is not
yet linked to a fund is seen only by those who see every fund.

Pledge imports follow their campaign the same way. The ledger's own pledge screens and the
reminder lists are scoped by donations.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from campaigns.models import CampaignPage
from donations.models import Pledge
from donations.scoping import sees_all_funds, visible_funds
from mobilisation.models import Ceremony


def ceremonies_for(user):
    if sees_all_funds(user):
        return Ceremony.objects.all()
    return Ceremony.objects.filter(campaign__ledger_fund__fund__in=visible_funds(user))


def pledges_for(user):
    if sees_all_funds(user):
        return Pledge.objects.all()
    return Pledge.objects.filter(fund__in=visible_funds(user))


def imports_for(user):
    from mobilisation.models import PledgeImport

    if sees_all_funds(user):
        return PledgeImport.objects.all()
    return PledgeImport.objects.filter(campaign__ledger_fund__fund__in=visible_funds(user))


def campaigns_for(user):
    """The campaigns a ceremony of this user may be for."""
    campaigns = CampaignPage.objects.all()
    if not sees_all_funds(user):
        campaigns = campaigns.filter(ledger_fund__fund__in=visible_funds(user))
    return campaigns.order_by("-start_date", "title")


class ScopedCeremonyMixin:
    """For Wagtail's edit, delete, inspect, history and usage views of a ceremony: refused
    without the permission to view ceremonies, then found among the user's or 404."""

    def get_object(self, queryset=None):
        if not self.request.user.has_perm("mobilisation.view_ceremony"):
            raise PermissionDenied
        return get_object_or_404(
            ceremonies_for(self.request.user), pk=unquote(str(self.kwargs["pk"]))
        )
