"""Settings of online giving, with the defaults sitewide/settings.py also sets.

Read at call time (not import time), so tests can change them with the `settings` fixture.
"""

import datetime

from django.conf import settings

DEFAULTS = {
    "GIVING_MIN_AMOUNT": 10_000,
    "GIVING_MAX_AMOUNT": 500_000_000,
    "GIVING_PRESET_AMOUNTS": [50_000, 100_000, 200_000, 500_000],
    "GIVING_PAYMENT_WINDOW_MINUTES": 15,
    "GIVING_SETTLE_GRACE_MINUTES": 5,
    "GIVING_RATE_LIMIT": 10,
    "GIVING_RATE_LIMIT_SECONDS": 600,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])


def min_amount():
    return int(get("GIVING_MIN_AMOUNT"))


def max_amount():
    return int(get("GIVING_MAX_AMOUNT"))


def preset_amounts():
    return [int(amount) for amount in get("GIVING_PRESET_AMOUNTS")]


def settle_after():
    """How old a pending VNPay gift must be before querydr settles it: VNPay's payment window
    plus a grace period, because IPNs can arrive a minute or two after vnp_ExpireDate."""
    minutes = int(get("GIVING_PAYMENT_WINDOW_MINUTES")) + int(get("GIVING_SETTLE_GRACE_MINUTES"))
    return datetime.timedelta(minutes=minutes)
