"""Keys, versions and rules of the anonymous page cache (middleware.py runs the flow).

Why a generation counter rather than deleting keys: a publish changes many pages at once (the
page itself, its index, the home page, the feeds, the sitemap) and no process knows every URL
that is cached. Each stored page keeps the generation it was rendered under; bumping one counter
in the shared cache (Redis in production) turns every older copy into a miss on every app server
at once. Old copies are never read again and expire on their own.

Money: a page that shows campaign money is stored with the "money version" read *before* it was
rendered and lives at most PAGE_CACHE_MONEY_MAX_AGE seconds (5 by default). Recording a receipt,
a reversal or a pledge bumps that version (invalidation.py), so the next view is fresh at once;
the short life covers money written without model signals (bulk loads, the ledger's bucket
updates), so totals are never older than those few seconds.

What is never stored: anything for a request that carries a session or messages cookie (staff,
someone who just logged out), anything that used the CSRF token (the donate form) or set a
cookie, non-200 answers, POSTs, private/no-store answers, and the paths of
PAGE_CACHE_EXCLUDED_PREFIXES (admin, giving and VNPay callbacks, "check my gift", documents).

Query strings: a page is keyed by the parameters it reads, nothing else, so a junk parameter
cannot make a new copy (each was a render stored for PAGE_CACHE_TTL, without bound). What a
page reads is declared by its view (``reads_query``), by its URL name in
PAGE_CACHE_QUERY_PARAMS, or, for Wagtail's pages, by the ``cache_query_params`` of the page
types (their union: the type is known only after routing). For a cacheable request the
middleware rewrites the query string to those parameters (sorted, empty values dropped)
before the page is rendered, so the page cannot see what its key does not hold: other
parameters are ignored, not redirected (a shared link with a tracking parameter still
works). A view that declares nothing is cached only without a query string. Of the
remaining variants, a path keeps at most PAGE_CACHE_MAX_VARIANTS per generation (the rest
are rendered and not stored); a page whose type does not read a parameter it was given, or
that found a parameter invalid (``query_is_invalid``), is not stored at all.

Every PAGE_CACHE_* setting, with its default and the environment variable of the same name
that sets it, is in sitewide/settings.py, and only there.
"""

import functools
import hashlib
import logging
import time

import redis
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import QueryDict
from django.urls import Resolver404, resolve

from sitewide.caching.local_copies import LocalCopies

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
MONEY_KEY = "pagecache:money"
# Moves when a site, its settings or a site's root page changes (the generation moves too):
# what each process remembers of the sites lives under it, across publishes (routing.py).
SITES_KEY = "pagecache:sites"
# Moves when money is paid out or a payment reversed, not on gifts: what only money out changes
# (the disclosure's support progress, disclosure.queries.per_version) is kept under it.
MONEY_OUT_KEY = "pagecache:money-out"
COUNTERS = (GENERATION_KEY, MONEY_KEY, SITES_KEY, MONEY_OUT_KEY)
PAGE_KEY_PREFIX = "pagecache:page:"
VARIANTS_KEY_PREFIX = "pagecache:variants:"
# Every public template that shows campaign money marks it with data-money="…" (the ledger's
# money panel does); a page whose body carries it is treated as a money page whatever its type.
MONEY_MARKER = b"data-money"
LOCAL_COPIES = LocalCopies()
# Headers a stored page may vary on: the same for every anonymous reader of this site.
HARMLESS_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def enabled():
    return bool(settings.PAGE_CACHE_ENABLED)


def _local_bytes():
    """The bytes of pages each process may keep of its own (local_copies.py); 0: none."""
    return int(float(settings.PAGE_CACHE_LOCAL_MB) * 1024 * 1024)


# --- versions -------------------------------------------------------------------------------


def _bump(key):
    """Move a version on. A missing counter starts from the clock, so copies stored under a
    counter that was evicted or flushed can never match the new one."""
    cache = page_cache()
    try:
        try:
            return cache.incr(key)
        except ValueError:
            if cache.add(key, time.time_ns(), timeout=None):
                return cache.get(key)
            return cache.incr(key)
    except Exception:  # a cache outage must not break publishing or the ledger
        logger.exception("page cache: could not bump %s", key)
        return None
    finally:
        # This process reads the new value at once, without waiting for Redis's message.
        if (watch := _watch(cache)) is not None:
            watch.forget()


