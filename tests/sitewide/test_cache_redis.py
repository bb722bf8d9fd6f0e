"""sitewide.caching.redis.RedisCache: Django's RedisCache, one redis-py client per pool."""

import socket
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from sitewide.caching.redis import RedisCache


@pytest.fixture
def redis_cache():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    cache = RedisCache(
        "redis://127.0.0.1:6379/0", {"KEY_PREFIX": f"ct-test-redis-{uuid.uuid4().hex[:8]}"}
    )
    yield cache
    cache.delete_many(["page", "counter", "many-a", "many-b"])


def test_it_is_djangos_backend_with_the_client_kept(redis_cache):
    assert isinstance(redis_cache, DjangoRedisCache)
    first = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client(write=True) is first
    assert redis_cache._cache.get_client(write=False) is first  # one server: one pool


def test_it_behaves_as_djangos_backend(redis_cache):
    entry = (1, None, [("Content-Type", "text/html; charset=utf-8")], b"Chung tay")
    redis_cache.set("page", entry, timeout=30)
    assert redis_cache.get("page") == entry
    assert redis_cache.add("counter", 41, timeout=None)
    assert redis_cache.incr("counter") == 42
    redis_cache.set_many({"many-a": 1, "many-b": "hai"})
    assert redis_cache.get_many(["many-a", "many-b", "missing"]) == {"many-a": 1, "many-b": "hai"}
