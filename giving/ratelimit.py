"""How many gifts one client may start: GIVING_RATE_LIMIT per GIVING_RATE_LIMIT_SECONDS.

Every started gift costs a row and a VNPay order, and a script could otherwise fill the table
(or probe cards). Counted in Django's cache (Redis in production, shared by all workers) in
fixed windows: cheap, and a donor who hits the limit waits at most one window.
"""

import ipaddress
import time

from django.core.cache import cache

from giving import conf

PREFIX = "giving:rate:"


def client_ip(request):
    """The donor's IP. Behind our proxy (deploy/nginx.conf.example) REMOTE_ADDR is the proxy,
    and the last X-Forwarded-For entry is the address nginx itself saw; the earlier entries are
    whatever the client claimed, so they are never used."""
    candidate = request.META.get("REMOTE_ADDR", "")
    if conf.get("GIVING_TRUST_X_FORWARDED_FOR"):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            candidate = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def allow(ip, now=None):
    """Count one more gift for ip; False once the limit for the current window is passed."""
    limit = int(conf.get("GIVING_RATE_LIMIT"))
    seconds = int(conf.get("GIVING_RATE_LIMIT_SECONDS"))
    if limit <= 0:
        return True
    window = int((now or time.time()) // seconds)
    key = f"{PREFIX}{ip or 'unknown'}:{window}"
    cache.add(key, 0, seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, seconds + 5)
        count = 1
    return count <= limit
