"""Where the VNPay client sends donors and with which credentials (settings or environment).

Without credentials everything points at the local simulator (giving.payments.simulator),
but only where the simulator is allowed (DEBUG or VNPAY_SIMULATOR_ENABLED). Anywhere else a
missing secret is an error, never a well-known default that anyone could sign callbacks with.
"""

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SIMULATOR_PREFIX = "/_vnpay-sandbox/"
SIMULATOR_PAYMENT_PATH = SIMULATOR_PREFIX + "paymentv2/vpcpay.html"
SIMULATOR_API_PATH = SIMULATOR_PREFIX + "merchant_webapi/api/transaction"
SIMULATOR_TMN_CODE = "CHUNGTAY"
SIMULATOR_HASH_SECRET = "chung-tay-local-vnpay-simulator-secret"  # noqa: S105 (public by design)
_TRUE = {"1", "true", "yes", "on"}


def simulator_enabled_explicitly():
    """VNPAY_SIMULATOR_ENABLED from settings, else from the environment ("1", "true", …)."""
    value = getattr(settings, "VNPAY_SIMULATOR_ENABLED", None)
    if value is None:
        value = os.environ.get("VNPAY_SIMULATOR_ENABLED", "").strip().lower() in _TRUE
    return bool(value)


def simulator_allowed():
    return bool(settings.DEBUG) or simulator_enabled_explicitly()


def setting(name, default=""):
    value = getattr(settings, name, None)
    if value in (None, ""):
        value = os.environ.get(name, "")
    return value or default


@dataclass(frozen=True)
class VNPayConfig:
    tmn_code: str
    hash_secret: str
    payment_url: str
    api_url: str

    @classmethod
    def from_settings(cls):
        """Settings (or the environment) first; the local simulator when nothing is set."""
        secret = setting("VNPAY_HASH_SECRET")
        if not secret and not simulator_allowed():
            raise ImproperlyConfigured(
                "VNPAY_HASH_SECRET is not set and the local VNPay simulator is not enabled "
                "(DEBUG or VNPAY_SIMULATOR_ENABLED)."
            )
        base = setting("VNPAY_SIMULATOR_BASE_URL") or setting(
            "WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000"
        )
        return cls(
            tmn_code=setting("VNPAY_TMN_CODE", SIMULATOR_TMN_CODE),
            hash_secret=secret or SIMULATOR_HASH_SECRET,
            payment_url=setting("VNPAY_PAYMENT_URL", SIMULATOR_PAYMENT_PATH),
            api_url=setting("VNPAY_API_URL", base.rstrip("/") + SIMULATOR_API_PATH),
        )

    @property
    def uses_simulator(self):
        """True when donors are sent to our own simulator rather than to VNPay."""
        return urlsplit(self.payment_url).path == SIMULATOR_PAYMENT_PATH
