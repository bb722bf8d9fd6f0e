"""Signals the ledger sends where Django's own cannot: a bulk write sends no post_save.

receipts_written(sender, receipt_ids): receipts recorded in bulk (reconciliation's import writes
its automatic matches without model instances), inside the transaction that wrote them; a
receiver that acts on them does so at commit. The public record's publisher listens.
"""

from django.dispatch import Signal

receipts_written = Signal()
