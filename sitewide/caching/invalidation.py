"""What makes cached pages stale, wired to signals by SitewideConfig.ready().

Each change bumps its version twice: at once (so the process that made it, and a test, sees it
immediately) and again when the transaction commits (so a page another app server rendered
from the old rows while the change was being written is not kept under the new version). A
bump is one INCR in the shared cache; nothing is deleted key by key.

- The generation (every page): a page published, unpublished, moved or deleted; a snippet
  published; site settings, sites, redirects, areas, images, view restrictions, the Fund's
  bank accounts (or which campaigns show them) or a campaign's fund changed.
- The sites version, as well as the generation: a site or its settings changed, or a site's
  root page published, moved or deleted.
- The money version (pages that show money): a receipt, reversal, allocation or pledge written,
  a fund linked to a campaign or a bank account changed. Looked up lazily by name, so
  sitewide does not import the ledger, and skipped when an app is not installed.
- The money-out version (what only money paid out changes): a voucher written or reversed;
  moved by the app that watches vouchers (disclosure.signals) through money_out_changed().
- A many-to-many link (LINKS) whose rows are added or removed without a save of either side
  counts as a change of the model that declares it.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from sitewide.caching import pages

logger = logging.getLogger(__name__)

GENERATION_MODELS = (
    "wagtailcore.Site",
    "sitewide.SiteSettings",
    "sitewide.Area",
    "wagtailredirects.Redirect",
    "wagtailimages.Image",
    "wagtailcore.PageViewRestriction",
    # Shown on campaign pages outside the money panel (accounts, the donate form), and rarely
    # changed: every page goes stale, not only money pages.
    "donations.BankAccount",
    "donations.CampaignFund",
)
# Also move the sites version (pages.SITES_KEY): the site and settings each process remembers.
SITES_MODELS = ("wagtailcore.Site", "sitewide.SiteSettings")
MONEY_MODELS = (
    "donations.Receipt",
    "donations.Reversal",
    "donations.Allocation",
    "donations.Pledge",
    "donations.CampaignFund",
    "donations.BankAccount",
)
# "app.Model.field": a many-to-many field of a model listed above. A campaign's bank accounts
# are chosen in the bank account's form: the campaign page must show the change at once.
LINKS = ("donations.BankAccount.campaigns",)
# The through model of each link, and the label of the model that declares it (connect()).
_link_owners = {}


def _now_and_on_commit(bump):
    bump()
    transaction.on_commit(bump, robust=True)


def site_changed(sender=None, **kwargs):
    _now_and_on_commit(pages.bump_generation)


def sites_changed(sender=None, **kwargs):
    """A site or its settings: what processes remember of them, and every page."""
    _now_and_on_commit(pages.bump_sites)
    site_changed()


def _if_site_root(page):
    """A site's root page published, moved or deleted changes the site as remembered."""
    from wagtail.models import Site

    if page is not None and Site.objects.filter(root_page_id=page.pk).exists():
        _now_and_on_commit(pages.bump_sites)


def page_moved(sender=None, instance=None, **kwargs):
    site_changed()
    _if_site_root(instance)


def money_changed(sender=None, **kwargs):
    _now_and_on_commit(pages.bump_money)


def money_out_changed(sender=None, **kwargs):
    _now_and_on_commit(pages.bump_money_out)


def link_changed(sender=None, action="", **kwargs):
    """Rows added to or removed from a link: as if the model that declares it were saved."""
    if not action.startswith("post_"):
        return
    owner = _link_owners.get(sender)
    if owner in SITES_MODELS:
        sites_changed()
    elif owner in GENERATION_MODELS:
        site_changed()
    if owner in MONEY_MODELS:
        money_changed()


def page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        site_changed()
        _if_site_root(instance)


def page_published_or_unpublished(sender, instance, **kwargs):
    site_changed()
    _if_site_root(instance)
    purge_listings(instance)


def purge_listings(page):
    """Wagtail's frontend cache purges the page's own URLs; a CDN also keeps the listings that
    show it (its index, the home page), so purge the live ancestors too."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    try:
        ancestors = page.get_ancestors().live().filter(depth__gt=1).specific()
        purge_pages_from_cache(list(ancestors))
    except Exception:  # a CDN outage must not stop publishing; the CDN's TTL still applies
        logger.exception("frontend cache: could not purge the listings of %s", page.pk)


def _models(names):
    for name in names:
        try:
            yield apps.get_model(name)
        except LookupError:
            continue


def _links(names):
    for name in names:
        model_name, _dot, field_name = name.rpartition(".")
        try:
            model = apps.get_model(model_name)
            through = model._meta.get_field(field_name).remote_field.through
        except (LookupError, FieldDoesNotExist):
            continue
        yield model, through


def connect():
    """Called once from SitewideConfig.ready(); dispatch_uid keeps it idempotent."""
    from wagtail.signals import page_published, page_unpublished, post_page_move, published

    page_published.connect(page_published_or_unpublished, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="pagecache-moved")
    published.connect(site_changed, dispatch_uid="pagecache-snippet-published")
    post_delete.connect(page_deleted, dispatch_uid="pagecache-page-deleted")
    for model in _models(GENERATION_MODELS):
        changed = sites_changed if model in set(_models(SITES_MODELS)) else site_changed
        post_save.connect(changed, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"pagecache-del-{model}")
    for model in _models(MONEY_MODELS):
        post_save.connect(money_changed, sender=model, dispatch_uid=f"pagecache-money-{model}")
        post_delete.connect(money_changed, sender=model, dispatch_uid=f"pagecache-mdel-{model}")
    for model, through in _links(LINKS):
        _link_owners[through] = model._meta.label
        uid = f"pagecache-link-{through._meta.label}"
        m2m_changed.connect(link_changed, sender=through, dispatch_uid=uid)
