"""Receipt numbers: BN-<year>-<six digits>, one gap-free sequence per fund and year.

The counter row is locked (SELECT … FOR UPDATE) until the receipt's transaction commits, so
two cashiers recording at the same moment get consecutive numbers, and a transaction that
fails releases its number with it: numbers never skip and never repeat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from donations.models import ReceiptCounter

if TYPE_CHECKING:
    from donations.models import Fund

PREFIX = "BN"


def format_number(year: int, sequence: int) -> str:
    return f"{PREFIX}-{year}-{sequence:06d}"


def take_next_number(fund: Fund, year: int) -> tuple[int, str]:
    """Must run inside the transaction that creates the receipt."""
    for _attempt in range(3):
        counter = ReceiptCounter.objects.select_for_update().filter(fund=fund, year=year).first()
        if counter is None:
            try:
                with transaction.atomic():
                    counter = ReceiptCounter.objects.create(fund=fund, year=year, last_sequence=0)
            except IntegrityError:
                # Another transaction created this year's counter first: lock theirs.
                continue
            counter = ReceiptCounter.objects.select_for_update().get(pk=counter.pk)
        counter.last_sequence += 1
        counter.save(update_fields=["last_sequence"])
        return counter.last_sequence, format_number(year, counter.last_sequence)
    raise RuntimeError("Could not lock the receipt counter.")
