from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class ReconciliationConfig(AppConfig):
    name = "reconciliation"
    verbose_name = _("Reconciliation")

    def ready(self):
        from . import ledger_integrity  # noqa: F401 - registers verify_ledger's checks

        if apps.is_installed("giving"):
            from .giving_codes import TransferGiftResolver
            from .resolvers import register

            register(TransferGiftResolver())
