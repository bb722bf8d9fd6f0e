"""What each app process keeps for itself on the hit path: the shared counters, until Redis says
they moved (sitewide/caching/counters.py), and copies of pages (local_copies.py). The page
cache's rules over both are tested in test_cache_pages.py, on Redis as well."""

import uuid

import pytest
import redis

from sitewide.caching import pages
from sitewide.caching.counters import CounterWatch
from sitewide.caching.local_copies import LocalCopies
from sitewide.caching.redis import RedisCache
from tests.sitewide.conftest import REDIS_URL, clear, needs_redis, use_redis_cache
from tests.stories.conftest import make_story


@pytest.fixture
def raw_redis():
    needs_redis()
    client = redis.Redis.from_url(REDIS_URL)
    names = [f"ct-test-watch-{uuid.uuid4().hex[:8]}-{n}" for n in ("a", "b")]
    yield client, names
    client.delete(*names)


def test_the_counters_are_read_once_until_another_client_moves_them(raw_redis):
    client, (a, b) = raw_redis
    client.set(a, 1)
    client.set(b, 10)
    watch = CounterWatch(REDIS_URL, [a, b])
    assert watch.read() == [b"1", b"10"]
    for _ in range(50):
        assert watch.read() == [b"1", b"10"]
    assert watch.fetches == 1

    client.incr(b)  # another app server records a gift
    assert watch.read() == [b"1", b"11"]
    assert watch.fetches == 2
    assert watch.read() == [b"1", b"11"]
    assert watch.fetches == 2


def test_a_missing_counter_is_watched_too(raw_redis):
    client, (a, b) = raw_redis
    watch = CounterWatch(REDIS_URL, [a, b])
    assert watch.read() == [None, None]
    client.set(a, 5)
    assert watch.read() == [b"5", None]


def test_a_lost_connection_forgets_the_values_and_reads_again(raw_redis):
    client, (a, b) = raw_redis
    client.set(a, 1)
    client.set(b, 1)
    watch = CounterWatch(REDIS_URL, [a, b])
    watch.read()
    # Redis drops the listening connection (a restart, a proxy, CLIENT KILL): a change made
    # while nobody listened must not go unseen.
    client.client_kill_filter(_id=watch.listener_id)
    client.incr(a)
    assert watch.read() == [b"2", b"1"]
    client.incr(a)
    assert watch.read() == [b"3", b"1"]  # listening again on the new connection


def test_a_flushed_database_is_seen(raw_redis):
    client, (a, b) = raw_redis
    client.set(a, 7)
    watch = CounterWatch(REDIS_URL, [a, b])
    watch.read()
    client.delete(a)
    assert watch.read() == [None, None]


def test_the_cache_backend_gives_one_watch_per_process_for_its_keys(raw_redis):
    prefix = f"ct-test-watch-{uuid.uuid4().hex[:8]}"
    first = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    second = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})  # another thread's cache object
    other = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix + "-other"})
    assert first.watch("x", "y") is second.watch("x", "y")
    assert first.watch("x", "y") is not other.watch("x", "y")
    assert first.watch("x", "y").keys == [f"{prefix}:1:x", f"{prefix}:1:y"]


# --- pages through Redis ----------------------------------------------------------------------


@pytest.fixture
def redis_pages(settings, home):
    use_redis_cache(settings)
    from wagtail.models import Site

    from sitewide.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_MONEY_MIN_AGE = 0
    pages.LOCAL_COPIES.clear()
    yield pages.page_cache()
    clear(pages.page_cache())
    pages.LOCAL_COPIES.clear()


def test_a_hit_is_served_from_the_process_copy_without_asking_redis(
    client, redis_pages, story_index, monkeypatch
):
    story = make_story(story_index, title="Chị Lò Thị Xuân dệt thổ cẩm", slug="chi-xuan")
    assert client.get(story.url)["X-Cache"] == "MISS"
    assert client.get(story.url)["X-Cache"] == "HIT"

    def no_page_reads(*args, **kwargs):
        raise AssertionError("the page was read from Redis")

    monkeypatch.setattr(type(redis_pages), "get", no_page_reads)
    watch = pages._watch(redis_pages)
    fetches = watch.fetches
    served = client.get(story.url)
    assert served["X-Cache"] == "HIT"
    assert "Chị Lò Thị Xuân dệt thổ cẩm" in served.content.decode()
    assert watch.fetches == fetches  # nor the counters


