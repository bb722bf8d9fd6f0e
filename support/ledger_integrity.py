"""Support's checks in `manage.py verify_ledger` (registered from SupportConfig.ready(); the
ledger never imports support). Each is a few queries, never a loop over rows.

- Every voucher that counts and names a decision line pays a line of an approved decision that
  is not revoked, of the voucher's own fund, and not paid before the ledger was kept.
- No line is paid more than its amount by the vouchers that count.
- A decision approved by the one who proposed it (the database refuses it; a restore or a hand
  made fix might not) or without a number and date.
- Houses: only for house lines of approved decisions, their stage dates in order.
- Each approved decision's kept counts (support.funding) equal its lines and payments.
"""

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.integrity import EXAMPLES, Result, found, register
from donations.models import Voucher
from sitewide.formatting import format_vnd

from .models import AUTHORITY_PREFIX, HOUSE_TYPES, Decision, DecisionLine, House


def _lines_with_keys():
    return DecisionLine.objects.annotate(
        key=Concat(Value(f"{AUTHORITY_PREFIX}:"), Cast("pk", CharField()), output_field=CharField())
    )


@register(gettext_lazy("Vouchers pay lines of approved decisions of their own fund"))
def vouchers_under_approved_lines():
    valid = _lines_with_keys().filter(
        key=OuterRef("authority_key"),
        decision__fund_id=OuterRef("fund_id"),
        decision__status=Decision.Status.APPROVED,
        decision__revocation__isnull=True,
        decision__paid_before_ledger=False,
    )
    bad = (
        Voucher.objects.live()
        .filter(authority_key__startswith=f"{AUTHORITY_PREFIX}:")
        .exclude(Exists(valid))
        .order_by("pk")
    )
    return found(
        bad,
        lambda voucher: (
            _("%(number)s pays %(key)s, which is not an approved line of its fund")
            % {"number": voucher.number, "key": voucher.authority_key}
        ),
    )


@register(gettext_lazy("No decision line is paid more than its amount"))
def lines_within_their_amount():
    from .services import lines_with_paid

    over = lines_with_paid().filter(paid__gt=F("amount")).select_related("decision").order_by("pk")
    return found(
        over,
        lambda line: (
            _("%(decision)s, line %(pk)s: %(paid)s paid of %(amount)s")
            % {
                "decision": line.decision.number,
                "pk": line.pk,
                "paid": format_vnd(line.paid),
                "amount": format_vnd(line.amount),
            }
        ),
    )


@register(gettext_lazy("Decisions are approved by another person, with a number and date"))
def decisions_approved_by_another():
    bad = (
        Decision.objects.filter(status=Decision.Status.APPROVED)
        .filter(
            Q(approved_by__isnull=True)
            | Q(approved_by=F("proposed_by"))
            | Q(number="")
            | Q(decided_on__isnull=True)
        )
        .order_by("pk")
    )
    return found(bad, lambda decision: str(decision))


@register(gettext_lazy("Houses belong to approved house lines, their stages in order"))
def houses_in_order():
    bad = (
        House.objects.filter(
            ~Q(line__decision__status=Decision.Status.APPROVED)
            | ~Q(line__decision__support_level__support_type__in=HOUSE_TYPES)
            | Q(started_on__lt=F("approved_on"))
            | Q(completed_on__lt=F("started_on"))
            | Q(handed_over_on__lt=F("completed_on"))
            | Q(stage=House.Stage.STARTED, started_on__isnull=True)
            | Q(stage=House.Stage.COMPLETED, completed_on__isnull=True)
            | Q(stage=House.Stage.HANDED_OVER, handed_over_on__isnull=True)
        )
        .select_related("line__beneficiary")
        .order_by("pk")
    )
    return found(bad, lambda house: _("House %(pk)s") % {"pk": house.pk})


@register(gettext_lazy("Approved decisions' counts equal their lines and payments"))
def decision_counts():
    """support.funding's counts (what the disclosure's progress reads) against the lines and
    the live vouchers: two grouped queries over the approved decisions' lines (the decisions
    themselves, a few hundred, compared here)."""
    from .services import lines_with_paid

    approved = DecisionLine.objects.filter(decision__status=Decision.Status.APPROVED)
    counted = {
        row["decision_id"]: (row["n"], row["total"], 0)
        for row in approved.values("decision_id")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    }
    funded = (
        lines_with_paid(approved)
        .filter(paid__gte=F("amount"))
        .values("decision_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in funded:
        n, total, _funded = counted[row["decision_id"]]
        counted[row["decision_id"]] = (n, total, row["n"])
    wrong = [
        decision
        for decision in Decision.objects.filter(status=Decision.Status.APPROVED).order_by("pk")
        if counted.get(decision.pk, (0, 0, 0))
        != (decision.line_count, decision.line_total, decision.lines_funded)
    ]
    return Result(
        len(wrong),
        [
            _("%(decision)s: %(households)s households, %(total)s, %(funded)s paid in full kept")
            % {
                "decision": str(decision),
                "households": decision.line_count,
                "total": format_vnd(decision.line_total),
                "funded": decision.lines_funded,
            }
            for decision in wrong[:EXAMPLES]
        ],
    )
