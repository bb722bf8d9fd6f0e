from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """Money out, the people's side: beneficiary households, support levels, spending decisions
    and their lines, houses followed through their stages, the link to a story."""

    name = "support"
    verbose_name = _("Support")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from support import authority, caching, earmarks, funding, ledger_integrity  # noqa: F401

        authority.register()
        earmarks.register()
        caching.connect()
        funding.connect()
