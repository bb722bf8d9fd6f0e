"""Allocating receipts to pledges, and reversing allocations.

The rule "a receipt's allocations never exceed it" spans rows, so no CHECK constraint can
hold it: the receipt row is locked (SELECT … FOR UPDATE) while its live allocations are summed
and the new ones written, so two members of staff allocating the same transfer at once are
served one after the other and the second sees what the first did.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from donations.models import Allocation, Pledge, Receipt, Reversal
from sitewide.formatting import format_vnd

from . import audit
from .checks import reason_given, whole_dong

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def lock_pledges(ids: Iterable[int]) -> dict[int, Pledge]:
    """Lock pledges in id order (the same order everywhere, so no deadlocks)."""
    pledges = Pledge.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {pledge.pk: pledge for pledge in pledges}


def unallocated_amount(receipt: Receipt) -> int:
    allocated = receipt.allocations.filter(reversal__isnull=True).aggregate(total=Sum("amount"))
    return receipt.amount - (allocated["total"] or 0)


def _check_pair(receipt, pledge):
    if pledge.is_cancelled:
        raise ValidationError(
            _("Pledge %(code)s is cancelled; money cannot be allocated to it.")
            % {"code": pledge.code}
        )
    if pledge.fund_id != receipt.fund_id:
        raise ValidationError(_("Pledge %(code)s belongs to another fund.") % {"code": pledge.code})
    if pledge.campaign_id != receipt.campaign_id:
        raise ValidationError(
            _("Receipt %(number)s and pledge %(code)s are for different campaigns.")
            % {"number": receipt.number, "code": pledge.code}
        )
    if receipt.donor_id is not None and receipt.donor_id != pledge.donor_id:
        raise ValidationError(
            _("Receipt %(number)s came from another donor than pledge %(code)s.")
            % {"number": receipt.number, "code": pledge.code}
        )


def allocate_many(
    receipt: Receipt,
    items: Sequence[tuple[Pledge, int | None]],
    *,
    user: AbstractBaseUser | None = None,
    note: str = "",
) -> list[Allocation]:
    """Allocate parts of one receipt to several pledges, all or nothing.

    ``items`` is a list of (pledge, amount); an amount of None means "what the pledge still
    owes, within what is left of the receipt".
    """
    if not items:
        raise ValidationError(_("Choose at least one pledge."))
    with transaction.atomic():
        locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
        if Reversal.objects.filter(receipt=locked).exists():
            raise ValidationError(_("A reversed receipt cannot be allocated."))
        pledges = lock_pledges({pledge.pk for pledge, _amount in items})
        remaining = unallocated_amount(locked)
        created = []
        for pledge_ref, amount in items:
            pledge = pledges[pledge_ref.pk]
            _check_pair(locked, pledge)
            if amount is None:
                amount = min(remaining, pledge.outstanding_amount) or remaining
            whole_dong(amount)
            if amount > remaining:
                raise ValidationError(
                    _("Only %(left)s of receipt %(number)s is not yet allocated.")
                    % {"left": format_vnd(remaining), "number": locked.number}
                )
            remaining -= amount
            allocation = Allocation.objects.create(
                receipt=locked, pledge=pledge, amount=amount, note=note, created_by=user
            )
            created.append(allocation)
            for target in (locked, pledge):
                audit.log_entry(
                    target,
                    audit.ALLOCATE,
                    user=user,
                    amount=amount,
                    detail=f"{locked.number} → {pledge.code}",
                )
    return created


def allocate(
    receipt: Receipt,
    pledge: Pledge,
    amount: int | None = None,
    *,
    user: AbstractBaseUser | None = None,
    note: str = "",
) -> Allocation:
    """Allocate (part of) a receipt to one pledge."""
    return allocate_many(receipt, [(pledge, amount)], user=user, note=note)[0]


def reverse_allocation(
    allocation: Allocation, *, reason: str, user: AbstractBaseUser | None = None
) -> Allocation:
    """Undo an allocation (e.g. matched to the wrong pledge); the receipt keeps counting."""
    reason = reason_given(reason)
    with transaction.atomic():
        receipt = Receipt.objects.select_for_update().get(pk=allocation.receipt_id)
        pledge = lock_pledges([allocation.pledge_id])[allocation.pledge_id]
        if Reversal.objects.filter(allocation_id=allocation.pk).exists():
            raise ValidationError(_("This allocation is already reversed."))
        Reversal.objects.create(allocation_id=allocation.pk, reason=reason, created_by=user)
        for target in (receipt, pledge):
            audit.log_entry(
                target,
                audit.REVERSE_ALLOCATION,
                user=user,
                amount=allocation.amount,
                reason=reason,
                detail=f"{receipt.number} → {pledge.code}",
            )
    return allocation
