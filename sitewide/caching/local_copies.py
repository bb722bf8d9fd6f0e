"""A process's own copies of pages it recently served from the shared cache.

A page served from Redis is a round trip and an unpickling of some fifty kilobytes; a process
that serves the same page again a millisecond later can keep what it fetched. The copy is only
ever served under the same rules as the shared one (pages.freshness): it carries the
generation and money version it was rendered under and its age, and the counters it is
checked against are read for every request (counters.py keeps them current without a round
trip). So a local copy is never newer or older than what the shared cache would serve, it only
costs less to reach.

It also remembers the pages it rendered and could not store (the running campaign's donate
form, error pages), so that those skip the look-up in Redis that would find nothing.

Bounded in size (PAGE_CACHE_LOCAL_MB MiB per process), least recently used first out, and
emptied when the generation moves: every copy of an older generation is dead anyway.
"""

import threading
from collections import OrderedDict


class LocalCopies:
    # Kept instead of a copy for a page this process rendered and could not store (below).
    UNSTORABLE = object()
    _MARKER_SIZE = 100

    def __init__(self):
        self._copies = OrderedDict()
        self._bytes = 0
        self._generation = None
        self._lock = threading.Lock()

    def get(self, key, generation):
        with self._lock:
            if generation != self._generation:
                self._clear(generation)
                return None
            found = self._copies.get(key)
            if found is None:
                return None
            self._copies.move_to_end(key)
            return found[0]

    def put(self, key, entry, limit):
        """Keep `entry` (generation, money, stored_at, headers, content) for `key`."""
        size = len(entry[4]) + sum(len(name) + len(value) for name, value in entry[3])
        self._keep(key, entry, entry[0], size, limit)

    def mark_unstorable(self, key, generation, limit):
        """`key` renders a page that may not be stored under this generation: get() answers
        UNSTORABLE for it until the generation moves or a copy is put in its place."""
        self._keep(key, self.UNSTORABLE, generation, self._MARKER_SIZE, limit)

    def _keep(self, key, value, generation, size, limit):
        with self._lock:
            if generation != self._generation:
                self._clear(generation)
            previous = self._copies.pop(key, None)
            if previous is not None:
                self._bytes -= previous[1]
            if size > limit:
                return
            self._copies[key] = (value, size)
            self._bytes += size
            while self._bytes > limit:
                _key, (_value, evicted) = self._copies.popitem(last=False)
                self._bytes -= evicted

    def clear(self):
        with self._lock:
            self._clear(None)

    def _clear(self, generation):
        self._copies.clear()
        self._bytes = 0
        self._generation = generation

    def __len__(self):
        return len(self._copies)
