from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GivingConfig(AppConfig):
    """Online giving: the donate form, VNPay payments, VietQR transfer intents, refunds."""

    name = "giving"
    verbose_name = _("Online giving")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from donations.code_targets import register
        from giving import (
            gift_checks,
            ledger_integrity,  # noqa: F401 - registers verify_ledger's checks
        )
        from giving.code_targets import TransferGiftResolver

        gift_checks.register()
        register(TransferGiftResolver())  # transfer gifts' payment codes, for reconciliation