def test_a_publish_by_another_server_is_seen_by_the_next_request(client, redis_pages, story_index):
    story = make_story(story_index, title="Chị Lò Thị Xuân dệt thổ cẩm", slug="chi-xuan")
    client.get(story.url)
    assert client.get(story.url)["X-Cache"] == "HIT"

    # Another app server publishes: it moves the generation with its own connection, this
    # process's watch has not been told by its own code.
    other_server = redis.Redis.from_url(REDIS_URL)
    other_server.incr(redis_pages.make_and_validate_key(pages.GENERATION_KEY))
    assert client.get(story.url)["X-Cache"] == "MISS"


def test_money_recorded_elsewhere_refreshes_a_money_page_copy(
    client, redis_pages, settings, closed_campaign
):
    settings.PAGE_CACHE_MONEY_MAX_AGE = 60
    statement = f"/ung-ho/{closed_campaign.slug}/sao-ke/"
    client.get(statement)
    assert client.get(statement)["X-Cache"] == "HIT"
    redis.Redis.from_url(REDIS_URL).incr(redis_pages.make_and_validate_key(pages.MONEY_KEY))
    assert client.get(statement)["X-Cache"] == "MISS"


def test_a_page_that_cannot_be_stored_is_not_looked_up_again(
    client, redis_pages, story_index, monkeypatch
):
    """A page whose form needs each reader's CSRF token (no public page has one since the
    donate form is checked by origin, so a story is given one here): rendered for each
    reader, and after the first time without a useless round trip to Redis for a copy that
    can never be there."""
    from django.middleware.csrf import get_token

    from stories.models import StoryPage

    page = make_story(story_index, title="Trang có biểu mẫu", slug="trang-co-bieu-mau")
    real_serve = StoryPage.serve

    def serve_with_a_token(self, request, *args, **kwargs):
        get_token(request)
        return real_serve(self, request, *args, **kwargs)

    monkeypatch.setattr(StoryPage, "serve", serve_with_a_token)
    assert client.get(page.url)["X-Cache"] == "MISS"
    cache_class = type(redis_pages)
    real_get = cache_class.get
    asked = []

    def counting_get(self, key, *args, **kwargs):
        asked.append(key)
        return real_get(self, key, *args, **kwargs)

    monkeypatch.setattr(cache_class, "get", counting_get)
    second = client.get(page.url)
    assert second["X-Cache"] == "MISS"
    assert not [key for key in asked if key.startswith(pages.PAGE_KEY_PREFIX)]

    # A publish moves the generation: the page is looked up (and judged) again.
    page.save_revision().publish()
    client.get(page.url)
    assert [key for key in asked if key.startswith(pages.PAGE_KEY_PREFIX)]


# --- the copies themselves --------------------------------------------------------------------


def entry(generation, content, money=None):
    return (generation, money, 0.0, [("Content-Type", "text/html")], content)


def test_copies_are_bounded_in_bytes_least_recently_used_first_out():
    copies = LocalCopies()
    limit = 3 * (100 + len("Content-Type") + len("text/html"))
    for name in "abc":
        copies.put(name, entry(1, b"x" * 100), limit)
    assert copies.get("a", 1) is not None  # "a" was used: "b" is now the oldest
    copies.put("d", entry(1, b"y" * 100), limit)
    assert copies.get("b", 1) is None
    assert [copies.get(name, 1) is not None for name in "acd"] == [True, True, True]
    copies.put("huge", entry(1, b"z" * limit), limit)
    assert copies.get("huge", 1) is None
    assert len(copies) == 3


def test_a_new_generation_empties_the_copies():
    copies = LocalCopies()
    copies.put("a", entry(1, b"old"), 10_000)
    assert copies.get("a", 2) is None
    assert len(copies) == 0
    copies.put("a", entry(2, b"new"), 10_000)
    assert copies.get("a", 2)[4] == b"new"


def test_a_redis_without_tracking_is_read_every_time(raw_redis, monkeypatch):
    client, (a, b) = raw_redis
    client.set(a, 3)
    client.set(b, 4)
    watch = CounterWatch(REDIS_URL, [a, b])

    def refuse(self):
        raise redis.ResponseError("unknown command 'CLIENT', with args beginning with: 'TRACKING'")

    monkeypatch.setattr(CounterWatch, "_connect", refuse)
    with pytest.raises(redis.ResponseError):
        watch.read()
    assert watch.unavailable


def test_pages_fall_back_to_a_round_trip_when_tracking_is_refused(redis_pages, monkeypatch):
    watch = pages._watch(redis_pages)
    monkeypatch.setattr(watch, "unavailable", True)
    assert pages._watch(redis_pages) is None
    generation, money = pages.versions()
    redis.Redis.from_url(REDIS_URL).incr(redis_pages.make_and_validate_key(pages.GENERATION_KEY))
    assert pages.versions() == (generation + 1, money)
