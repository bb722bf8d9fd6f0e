"""Django's RedisCache, keeping one redis-py client per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` object for every cache call, and
redis-py fills a table of some two hundred response callbacks in each one: about half a
millisecond, which is a third of what a page served from the cache costs. The client is only a
view of its connection pool (thread-safe, and Django already keeps one cache object per thread),
so one per pool is enough. Everything else — serialisation, keys, timeouts — is Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
