"""Reconciliation's admin area: one menu group, Front staff only."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .imports import StatementImportViewSet
from .lines import StatementLineViewSet
from .setup import FeedSourceViewSet, SavedColumnMappingViewSet


class ReconciliationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Reconciliation")
    menu_icon = "tasks"
    menu_order = 260
    items = (
        StatementLineViewSet,
        StatementImportViewSet,
        SavedColumnMappingViewSet,
        FeedSourceViewSet,
    )
