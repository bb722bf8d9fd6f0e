"""Funds, their bank accounts (and the campaigns that show each), and which fund each campaign
collects into."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from donations.models import BankAccount, CampaignFund, Fund, FundAssignment


class FundViewSet(ModelViewSet):
    model = Fund
    icon = "folder-open-inverse"
    menu_label = _("Fund list")
    menu_order = 200
    copy_view_enabled = False
    list_display = ["name", "level", "area", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("is_active")]),
        FieldPanel("area"),
        FieldPanel("parent", widget=forms.Select),
        MultiFieldPanel(
            [
                FieldPanel("committee_name"),
                FieldPanel("committee_address"),
                FieldPanel("place_name"),
                FieldRowPanel([FieldPanel("signing_for"), FieldPanel("signer_title")]),
                FieldPanel("signer_name"),
            ],
            heading=_("Confirmation of donation"),
        ),
    ]


class BankAccountViewSet(ModelViewSet):
    model = BankAccount
    icon = "form"
    menu_label = _("Bank accounts")
    menu_order = 210
    copy_view_enabled = False
    list_display = ["bank_name", "account_number", "holder", "fund", "is_active"]
    list_filter = ["fund", "is_active"]
    search_fields = ["bank_name", "account_number", "holder"]
    search_backend_name = None
    panels = [
        FieldPanel("fund", widget=forms.Select),
        FieldRowPanel([FieldPanel("bank_name"), FieldPanel("bank_bin")]),
        FieldRowPanel([FieldPanel("account_number"), FieldPanel("holder")]),
        FieldRowPanel([FieldPanel("branch"), FieldPanel("is_active")]),
        FieldPanel("campaigns", widget=forms.CheckboxSelectMultiple),
    ]


class CampaignFundViewSet(ModelViewSet):
    model = CampaignFund
    icon = "link"
    menu_label = _("Campaign funds")
    menu_order = 220
    copy_view_enabled = False
    list_display = ["campaign", "fund"]
    panels = [FieldPanel("campaign", widget=forms.Select), FieldPanel("fund", widget=forms.Select)]


class FundAssignmentViewSet(ModelViewSet):
    """Which funds a commune Front account works on (donations.scoping). No group holds these
    permissions: superusers keep the assignments."""

    model = FundAssignment
    icon = "user"
    menu_label = _("Fund assignments")
    menu_order = 230
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["user", "fund"]
    list_filter = ["fund"]
    panels = [FieldPanel("user", widget=forms.Select), FieldPanel("fund", widget=forms.Select)]
