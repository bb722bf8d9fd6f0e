"""The "Support" menu (Hỗ trợ) of the admin: spending decisions, beneficiary households,
houses, support levels. Each item is shown to those holding its view permission (Front staff,
the board, commune Front staff); editors and moderators see none of it."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .beneficiaries import BeneficiaryViewSet
from .decisions import DecisionViewSet, SupportLevelViewSet
from .houses import HouseViewSet


class SupportViewSetGroup(ModelViewSetGroup):
    menu_label = _("Support")
    menu_icon = "group"
    menu_order = 260
    items = (DecisionViewSet, BeneficiaryViewSet, HouseViewSet, SupportLevelViewSet)
