"""'Kiểm tra khoản ủng hộ': a donor checks their own gift with a reference and the amount.

Both must match, so the page answers only someone who already knows the gift. The answer
when nothing matches is always the same sentence, whether the code is malformed, unknown or
the amount is wrong, so the page cannot be used to probe which codes exist. Attempts are
counted per client address, the one every limit uses (``client_ip``: behind our proxy, the
X-Forwarded-For entry nginx appended, not the proxy's own address, which every visitor shares).
"""

from django.core.cache import cache

from donations import codes
from donations.models import Receipt
from sitewide.security.ratelimit import client_ip

# Callables (reference, amount) -> queryset of receipts; other parts of the project (online
# payments) append their own lookups from their AppConfig.ready, so this module never imports
# them (giving/gift_checks.py registers online gifts by their payment code).
REFERENCE_LOOKUPS = []
# Callables (reference, amount) -> bool: a gift with this reference and amount was started but
# its money has not arrived yet (a transfer intent waiting for the bank statement). Asked only
# when no receipt matched, and with both values, so it reveals nothing to someone who does not
# already know the gift.
AWAITING_LOOKUPS = []

ATTEMPTS = 10
WINDOW_SECONDS = 600


def _by_payment_code(reference, amount):
    if not codes.is_valid(reference):
        return Receipt.objects.none()
    return Receipt.objects.filter(
        allocations__pledge__code=reference, allocations__reversal__isnull=True, amount=amount
    )


def _by_receipt_number(reference, amount):
    return Receipt.objects.filter(number=reference, amount=amount)


def normalise_reference(reference):
    """Codes and receipt numbers are compared upper-case without spaces, as people copy them."""
    return (reference or "").strip().upper().replace(" ", "")


def find_gifts(reference, amount):
    """Receipts matching the reference and amount, with only what may be shown."""
    reference = normalise_reference(reference)
    if not reference or not amount:
        return []
    lookups = [_by_payment_code, _by_receipt_number, *REFERENCE_LOOKUPS]
    found = {}
    for lookup in lookups:
        rows = (
            lookup(reference, amount)
            .select_related("campaign", "fund", "reversal")
            .order_by("received_at", "id")[:20]
        )
        for receipt in rows:
            found[receipt.pk] = receipt
    return sorted(found.values(), key=lambda receipt: (receipt.received_at, receipt.pk))


def is_awaiting_payment(reference, amount):
    """True when a registered lookup knows a gift with this reference and amount whose money
    has not been received yet, so the donor is told "not yet" rather than "no such gift"."""
    reference = normalise_reference(reference)
    if not reference or not amount:
        return False
    return any(lookup(reference, amount) for lookup in AWAITING_LOOKUPS)


def client_address(request):
    return client_ip(request) or "unknown"


def allow_attempt(request):
    """At most ATTEMPTS checks per address per WINDOW_SECONDS (cache-based, approximate)."""
    key = f"donations:check-gift:{client_address(request)}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= ATTEMPTS
