"""The default site and its main menu, shared by every app's demo loader.

Each app adds its own section to the menu (stories, campaigns, later the public ledger), so the
menu grows with the apps and a second run adds nothing. The site's root page and its settings
are set by the demo's frame, above every app (home/demo.py).
"""

from wagtail.models import Site

from sitewide.models import SiteSettings
from sitewide.site_address import host_and_port


def default_site():
    """The default site, unsaved when the database has none yet."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = host_and_port()
        site = Site(hostname=hostname, port=port, is_default_site=True)
    return site


def add_menu_link(page, label=""):
    """Append `page` to the default site's main menu unless it is already there."""
    settings = SiteSettings.for_site(default_site())
    if any(item.value["page"] and item.value["page"].pk == page.pk for item in settings.main_menu):
        return
    settings.main_menu.append(("link", {"page": page, "label": label}))
    settings.save()
