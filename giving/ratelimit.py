"""How many gifts one client may start: GIVING_RATE_LIMIT per GIVING_RATE_LIMIT_SECONDS.

Every started gift costs a row and a VNPay order, and a script could otherwise fill the table
(or probe cards). The counting is sitewide's (sitewide/security/ratelimit.py).
"""

from django.conf import settings

from sitewide.security import ratelimit
from sitewide.security.ratelimit import client_ip

__all__ = ["allow", "client_ip"]


def allow(ip, now=None):
    """Count one more gift for ip; False once the limit for the current window is passed."""
    return ratelimit.allow(
        "giving",
        ip,
        int(settings.GIVING_RATE_LIMIT),
        int(settings.GIVING_RATE_LIMIT_SECONDS),
        now,
    )
