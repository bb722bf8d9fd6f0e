"""Client addresses and fixed-window rate limits, for every view that counts requests.

Counted in Django's cache (Redis in production, shared by all workers) in fixed windows:
cheap, and someone who hits a limit waits at most one window. Used by the donate form (giving:
a script could fill the gifts table or probe cards), the admin's "forgot password" form
(password_reset.py: e-mails to staff on demand) and, for its lock-out, django-axes
(AXES_CLIENT_IP_CALLABLE). "Kiểm tra khoản ủng hộ" (donations/public/checks.py) counts its own
attempts but by client_ip too: nothing else reads REMOTE_ADDR (a test checks it).
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "ratelimit:"


def client_ip(request):
    """The client's IP. Behind our proxy (deploy/nginx.conf.example) REMOTE_ADDR is the proxy,
    and the last X-Forwarded-For entry is the address nginx itself saw; the earlier entries are
    whatever the client claimed, so they are never used (TRUST_X_FORWARDED_FOR)."""
    candidate = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            candidate = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def allow(scope, who, limit, seconds, now=None):
    """Count one more request of `who` (an address) in `scope`; False once `limit` requests
    were counted in the current window of `seconds`. A limit of 0 or less counts nothing."""
    if limit <= 0:
        return True
    window = int((now or time.time()) // seconds)
    key = f"{PREFIX}{scope}:{who or 'unknown'}:{window}"
    cache.add(key, 0, seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, seconds + 5)
        count = 1
    return count <= limit
