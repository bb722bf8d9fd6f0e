"""The shared counters (generation, money and sites versions, pages.py), kept in each process
until Redis says they moved.

Every request needs the counters (the page cache compares them with a stored copy; the
fragments and the route cache put them in their keys). Reading them is a round trip to Redis:
on a page served from the cache that round trip was half of the time the page cost. Yet they
move only when something is published or money is recorded.

So each process keeps the values it read and asks Redis to tell it when they change: Redis's
own client-side caching protocol ("tracking", https://redis.io/docs/latest/develop/reference/
client-side-caching/). One connection reads the counters with CLIENT TRACKING ON, redirecting
its invalidation messages to a second connection subscribed to ``__redis__:invalidate``. Before
the kept values are used, that second connection is polled without waiting: Redis writes the
message the moment a counter is INCRemented, before the writer is answered, so by the time a
publish has returned to whoever made it, every app server that reads the counters again sees
the message and reads the new values. Nothing is ever served on a timer.

Anything unexpected (a message of any kind, a dropped connection, a fork, an error) forgets
the kept values and both connections; the next read starts over and reads Redis again. redis-py
has this built in (``cache_config``) only for Redis 7.4 and later; this is the same protocol in
the form Redis has supported since 6.0, for the few keys that matter.
"""

import contextlib
import os
import threading

import redis

INVALIDATION_CHANNEL = "__redis__:invalidate"


class CounterWatch:
    """Values of a few Redis keys, read once and then kept until Redis invalidates them."""

    def __init__(self, url, keys, *, connect_timeout=1.0, timeout=1.0):
        self.url = url
        self.keys = list(keys)
        # RESP2: there, the listener's messages are ordinary replies, read one at a time.
        self._pool_options = {
            "socket_connect_timeout": connect_timeout,
            "socket_timeout": timeout,
            "protocol": 2,
        }
        self._lock = threading.Lock()
        self._pid = None
        self._pool = self._reader = self._listener = None
        self._values = None
        # Set when the server refuses tracking (a managed Redis without CLIENT, Redis < 6):
        # callers then read the counters themselves, a round trip each time.
        self.unavailable = False
        self.fetches = 0  # round trips made for the values: for tests and diagnosis
        self.listener_id = None  # Redis's client id of the listening connection

    def read(self):
        """The raw values (bytes, or None for a missing key), in the order of ``keys``."""
        with self._lock:
            try:
                if self._values is None or self._pid != os.getpid() or self._invalidated():
                    self._values = self._fetch()
                return self._values
            except redis.ResponseError:  # CLIENT TRACKING refused: a server without it
                self.forget()
                self.unavailable = True
                raise
            except Exception:  # a broken connection (a restarted Redis, a killed client)
                self.forget()
            try:  # …is met once with new connections; a second failure is the caller's
                self._values = self._fetch()
                return self._values
            except Exception:
                self.forget()
                raise

    def forget(self):
        """Drop the kept values and both connections (the next read starts over)."""
        for connection in (self._reader, self._listener):
            if connection is not None:  # redis-py closes nothing a parent process owns
                with contextlib.suppress(Exception):  # already broken: nothing left to close
                    connection.disconnect()
        self._pool = self._reader = self._listener = None
        self._values = None
        self._pid = None
        self.listener_id = None

    def _invalidated(self):
        """True if Redis has said anything on the listening connection since the last read.

        Only invalidation messages arrive there; any of them (for one of our keys, or None for
        a flush) means "read again". An error or a closed connection raises, and read() starts
        over."""
        moved = False
        while self._listener.can_read(timeout=0):
            self._listener.read_response()
            moved = True
        return moved

    def _fetch(self):
        if self._reader is None or self._pid != os.getpid():
            self._connect()
        self.fetches += 1
        self._reader.send_command("MGET", *self.keys)
        return self._reader.read_response()

    def _connect(self):
        self._pool = self._reader = self._listener = None
        pool = redis.ConnectionPool.from_url(self.url, **self._pool_options)
        listener = pool.make_connection()
        listener.connect()
        listener.send_command("CLIENT", "ID")
        listener_id = listener.read_response()
        listener.send_command("SUBSCRIBE", INVALIDATION_CHANNEL)
        listener.read_response()  # the subscription's confirmation
        reader = pool.make_connection()
        reader.connect()
        reader.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", listener_id)
        if reader.read_response() not in (b"OK", "OK"):
            raise redis.ResponseError("CLIENT TRACKING was refused")
        self._pool, self._reader, self._listener = pool, reader, listener
        self.listener_id = listener_id
        self._pid = os.getpid()
