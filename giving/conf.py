"""Settings of online giving, as the code uses them; their values live in sitewide/settings.py.

Read at call time (not import time), so tests can change them with the `settings` fixture.
"""

import datetime

from django.conf import settings


def min_amount():
    return int(settings.GIVING_MIN_AMOUNT)


def max_amount():
    return int(settings.GIVING_MAX_AMOUNT)


def preset_amounts():
    return [int(amount) for amount in settings.GIVING_PRESET_AMOUNTS]


def settle_after():
    """How old a pending VNPay gift must be before querydr settles it: VNPay's payment window
    plus a grace period, because IPNs can arrive a minute or two after vnp_ExpireDate."""
    minutes = int(settings.GIVING_PAYMENT_WINDOW_MINUTES) + int(
        settings.GIVING_SETTLE_GRACE_MINUTES
    )
    return datetime.timedelta(minutes=minutes)
