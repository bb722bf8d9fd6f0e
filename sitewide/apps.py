from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitewideConfig(AppConfig):
    name = "sitewide"
    verbose_name = _("Site")

    def ready(self):
        # Page-cache invalidation and renditions made ahead (sitewide/caching/).
        from sitewide.caching import invalidation, renditions
        from sitewide.security import checks  # noqa: F401 - registers the system checks

        invalidation.connect()
        renditions.connect()

        # The default Site follows settings.SITE_URL after every migrate.
        from django.db.models.signals import post_migrate

        from sitewide.site_address import sync_default_site

        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="sitewide-site-url")

        # Wagtail's CSV and XLSX exports write no cell a spreadsheet could run as a formula.
        from sitewide.spreadsheets import neutralise_wagtail_exports

        neutralise_wagtail_exports()

        # Money and dates typed the Vietnamese way in every Wagtail model form.
        from sitewide.forms import register_admin_form_fields

        register_admin_form_fields()

        # People's names family name first ("Hoàng Văn Hùng"). Wagtail shows a user through
        # get_full_name() in its listings, page history, workflow, audit log and reports, with
        # no setting for the order, and Django's joins first_name before last_name.
        from django.contrib.auth.models import AbstractUser

        from sitewide.formatting import full_name

        AbstractUser.get_full_name = full_name
