"""Whole pages for anonymous readers, from the shared cache (rules and keys in pages.py).

Placed right after SecurityMiddleware and WhiteNoise: a hit is answered before sessions, CSRF,
authentication and the page tree are touched, and on the way out this middleware sees the
cookies and headers every inner middleware added, so it knows what it must not store.
Answers carry X-Cache: HIT, STALE (a money page served while another request renders it
again, never older than the money rule), MISS (rendered here) or BYPASS (not cacheable), for
diagnosis behind the proxy. A view that answers from a store of its own (the statement CSV,
donations/public/exports.py) sets X-Cache itself, and that is kept.
"""

import logging

from django.http import HttpResponse

from sitewide.caching import pages

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not pages.enabled():
            return self.get_response(request)
        cacheable = pages.request_is_cacheable(request) and pages.canonicalise(request)
        key = pages.page_key(request) if cacheable else None
        if key is None:
            return self.bypass(request)
        try:
            counters, entry = pages.lookup(key)
            generation, money = counters[:2]
        except Exception:  # the site keeps working, uncached, while the cache is down
            logger.exception("page cache: lookup failed")
            return self.bypass(request)
        try:
            state = pages.freshness(key, entry, generation, money)
        except Exception:
            logger.exception("page cache: lookup failed")
            return self.bypass(request)
        if state in (pages.FRESH, pages.STALE):
            return self.replay(request, entry, state)

        locked = state == pages.RENDER
        pages.remember(request, counters)
        response = self.get_response(request)
        storable = pages.response_is_storable(request, response)
        if storable:
            try:  # past its number of variants, a path's page is rendered, not stored
                storable = pages.allow_variant(request, key, generation)
            except Exception:
                logger.exception("page cache: store failed")
                storable = False
        if storable:
            shows_money = pages.response_shows_money(request, response)
            pages.cdn_cache_control(response, shows_money)
            try:
                pages.store(key, response, generation, money, shows_money, locked)
            except Exception:
                logger.exception("page cache: store failed")
        else:
            pages.keep_private(response)
            try:
                if locked:
                    pages.release(key)
                pages.not_storable(key, generation)
            except Exception:
                logger.exception("page cache: release failed")
        response.setdefault("X-Cache", "MISS")
        return response

    def bypass(self, request):
        response = self.get_response(request)
        pages.keep_private(response)
        response.setdefault("X-Cache", "BYPASS")
        return response

    @staticmethod
    def replay(request, entry, state):
        _generation, _money, _stored_at, headers, content = entry
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = state
        return response
