"""'Kiểm tra khoản ủng hộ': a donor checks their own gift with a reference and the amount.

The amount may be what one receipt recorded, the part of a transfer that went to the pledge
whose code is given, or, for a pledge paid in several parts, what was pledged or what has been
paid in all (then every part is shown, with the pledge's progress). A transfer that staff split
into several receipts is found by the amount as sent through a lookup that reconciliation
registers (reconciliation/gift_checks.py), since only its statement line knows that amount.

Both must match, so the page answers only someone who already knows the gift. The answer
when nothing matches is always the same sentence, whether the code is malformed, unknown or
the amount is wrong, so the page cannot be used to probe which codes exist. Attempts are
counted per client address, the one every limit uses (``client_ip``: behind our proxy, the
X-Forwarded-For entry nginx appended, not the proxy's own address, which every visitor shares).
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q

from donations import codes
from donations.models import Pledge, Receipt
from sitewide.security.ratelimit import client_ip

# Callables (reference, amount) -> queryset of receipts; other parts of the project append
# their own lookups from their AppConfig.ready, so this module never imports them
# (giving/gift_checks.py registers online gifts by their payment code,
# reconciliation/gift_checks.py transfers split into several receipts).
REFERENCE_LOOKUPS = []
# Callables (reference, amount) -> bool: a gift with this reference and amount was started but
# its money has not arrived yet (a transfer intent waiting for the bank statement). Asked only
# when no receipt matched, and with both values, so it reveals nothing to someone who does not
# already know the gift.
AWAITING_LOOKUPS = []

# Callables (receipts) -> {receipt pk: {"index", "size", "included", "entry_url", "proof_url"}}:
# where each gift sits in the public record and whether the latest signed checkpoint covers it
# (disclosure/record_checks.py registers it: the ledger never imports the app that publishes).
RECORD_LOOKUPS = []

ATTEMPTS = 10
WINDOW_SECONDS = 600


def _by_payment_code(reference, amount):
    """Receipts that paid the pledge with this code, by the receipt's amount or by the part of
    it the pledge received (one receipt may pay several pledges)."""
    if not codes.is_valid(reference):
        return Receipt.objects.none()
    return Receipt.objects.filter(
        Q(amount=amount) | Q(allocations__amount=amount),
        allocations__pledge__code=reference,
        allocations__reversal__isnull=True,
    ).distinct()


def _pledge_in_parts(reference, amount):
    """Every receipt that paid the pledge with this code, when the amount is what was pledged or
    what it has been paid in all: a donor who paid in several transfers knows those figures
    better than each part."""
    if not codes.is_valid(reference):
        return Receipt.objects.none()
    pledges = (
        Pledge.objects.with_paid()
        .filter(code=reference)
        .filter(Q(amount=amount) | Q(paid=amount))
        .values("pk")
    )
    return Receipt.objects.filter(
        allocations__pledge__in=pledges, allocations__reversal__isnull=True
    ).distinct()


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
    lookups = [_by_payment_code, _pledge_in_parts, _by_receipt_number, *REFERENCE_LOOKUPS]
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


@dataclass(frozen=True)
class PledgeProgress:
    code: str
    pledged: int
    paid: int
    parts: int


def pledge_progress(reference, gifts):
    """What the pledge with this code was, has been paid and in how many receipts, when the
    gifts found paid it in more than one. Asked only once code and amount matched, like the
    gifts themselves; None otherwise."""
    reference = normalise_reference(reference)
    if not gifts or not codes.is_valid(reference):
        return None
    found = [gift.pk for gift in gifts]
    pledge = (
        Pledge.objects.with_paid()
        .filter(code=reference, pk__in=Pledge.objects.filter(allocations__receipt__in=found))
        .first()
    )
    if pledge is None:
        return None
    parts = (
        Receipt.objects.filter(allocations__pledge=pledge, allocations__reversal__isnull=True)
        .distinct()
        .count()
    )
    if parts < 2:
        return None
    return PledgeProgress(code=pledge.code, pledged=pledge.amount, paid=pledge.paid, parts=parts)


def attach_record_positions(gifts):
    """Set ``gift.public_record`` (a dict, or None) on each gift found, from RECORD_LOOKUPS."""
    found = {}
    for lookup in RECORD_LOOKUPS:
        found.update(lookup(gifts))
    for gift in gifts:
        gift.public_record = found.get(gift.pk)
    return gifts


def counted_total(gifts):
    """The sum of the gifts found that still count (reversed ones are shown, not added)."""
    return sum(gift.amount for gift in gifts if not gift.is_reversed)


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
