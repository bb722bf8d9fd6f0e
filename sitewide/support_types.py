"""The kinds of support the Fund pays for (a new Great Solidarity house, a repair, a
scholarship, …), on the ground floor because two floors name them: the ledger's vouchers,
pledges and support levels (donations, support) and a campaign's support items (campaigns,
which may not import the ledger). Only the choices live here; what each kind means for money
stays with the apps that use it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportType(models.TextChoices):
    HOUSE_NEW = "house_new", _("New Great Solidarity house")
    HOUSE_REPAIR = "house_repair", _("House repair")
    LIVELIHOOD = "livelihood", _("Livelihood support")
    SCHOLARSHIP = "scholarship", _("Scholarship")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance card")
    TET_GIFT = "tet_gift", _("Tết gift")
    EMERGENCY = "emergency", _("Emergency relief")
    OTHER = "other", _("Other support")
