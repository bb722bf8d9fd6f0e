"""Wagtail's site and page routing, remembered between requests under the generation.

Before a page is rendered Wagtail finds the site for the host (one query), takes the site's
root page (one query), walks the URL one slug at a time (two queries per level) and checks the
view restrictions of the page and its ancestors (two queries): six to eight queries and a few
milliseconds of ORM work for a story, before the template starts. None of it changes until a
page is published, moved or deleted, a site or a privacy setting changes: exactly what bumps
the site-wide generation (invalidation.py).

So RouteCacheMiddleware keeps, in each process's memory (the same ``template_fragments``
LocMemCache as the fragments, fragments.py says why that is coherent across servers):

- the Site found for a host and port, for every view (settings, menus and page URLs use it),
  and the site's settings (SiteSettings), both under the sites version rather than the
  generation: a publish does not change them, a change to a site or its settings moves both;
- for Wagtail's page view, the page a path routes to, copied as it came from the database
  (each request gets its own copy), and whether any view restriction applies to it. When it
  is not remembered yet, it is looked up by url_path in three queries (route_by_url_path)
  rather than walked slug by slug, wherever that gives what Wagtail's walk would.

It fills ``request._wagtail_site`` and ``request._wagtail_route_for_request``, the per-request
caches Wagtail itself reads (Site.find_for_request, Page.route_for_request), so everything
downstream — hooks, ``serve()``, the userbar — is Wagtail's own code. Pages whose route takes
arguments (RoutablePageMixin) or that answer 404 are not remembered. Page types that mix in
KnownRestrictionsMixin (restrictions.py) also skip the view-restriction queries when none
apply.

These are Wagtail's private internals: tests/test_wagtail_internals.py fails, naming the one
that changed, when an upgrade moves any of them (Wagtail is pinned to its minor version).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from sitewide.caching import fragments, pages
from sitewide.caching.restrictions import restricted_paths
from sitewide.models import SiteSettings

logger = logging.getLogger(__name__)


def _key(kind, generation, request, path=""):
    """Hashed: paths may be long or non-ASCII, and cache keys should be neither."""
    host, _port = split_domain_port(request._get_raw_host())
    where = f"{host}:{request.get_port()}:{path}".encode()
    return f"route:{kind}:{generation}:{hashlib.sha256(where).hexdigest()}"


def ttl():
    return int(settings.PAGE_CACHE_TTL)


def remember_site(request, cache, sites):
    """The Site for the request's host, and its settings when something reads them, kept under
    the sites version: publishing pages does not change them, so they outlive the generation."""
    key = _key("site", sites, request)
    site = cache.get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is not None:
            cache.set(key, site, ttl())
    request._wagtail_site = site
    if site is not None:
        setattr(
            request,
            SiteSettings.get_cache_attr_name(),
            SimpleLazyObject(lambda: _site_settings(request, cache, sites, site)),
        )
    return site


def _site_settings(request, cache, sites, site):
    """SiteSettings.for_request, from memory: Wagtail reads the request attribute set above."""
    key = f"route:settings:{sites}:{site.pk}"
    found = cache.get(key)
    if found is None:
        found = SiteSettings.for_site(site)
        cache.set(key, found, ttl())
    found._request = request  # as for_request leaves it, for settings' page URLs
    return found


def remember_route(request, cache, generation, path):
    """The routed page with its public flag, from memory, by url_path, or from Wagtail.

    The cache pickles what it stores and unpickles what it returns (LocMemCache), so the
    stored page is the one routed, as it came from the database, and every request gets its
    own copy to work on.
    """
    key = _key("page", generation, request, path)
    entry = cache.get(key)
    if entry is None:
        entry = route_by_url_path(request, path)
        if entry is None:
            route = Page.route_for_request(request, path)
            if route is None or route.args or route.kwargs:
                return
            entry = (route.page, not route.page.get_view_restrictions().exists())
        cache.set(key, entry, ttl())
    page, public = entry
    page._known_public = public
    request._wagtail_route_for_request = RouteResult(page)


def route_by_url_path(request, path):
    """(page, public) for the live page `path` leads to, in two or three queries; None where
    Wagtail must route the request itself.

    Wagtail walks the URL a slug at a time (two queries per level) and then reads the page's
    ancestors and their view restrictions (two more). A page's url_path is its ancestors'
    slugs joined, so the page and every page between it and the site's root are found in one
    query by their url_paths; then the page's own row; then whether any restriction applies to
    it or an ancestor (no query when the restricted paths are remembered, restrictions.py).
    This is what Page.route does when every page on the way routes the plain way (a child by
    its slug): a page type with a route() of its own (RoutablePageMixin, say) anywhere on the
    way, a missing or unpublished page, or anything unexpected gets Wagtail's walk instead. So
    does an alias, or a page below one: its view restrictions are those of the page it copies
    (Page.get_view_restrictions), which the paths alone do not show.
    """
    site = getattr(request, "_wagtail_site", None)
    if site is None or settings.WAGTAIL_I18N_ENABLED:
        return None
    root = site.root_page
    components = [component for component in path.split("/") if component]
    url_paths = [root.url_path]
    for component in components:
        url_paths.append(f"{url_paths[-1]}{component}/")
    found = {
        page.url_path: page
        for page in Page.objects.filter(url_path__in=url_paths, path__startswith=root.path)
    }
    if len(found) != len(url_paths):
        return None
    chain = [found[url_path] for url_path in url_paths]
    for parent, child in zip(chain, chain[1:], strict=False):
        if child.depth != parent.depth + 1 or not child.path.startswith(parent.path):
            return None
    if any(_routes_its_own_way(page) or page.alias_of_id for page in chain):
        return None
    if not chain[-1].live:
        return None
    model = chain[-1].specific_class
    # A page type may name relations its template reads, fetched with the page in one query.
    related = getattr(model, "route_select_related", ())
    page = (
        model._default_manager.select_related(*related).get(pk=chain[-1].pk)
        if related
        else chain[-1].specific
    )
    if len(chain) > 1:
        page._cached_parent_obj = chain[-2]  # as Wagtail's route leaves it
    return page, not is_restricted(page)


def is_restricted(page):
    """Whether a view restriction applies to the page or an ancestor: from the restricted
    paths the lists already read this generation, or in one query."""
    paths = restricted_paths()
    if paths is not None:
        return any(page.path.startswith(path) for path in paths)
    ancestor_paths = [
        page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)
    ]
    return PageViewRestriction.objects.filter(page__path__in=ancestor_paths).exists()


def _routes_its_own_way(page):
    model = page.specific_class
    return model is None or model.route is not Page.route


class RouteCacheMiddleware:
    """Works in process_view: the URL is resolved by then, so only Wagtail's page view is
    routed from memory; the site is remembered for every public view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not fragments.enabled() or request.method not in ("GET", "HEAD"):
            return None
        if getattr(request, "is_preview", False) or request.path.startswith("/admin/"):
            return None
        try:
            generation = pages.versions(request)[0]
            cache = caches[fragments.FRAGMENT_ALIAS]
            remember_site(request, cache, pages.sites_version(request))
            if view_func is wagtail_views.serve:
                path = view_args[0] if view_args else view_kwargs.get("path", "")
                remember_route(request, cache, generation, path)
        except Exception:  # Wagtail routes the request itself
            logger.exception("route cache: lookup failed")
        return None
