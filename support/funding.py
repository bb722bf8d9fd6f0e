"""What each approved decision holds, kept as it changes, so that the disclosure's progress
(households approved and paid in full per support item) reads a handful of decisions instead
of grouping every decision line after each payment:
- ``line_count`` and ``line_total`` are written when the board approves (an approved
  decision's lines are never edited; a mistake is a revocation);
- ``lines_funded``, the lines the vouchers that count pay in full, moves by one when a voucher
  or a voucher's reversal makes its line cross the line's amount, in that transaction
  (post_save of Voucher and Reversal, connected from SupportConfig.ready(); the decision's row
  is locked first, so two payments on one line cannot both miss the crossing).
verify_ledger checks all three against the lines and vouchers (ledger_integrity).
"""

from django.db.models import F, Sum
from django.db.models.signals import post_save

from donations.models import Reversal, Voucher

from .models import AUTHORITY_PREFIX, Decision, DecisionLine

PREFIX = f"{AUTHORITY_PREFIX}:"


def funded_lines(lines) -> int:
    """How many of ``lines`` (a DecisionLine queryset) the live vouchers pay in full."""
    from .services import lines_with_paid

    return lines_with_paid(lines).filter(paid__gte=F("amount")).count()


def recount(decision: Decision) -> None:
    """Count the decision's lines, their total and those paid in full afresh (at approval)."""
    lines = DecisionLine.objects.filter(decision=decision)
    sums = lines.aggregate(total=Sum("amount"))
    Decision.objects.filter(pk=decision.pk).update(
        line_count=lines.count(), line_total=sums["total"] or 0, lines_funded=funded_lines(lines)
    )


def _paid_moved(voucher: Voucher, sign: int) -> None:
    """``voucher`` was written (+1) or reversed (-1): move its decision's count of lines paid
    in full if its line crossed its amount."""
    if not voucher.authority_key.startswith(PREFIX):
        return
    from .services import paid_on_line

    line = (
        DecisionLine.objects.only("decision_id", "amount")
        .filter(pk=int(voucher.authority_key[len(PREFIX) :]))
        .first()
    )
    if line is None:
        return
    list(Decision.objects.select_for_update().filter(pk=line.decision_id).values("pk"))
    paid = paid_on_line(line)
    before = paid - sign * voucher.amount
    change = int(paid >= line.amount) - int(before >= line.amount)
    if change:
        Decision.objects.filter(pk=line.decision_id).update(lines_funded=F("lines_funded") + change)


def voucher_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _paid_moved(instance, +1)


def reversal_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.voucher_id:
        _paid_moved(instance.voucher, -1)


def connect():
    post_save.connect(voucher_saved, sender=Voucher, dispatch_uid="support-funding-voucher")
    post_save.connect(reversal_saved, sender=Reversal, dispatch_uid="support-funding-reversal")
