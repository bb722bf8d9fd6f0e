"""The ledger's admin area: one menu group, Front staff only."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .dashboard import DashboardViewSet
from .donors import DonorViewSet
from .funds import BankAccountViewSet, CampaignFundViewSet, FundViewSet
from .pledges import PledgeViewSet
from .receipts import ReceiptViewSet


class LedgerViewSetGroup(ModelViewSetGroup):
    menu_label = _("Donations")
    menu_icon = "table"
    menu_order = 250
    items = (
        DashboardViewSet,
        ReceiptViewSet,
        PledgeViewSet,
        DonorViewSet,
        FundViewSet,
        BankAccountViewSet,
        CampaignFundViewSet,
    )
