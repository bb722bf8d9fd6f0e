from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicRecordConfig(AppConfig):
    name = "public_record"
    verbose_name = _("Public record")

    def ready(self):
        from public_record import checks  # noqa: F401  (registers the system check)
