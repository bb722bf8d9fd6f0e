"""View restrictions without asking the database on every view.

public(queryset): Wagtail's ``.public()`` reads every view restriction each time it is called,
and a page calls it for each list it shows (menu, cards, campaigns). Here the restricted paths
are read once per generation in each process (a privacy change bumps the generation) when
the fragment cache is on; otherwise it is Wagtail's own ``.public()``.

KnownRestrictionsMixin: page types whose view restrictions the route cache already knows.

Wagtail checks the view restrictions of the page and its ancestors on every view (two queries,
in its ``on_serve_page`` hook). The route cache (routing.py) works out once per generation
whether any restriction applies to a page; when none does, it marks the page copy it serves,
and this method answers without asking the database. Everything else (the admin's privacy
views, copies, aliases, pages not served through the route cache) gets Wagtail's query.
That Wagtail's serve view checks privacy through this method is fenced by
tests/test_wagtail_internals.py.
"""

import functools

from django.conf import settings
from django.core.cache import caches
from django.db.models import Q

from sitewide.caching import fragments, pages


def restricted_paths():
    """Tree paths of the pages with a view restriction, or None (fragment cache off)."""
    if not fragments.enabled():
        return None
    from wagtail.models import PageViewRestriction

    generation = pages.versions()[0]
    cache = caches[fragments.FRAGMENT_ALIAS]
    key = f"restricted-paths:{generation}"
    paths = cache.get(key)
    if paths is None:
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(key, paths, int(settings.PAGE_CACHE_TTL))
    return paths


def public(queryset):
    """``queryset.public()``: pages neither restricted nor below a restricted page."""
    paths = restricted_paths()
    if paths is None:
        return queryset.public()
    private = Q(pk__in=[])
    for path in paths:
        private |= Q(path__startswith=path)
    return queryset.exclude(private)


@functools.cache
def _no_restrictions():
    """One empty queryset, already evaluated: the hook's loop builds no query. Any method
    called on it (filter, order_by, exists) makes a new, still empty, queryset."""
    from wagtail.models import PageViewRestriction

    none = PageViewRestriction.objects.none()
    none._result_cache = []
    return none


class KnownRestrictionsMixin:
    def get_view_restrictions(self):
        if getattr(self, "_known_public", False):
            return _no_restrictions()
        return super().get_view_restrictions()
