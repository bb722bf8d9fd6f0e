"""The Front staff's "Fund" menu (Quỹ): one admin menu for the Fund's money, in sections.

The ledger's own lists come first (overview, receipts, the fund balance, payment vouchers,
transfers between funds, donors, pledges). Apps above the ledger
add their lists to the same menu through the FUND_MENU_HOOK hook (giving's online gifts, as a
viewset whose ``menu_hook`` is FUND_MENU_HOOK, or any function registered under that name that
returns a MenuItem), so the ledger never imports them; their ``menu_order`` places them between
the ledger's lists (below 200) and the fund's set-up (funds, bank accounts, which fund each
campaign collects into), a section of its own at the end. Each item is shown to those holding
its view permission, the menu to those who see any item: Front staff only.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .dashboard import DashboardViewSet
from .donors import DonorViewSet
from .funds import BankAccountViewSet, CampaignFundViewSet, FundAssignmentViewSet, FundViewSet
from .pledges import PledgeViewSet
from .receipts import ReceiptViewSet
from .spending import FundBalanceViewSet, FundTransferViewSet, VoucherViewSet

FUND_MENU_HOOK = "register_fund_menu_item"


class FundSetupViewSetGroup(ModelViewSetGroup):
    """A section of the Fund menu, not an entry of the main menu."""

    menu_label = _("Fund set-up")
    menu_icon = "cogs"
    menu_order = 900
    add_to_admin_menu = False
    items = (FundViewSet, BankAccountViewSet, CampaignFundViewSet, FundAssignmentViewSet)


class LedgerViewSetGroup(ModelViewSetGroup):
    menu_label = _("Fund")
    menu_icon = "table"
    menu_order = 250
    submenu_hook = FUND_MENU_HOOK
    items = (
        DashboardViewSet,
        ReceiptViewSet,
        FundBalanceViewSet,
        VoucherViewSet,
        FundTransferViewSet,
        PledgeViewSet,
        DonorViewSet,
        FundSetupViewSetGroup,
    )
