"""Reconciliation's write operations: imports, feed calls and the queue's decisions. Views and
the import_statement command call these; money is always recorded through donations.services
(or, for automatic matches in bulk, reconciliation.ledger_batch, which keeps the same rules)."""

from .decisions import (
    attach_to_donor,
    confirm_pledge,
    live_decision,
    mark_not_donation,
    record_unidentified,
    reverse_decision,
    split_line,
)
from .imports import ImportReport, import_statement
from .intake import take_lines

__all__ = [
    "ImportReport",
    "attach_to_donor",
    "confirm_pledge",
    "import_statement",
    "live_decision",
    "mark_not_donation",
    "record_unidentified",
    "reverse_decision",
    "split_line",
    "take_lines",
]
