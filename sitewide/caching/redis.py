"""Django's RedisCache, keeping one redis-py client per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` object for every cache call, and
redis-py fills a table of some two hundred response callbacks in each one: about half a
millisecond, which is a third of what a page served from the cache costs. The client is only a
view of its connection pool (thread-safe, and Django already keeps one cache object per thread),
so one per pool is enough. Everything else — serialisation, keys, timeouts — is Django's.

It also hands out the CounterWatch of counters.py for keys that every request reads.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

from sitewide.caching.counters import CounterWatch


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


_watches = {}


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._watch_of_names = {}

    def watch(self, *names):
        """A CounterWatch (counters.py) of these cache keys: their values kept in this process
        until Redis says they changed. One per process for each server and set of keys."""
        watch = self._watch_of_names.get(names)
        if watch is None:
            watch = self._watch_of_names[names] = self._shared_watch(names)
        return watch

    def _shared_watch(self, names):
        keys = tuple(self.make_and_validate_key(name) for name in names)
        server = self._servers[0]  # where the counters are written
        watch = _watches.get((server, keys))
        if watch is None:
            watch = _watches.setdefault(
                (server, keys),
                CounterWatch(
                    server,
                    keys,
                    connect_timeout=self._options.get("socket_connect_timeout", 1.0),
                    timeout=self._options.get("socket_timeout", 1.0),
                ),
            )
        return watch