def bump_generation():
    """Every cached page becomes stale (a page was published, unpublished, moved or deleted)."""
    return _bump(GENERATION_KEY)


def bump_money():
    """Every cached money page becomes stale (money or a pledge was recorded or reversed)."""
    return _bump(MONEY_KEY)


def bump_sites():
    """What processes remember of the sites and their settings becomes stale."""
    return _bump(SITES_KEY)


def bump_money_out():
    """What only money paid out changes becomes stale (a voucher written or reversed)."""
    return _bump(MONEY_OUT_KEY)


def _read(cache, keys):
    """The counters and `keys` in one round trip; a missing counter starts from the clock."""
    values = cache.get_many([*COUNTERS, *keys])
    for counter in COUNTERS:
        if counter not in values:
            cache.add(counter, time.time_ns(), timeout=None)
            values[counter] = cache.get(counter)
    return values


def _watch(cache):
    """This process's CounterWatch of the counters (counters.py), or None: only a Redis cache
    can say when they move."""
    if not hasattr(cache, "watch"):
        return None
    watch = cache.watch(*COUNTERS)
    return None if watch.unavailable else watch


def _counters(cache, watch):
    """(generation, money version, sites version, money-out version) now; no round trip while
    Redis has not said they moved."""
    if watch is not None:
        try:
            values = watch.read()
        except redis.ResponseError:  # this Redis cannot track keys: read them every time
            logger.warning("page cache: Redis refused CLIENT TRACKING; counters read per request")
            values = [None]
        if None not in values:
            return tuple(int(value) for value in values)
        watch.forget()  # a counter to start (evicted, flushed): read below, then watched again
    values = _read(cache, [])
    return tuple(values[counter] for counter in COUNTERS)


def lookup(key):
    """(counters, stored entry or None); counters are (generation, money version, sites,
    money out).

    With Redis, the counters come from this process's watch and the entry from this process's
    own copy when that copy may be served as it is (local_copies.py); otherwise from Redis,
    whose answer is kept here when it may be. Else everything in one round trip."""
    cache = page_cache()
    watch = _watch(cache)
    if watch is None:
        values = _read(cache, [key])
        return tuple(values[counter] for counter in COUNTERS), values.get(key)
    counters = _counters(cache, watch)
    generation, money = counters[:2]
    now = time.time()
    entry = LOCAL_COPIES.get(key, generation)
    if entry is LocalCopies.UNSTORABLE:  # rendered here under this generation, not storable
        return counters, None
    if entry is not None and _state(entry, generation, money, now) == FRESH:
        return counters, entry
    entry = cache.get(key)
    if entry is not None and _state(entry, generation, money, now) == FRESH:
        _keep_local(key, entry)
    return counters, entry


def versions(request=None):
    """(generation, money version) now, read once per request and kept on it.

    Fragment and routing caches put these in their keys (fragments.py), so whatever they keep
    in a process's own memory goes stale on every app server the moment the shared counter
    moves. The middleware hands over what it already read for the page cache (remember()).
    """
    return _request_counters(request)[:2]


def sites_version(request=None):
    """The sites version now (SITES_KEY), read with the others once per request."""
    return _request_counters(request)[2]


def money_out_version(request=None):
    """The money-out version now (MONEY_OUT_KEY), read with the others once per request."""
    return _request_counters(request)[3]


def _request_counters(request):
    found = getattr(request, "_cache_counters", None)
    if found is None:
        cache = page_cache()
        found = _counters(cache, _watch(cache))
        if request is not None:
            request._cache_counters = found
    return found


def remember(request, counters):
    request._cache_counters = counters


# What to do with a stored copy: serve it, or render the page again (RENDER: and this request
# holds the render lock, which store() or release() must give back).
FRESH, STALE, MISS, RENDER = "HIT", "STALE", "MISS", "RENDER"


