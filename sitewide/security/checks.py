"""System checks for settings that would let anyone forge a payment.

sitewide/settings.py already refuses these shapes when it reads the environment; the check
says the same for settings changed afterwards (a settings module importing ours), under an id
`manage.py check` and `runserver` report. It reads settings only: this app knows nothing of
the VNPay client or its simulator.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def simulator_needs_a_secret_outside_debug(app_configs=None, **kwargs):
    """The simulator on, no VNPAY_HASH_SECRET and no DEBUG: payments would be signed with the
    simulator's secret, which is public, so anyone could sign a "paid" IPN."""
    if not settings.VNPAY_SIMULATOR_ENABLED or settings.DEBUG or settings.VNPAY_HASH_SECRET:
        return []
    return [
        Error(
            "VNPAY_SIMULATOR_ENABLED is on without DEBUG and without VNPAY_HASH_SECRET: "
            "payments would be signed with the simulator's public secret.",
            hint="Set VNPAY_HASH_SECRET, or turn the simulator off (it is for DEBUG and staging).",
            id="sitewide.E001",
        )
    ]
