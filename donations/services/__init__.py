"""The ledger's write operations. Every other part of the project (admin forms, bank statement
import, online payments, demo data) records money through these functions, so the rules —
validation, row locks, numbering, totals, audit log — live in one place.
"""

from .allocations import allocate, allocate_many, reverse_allocation, unallocated_amount
from .pledges import cancel_pledge, record_pledge
from .receipts import (
    change_disclosure,
    change_donor_disclosure,
    record_receipt,
    reverse_receipt,
)

__all__ = [
    "allocate",
    "allocate_many",
    "cancel_pledge",
    "change_disclosure",
    "change_donor_disclosure",
    "record_pledge",
    "record_receipt",
    "reverse_allocation",
    "reverse_receipt",
    "unallocated_amount",
]