def freshness(key, entry, generation, money, now=None):
    """FRESH, STALE (serve it: another request is rendering the page again) or MISS.

    A copy from an older generation is never served: it may show an unpublished page. A money
    page may be served a little stale, never older than PAGE_CACHE_MONEY_MAX_AGE (the cache
    drops it then): from half that age, or as soon as money was recorded, one request (across
    all app servers, by a lock in the shared cache) renders it again while the others keep
    serving the copy. Copies younger than PAGE_CACHE_MONEY_MIN_AGE are served whatever was
    recorded since, so a campaign night's stream of gifts costs at most one render of each
    money page per that many seconds instead of a render for every reader after every gift.
    """
    state = _state(entry, generation, money, time.time() if now is None else now)
    if state is not None:
        return state
    max_age = float(settings.PAGE_CACHE_MONEY_MAX_AGE)
    if page_cache().add(key + ":render", 1, timeout=max(1, int(max_age))):
        return RENDER  # this request renders it again
    return STALE


def _state(entry, generation, money, now):
    """FRESH or MISS by the rules above, or None: a money page old enough (or behind the money
    version) that one request should render it again while the others serve it."""
    if entry is None or entry[0] != generation:
        return MISS
    stored_money, stored_at = entry[1], entry[2]
    age = now - stored_at
    if stored_money is None:  # the shared cache drops it then; a local copy must too
        return FRESH if age < float(settings.PAGE_CACHE_TTL) else MISS
    max_age = float(settings.PAGE_CACHE_MONEY_MAX_AGE)
    if age < float(settings.PAGE_CACHE_MONEY_MIN_AGE) or (
        stored_money == money and age < max_age / 2
    ):
        return FRESH
    if age >= max_age:
        return MISS
    return None


# --- requests -------------------------------------------------------------------------------


def request_is_cacheable(request):
    """An anonymous GET/HEAD of a public path: the same answer for everyone who asks it."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES)):
        return False
    if request.META.get("QUERY_STRING") and request.path in settings.PAGE_CACHE_NO_QUERY_PATHS:
        return False
    cookies = request.COOKIES
    if cookies.get(settings.SESSION_COOKIE_NAME):
        return False
    if any(cookies.get(name) for name in settings.PAGE_CACHE_BYPASS_COOKIES):
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def reads_query(*names):
    """Decorator: the view reads these query parameters and no other (see the module)."""

    def decorate(view):
        view.cache_query_params = tuple(names)
        return view

    return decorate


@functools.cache
def _page_type_params():
    from wagtail.models import get_page_models

    names = set()
    for model in get_page_models():
        names.update(getattr(model, "cache_query_params", ()))
    return tuple(sorted(names))


def query_params(request):
    """The names of the query parameters the view of this path reads; None: not declared."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ()  # a 404, never stored
    names = getattr(match.func, "cache_query_params", None)
    if names is None:
        names = settings.PAGE_CACHE_QUERY_PARAMS.get(match.url_name)
    if names is None and match.url_name == "wagtail_serve":
        names = _page_type_params()
    return names


def canonical_query(query_string, names):
    """The parameters of `names` only, sorted by name, empty values dropped."""
    sent = QueryDict(query_string)
    kept = QueryDict(mutable=True)
    for name in sorted(set(names)):
        values = [value for value in sent.getlist(name) if value]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def canonicalise(request):
    """Keep only the parameters the page reads (see the module); False if it declares none
    and a query string was sent (then the page is not cached)."""
    query_string = request.META.get("QUERY_STRING", "")
    if not query_string:
        return True
    names = query_params(request)
    if names is None:
        return False
    request.META["QUERY_STRING"] = canonical_query(query_string, names)
    request.__dict__.pop("GET", None)  # read again from the new query string
    return True


