from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitewideConfig(AppConfig):
    name = "sitewide"
    verbose_name = _("Site")

    def ready(self):
        # Page-cache invalidation and renditions made ahead (sitewide/caching/).
        from sitewide.caching import invalidation, renditions

        invalidation.connect()
        renditions.connect()

        # Money and dates typed the Vietnamese way in every Wagtail model form.
        from sitewide.forms import register_admin_form_fields

        register_admin_form_fields()
