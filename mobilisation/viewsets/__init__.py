"""The Front staff's "Mobilisation" menu (Vận động): launch ceremonies (with live entry, the
stage screen, boards and results), pledge imports and the reminders sent. Each item is shown to
those holding its view permission: Front staff only."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .ceremonies import CeremonyViewSet
from .imports import PledgeImportViewSet
from .reminders import ReminderViewSet


class MobilisationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Mobilisation")
    menu_icon = "group"
    menu_order = 260
    items = (CeremonyViewSet, PledgeImportViewSet, ReminderViewSet)
