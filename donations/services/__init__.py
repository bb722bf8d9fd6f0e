"""The ledger's write operations. Every other part of the project (admin forms, bank statement
import, online payments, demo data) records money through these functions, so the rules —
validation, row locks, numbering, totals, audit log — live in one place. Money out (payment
vouchers, transfers between funds) is written here too (donations.services.spending); the apps
that decide what may be paid (support's decisions) call record_voucher.
"""

from .allocations import allocate, allocate_many, reverse_allocation, unallocated_amount
from .pledges import PledgeRefused, cancel_pledge, record_pledge, record_pledges
from .receipts import (
    change_disclosure,
    change_donor_disclosure,
    record_receipt,
    reverse_receipt,
)
from .spending import (
    attach_handover,
    record_transfer_from_above,
    record_voucher,
    reverse_transfer,
    reverse_voucher,
    transfer_between_funds,
)

__all__ = [
    "PledgeRefused",
    "allocate",
    "allocate_many",
    "attach_handover",
    "cancel_pledge",
    "change_disclosure",
    "change_donor_disclosure",
    "record_pledge",
    "record_pledges",
    "record_receipt",
    "record_transfer_from_above",
    "record_voucher",
    "reverse_allocation",
    "reverse_receipt",
    "reverse_transfer",
    "reverse_voucher",
    "transfer_between_funds",
    "unallocated_amount",
]
