"""Transfers split into several receipts, in "Kiểm tra khoản ủng hộ" (check my gift).

One bank transfer that paid pledges of different donors or campaigns becomes one receipt for
each (a receipt belongs to one donor and one campaign), whether staff split the line in the
queue or its memo carried several codes; none of those receipts has the amount the donor sent.
The donor knows that amount and a code from the memo, a pledge code it paid or a receipt
number: with both, this finds every receipt the statement line was recorded as, through the
decision that recorded them. A reversed decision finds nothing. The ledger must not import
this app, hence the registry in donations.public.checks, filled from ReconciliationConfig.ready.
"""

from django.db.models import Q

from donations import codes
from donations.models import Receipt
from donations.public import checks

from .models import Decision, DecisionAction


def receipts_of_split_transfers(reference, amount):
    """All the receipts of a live decision on a line of this amount that the reference names."""
    named = Q(receipts__number=reference)
    if codes.is_valid(reference):
        # Codes are of one length and the line keeps them space-separated: no partial match.
        named |= Q(line__codes__contains=reference)
        named |= Q(
            receipts__allocations__pledge__code=reference,
            receipts__allocations__reversal__isnull=True,
        )
    decisions = (
        Decision.objects.filter(named, line__amount=amount, reversed_by__isnull=True)
        .exclude(action=DecisionAction.REVERSE)
        .values("pk")
    )
    return Receipt.objects.filter(statement_decisions__in=decisions).distinct()


def register():
    """Add the lookup once (ready() may run more than once in tests)."""
    if receipts_of_split_transfers not in checks.REFERENCE_LOOKUPS:
        checks.REFERENCE_LOOKUPS.append(receipts_of_split_transfers)
