"""Redis for the cache tests: skipped where no Redis answers (CI always has one)."""

import socket
import uuid

import pytest

REDIS_URL = "redis://127.0.0.1:6379/0"


def needs_redis():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379")


def use_redis_cache(settings):
    """Make the default cache alias our RedisCache, under a prefix of this test's own."""
    needs_redis()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "sitewide.caching.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"ct-test-pages-{uuid.uuid4().hex[:8]}",
        },
    }


def clear(cache):
    """Empty a test's cache. On Redis only its own keys: Django's clear() is FLUSHDB, which would
    also wipe what every other process keeps on that server (another test run, a bench, the
    page cache's counters)."""
    if not hasattr(cache, "watch"):
        cache.clear()
        return
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
