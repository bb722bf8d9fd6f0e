"""Statement lines in `manage.py verify_ledger` (registered from ReconciliationConfig.ready).

A line's state says what the Fund made of it; its decisions point at the receipts. A line
decided as money (matched, split, attached to a donor, unidentified) must be recorded by
counting receipts of its live decision adding up to exactly its amount; a line back in the
queue, or marked not a donation, must have none that still count.
"""

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.integrity import found, register
from sitewide.formatting import format_vnd

from .models import DecisionAction, LineState, StatementLine

MONEY_STATES = (LineState.MATCHED, LineState.SPLIT, LineState.DONOR, LineState.UNIDENTIFIED)


def lines_with_counted_money():
    """Lines annotated with `counted`: what the counting receipts of their live decisions
    record, summed by the database."""
    live = Q(decisions__reversed_by__isnull=True) & ~Q(decisions__action=DecisionAction.REVERSE)
    counting = Q(decisions__receipts__reversal__isnull=True)
    return StatementLine.objects.annotate(
        counted=Coalesce(Sum("decisions__receipts__amount", filter=live & counting), 0)
    ).order_by("pk")


@register(gettext_lazy("Reconciled statement lines are in the ledger, once"))
def decided_lines_have_their_receipts():
    lines = lines_with_counted_money()
    short = lines.filter(state__in=MONEY_STATES).exclude(counted=F("amount"))
    not_money = lines.exclude(state__in=MONEY_STATES).filter(counted__gt=0)

    def describe(line):
        return _("Line %(line)s (%(state)s): %(counted)s recorded for %(amount)s") % {
            "line": line.pk,
            "state": line.get_state_display(),
            "counted": format_vnd(line.counted),
            "amount": format_vnd(line.amount),
        }

    return found(short, describe) + found(not_money, describe)
