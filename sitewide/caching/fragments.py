"""Template fragments kept between requests, for pages the full-page cache cannot serve.

The full-page cache (pages.py) only helps anonymous readers of pages without a form; staff,
the donate form (its CSRF token), a cold cache or the page cache off all render the page. Most
of what they render is the same for everyone until something is published: the navigation,
the footer, the peak-month banner, a story's article and related cards, a campaign's facts.
Those parts are wrapped in ``{% fragment %}`` (sitewide/templatetags/fragments.py: Wagtail's
``{% wagtailcache %}``, which never caches a preview, with the keys below filled in) with the
site-wide generation in their key; the money panel in ``{% money_fragment %}``, kept with the
money version it was rendered under for at most PAGE_CACHE_MONEY_MAX_AGE seconds. So:

- a publish, a settings change or anything else that bumps the generation (invalidation.py)
  makes every fragment on every app server a miss at once, without deleting anything;
- money shown from a fragment follows the page cache's money rule: rendered again on the first
  view after money is recorded (but at most once per PAGE_CACHE_MONEY_MIN_AGE seconds however
  many gifts arrive), never older than PAGE_CACHE_MONEY_MAX_AGE.

The fragments live in each process's own memory (the ``template_fragments`` cache alias, a
LocMemCache): reading one costs no network round trip, and the versions in the key — the
shared counters as they are at the request (pages.versions; counters.py keeps them current in
each process) — keep the processes coherent. This is only
sound when those versions are shared by every process, so FRAGMENT_CACHE_ENABLED is on by
default only with Redis, like the page cache; otherwise the alias is a DummyCache.

Templates get ``fragments`` from the context processor below: ``fragments.generation``,
``fragments.money``, ``fragments.today`` (the site's local date) to vary on, ``fragments.ttl``
and ``fragments.money_ttl`` as lifetimes, e.g.
``{% wagtailcache fragments.ttl "story" fragments.generation page.pk %}``.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.functional import cached_property

from sitewide.caching import pages

FRAGMENT_ALIAS = "template_fragments"


def enabled():
    return bool(settings.FRAGMENT_CACHE_ENABLED)


class FragmentKeys:
    """What fragment keys vary on and how long fragments live, looked up only when a template
    asks (admin pages and views without fragments never touch the shared cache for it)."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def _versions(self):
        if not enabled():
            return None
        try:
            return pages.versions(self.request)
        except Exception:  # a cache outage: fragments are rendered, not stored (ttl 0)
            pages.logger.exception("fragment cache: could not read versions")
            return None

    @property
    def generation(self):
        return self._versions[0] if self._versions else 0

    @property
    def money(self):
        return self._versions[1] if self._versions else 0

    @cached_property
    def site(self):
        """Menus, settings and page URLs belong to a site: its id is part of every key. The
        route cache (routing.py) has usually found the site already."""
        from wagtail.models import Site

        site = Site.find_for_request(self.request)
        return site.pk if site is not None else None

    @property
    def ttl(self):
        """Seconds a fragment lives; 0 stores nothing, when the versions cannot be trusted."""
        return int(settings.PAGE_CACHE_TTL) if self._versions else 0

    @property
    def money_ttl(self):
        return int(settings.PAGE_CACHE_MONEY_MAX_AGE) if self._versions else 0

    @cached_property
    def today(self):
        """Fragments that say "running" or "upcoming" change at midnight, local time."""
        return timezone.localdate().isoformat()


def context(request):
    """Template context processor: ``fragments``, the keys and lifetimes of page fragments."""
    return {"fragments": FragmentKeys(request)}
