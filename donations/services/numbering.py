"""Document numbers: <prefix>-<year>-<six digits>, one gap-free sequence per fund, kind and year.

Receipts are BN-… (counted in ReceiptCounter), payment vouchers PC-… and the in-records of
transfers between funds PT-… (counted in DocumentCounter). The counter row is locked
(SELECT … FOR UPDATE) until the record's transaction commits, so two cashiers recording at the
same moment get consecutive numbers, and a transaction that fails releases its number with it:
numbers never skip and never repeat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from donations.models import DocumentCounter, ReceiptCounter

if TYPE_CHECKING:
    from donations.models import Fund

PREFIX = "BN"
VOUCHER_PREFIX = "PC"
TRANSFER_IN_PREFIX = "PT"


def format_number(year: int, sequence: int, prefix: str = PREFIX) -> str:
    return f"{prefix}-{year}-{sequence:06d}"


def _take(model, **key) -> int:
    for _attempt in range(3):
        counter = model.objects.select_for_update().filter(**key).first()
        if counter is None:
            try:
                with transaction.atomic():
                    counter = model.objects.create(**key, last_sequence=0)
            except IntegrityError:
                # Another transaction created this year's counter first: lock theirs.
                continue
            counter = model.objects.select_for_update().get(pk=counter.pk)
        counter.last_sequence += 1
        counter.save(update_fields=["last_sequence"])
        return counter.last_sequence
    raise RuntimeError("Could not lock the document counter.")


def take_next_number(fund: Fund, year: int, prefix: str = PREFIX) -> tuple[int, str]:
    """Must run inside the transaction that creates the record."""
    if prefix == PREFIX:
        sequence = _take(ReceiptCounter, fund=fund, year=year)
    else:
        sequence = _take(DocumentCounter, fund=fund, prefix=prefix, year=year)
    return sequence, format_number(year, sequence, prefix)
