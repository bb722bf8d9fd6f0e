from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconciliationConfig(AppConfig):
    name = "reconciliation"
    verbose_name = _("Reconciliation")

    def ready(self):
        from . import (
            gift_checks,
            ledger_integrity,  # noqa: F401 - registers verify_ledger's checks
        )

        gift_checks.register()  # split transfers in "Kiểm tra khoản ủng hộ"