def page_key(request):
    """Scheme, host, path and (canonical) query string; None for a host Django will refuse."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    url = f"{request.scheme}://{host}{request.get_full_path()}"
    return PAGE_KEY_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def query_is_invalid(request):
    """For a view or page that found one of its parameters invalid (a tag that does not
    exist, a cursor that does not parse): its answer is not stored."""
    request.page_cache_invalid_query = True


def _reads_what_it_was_given(request, response):
    """False for a Wagtail page given a parameter its type does not read."""
    page = (getattr(response, "context_data", None) or {}).get("page")
    if page is None or not request.GET:
        return True
    from wagtail.models import Page

    if not isinstance(page, Page):
        return True
    return set(request.GET) <= set(getattr(page, "cache_query_params", ()))


def allow_variant(request, key, generation):
    """Whether one more copy with a query string may be stored for this path (see module)."""
    if not request.META.get("QUERY_STRING"):
        return True
    cache = page_cache()
    ttl = settings.PAGE_CACHE_TTL
    marker = f"{key}:variant:{generation}"
    if not cache.add(marker, 1, timeout=ttl):
        return True  # counted already
    path = f"{request.get_host()}{request.path}"
    counter = f"{VARIANTS_KEY_PREFIX}{generation}:{hashlib.sha256(path.encode()).hexdigest()}"
    cache.add(counter, 0, timeout=ttl)
    try:
        count = cache.incr(counter)
    except ValueError:  # evicted between add and incr
        cache.set(counter, 1, timeout=ttl)
        count = 1
    if count > settings.PAGE_CACHE_MAX_VARIANTS:
        cache.delete(marker)
        return False
    return True


def mark_shows_money(request):
    """For a view whose page shows campaign money: keep it no longer than the money rule."""
    request.page_cache_shows_money = True


def shows_money(view):
    """Decorator form of mark_shows_money."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        mark_shows_money(request)
        return view(request, *args, **kwargs)

    return wrapper


# --- responses ------------------------------------------------------------------------------


def response_is_storable(request, response):
    """The answer holds nothing personal and nothing that must not be shared or replayed."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if getattr(request, "page_cache_invalid_query", False):
        return False
    if not _reads_what_it_was_given(request, response):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if request.META.get("CSRF_COOKIE_USED") or getattr(request, "is_preview", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if not vary <= HARMLESS_VARY:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


@functools.cache
def _money_models(names):
    found = []
    for name in names:
        try:
            found.append(apps.get_model(name))
        except LookupError:
            continue
    return tuple(found)


def response_shows_money(request, response):
    if getattr(request, "page_cache_shows_money", False):
        return True
    page = (getattr(response, "context_data", None) or {}).get("page")
    money_types = _money_models(tuple(settings.PAGE_CACHE_MONEY_PAGE_TYPES))
    if page is not None and isinstance(page, money_types):
        return True
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in settings.PAGE_CACHE_MONEY_URL_NAMES:
        return True
    return MONEY_MARKER in response.content


def cdn_cache_control(response, shows_money):
    """With a CDN in front (PAGE_CACHE_CDN_MAX_AGE > 0) it may keep what we keep, as briefly."""
    cdn_max_age = int(settings.PAGE_CACHE_CDN_MAX_AGE)
    if cdn_max_age <= 0:
        return
    max_age = cdn_max_age
    if shows_money:
        max_age = min(cdn_max_age, int(settings.PAGE_CACHE_MONEY_MAX_AGE))
    response["Cache-Control"] = f"public, max-age=0, s-maxage={max_age}"


def keep_private(response):
    """With a CDN in front, what we do not store it must not store either."""
    if int(settings.PAGE_CACHE_CDN_MAX_AGE) > 0 and not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private"


def store(key, response, generation, money, shows_money, locked=False):
    """Keep the page for the next readers; `locked`: this request holds the render lock."""
    ttl = int(settings.PAGE_CACHE_MONEY_MAX_AGE if shows_money else settings.PAGE_CACHE_TTL)
    cache = page_cache()
    if ttl > 0:
        headers = [(name, value) for name, value in response.items() if name.lower() != "x-cache"]
        stored_money = money if shows_money else None
        entry = (generation, stored_money, time.time(), headers, response.content)
        cache.set(key, entry, timeout=ttl)
        if _watch(cache) is not None:
            _keep_local(key, entry)
    if locked:
        release(key)


def not_storable(key, generation):
    """This process rendered `key` and could not store it (the donate form, an error page):
    until the generation moves it renders it again without first asking Redis for a copy. If
    the page becomes storable (a campaign ended), its next render stores it as usual."""
    if _watch(page_cache()) is not None and _local_bytes() > 0:
        LOCAL_COPIES.mark_unstorable(key, generation, _local_bytes())


def _keep_local(key, entry):
    limit = _local_bytes()
    if limit > 0:
        LOCAL_COPIES.put(key, entry, limit)


def release(key):
    """Let the next request render this page again (see freshness)."""
    page_cache().delete(key + ":render")
