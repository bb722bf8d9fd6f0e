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
