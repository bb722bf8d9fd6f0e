from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Public disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from disclosure import integrity, record_checks, signals  # noqa: F401 - registers checks

        signals.connect()
        record_checks.register()
