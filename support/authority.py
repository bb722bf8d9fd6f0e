"""The authority behind a payment voucher: a line of an approved spending decision.

The ledger (donations.spending) asks this resolver whenever it records, prints or checks a
voucher whose key starts with "support.decisionline"; registered from SupportConfig.ready().
With lock=True (inside the voucher's transaction) the decision and the line are locked
(SELECT … FOR UPDATE, the decision first, as revoke_decision does), so the decision cannot be
revoked nor the line change while the voucher is written. A decision whose support was paid
before the ledger was kept resolves with its refusal (PAID_BEFORE_LEDGER): the ledger makes no
voucher under it.
"""

from django.utils.translation import gettext_lazy

from donations.spending import Authority, register_authority
from sitewide.text import whole_number

from .models import AUTHORITY_PREFIX, Decision, DecisionLine, DecisionRevocation

#: Why no voucher is made under a decision recorded for history (Decision.paid_before_ledger).
PAID_BEFORE_LEDGER = gettext_lazy(
    "This decision's support was paid before the Fund's books were kept here: it is recorded "
    "for history, and nothing is paid under it."
)


def resolve(key, lock=False):
    prefix, _colon, pk = (key or "").partition(":")
    pk = whole_number(pk)
    if prefix != AUTHORITY_PREFIX or pk is None:
        return None
    if lock:
        decision_id = DecisionLine.objects.filter(pk=pk).values_list("decision_id", flat=True)
        decision_id = decision_id.first()
        if decision_id is None:
            return None
        list(Decision.objects.select_for_update().filter(pk=decision_id).values_list("pk"))
        list(DecisionLine.objects.select_for_update().filter(pk=pk).values_list("pk"))
    line = (
        DecisionLine.objects.select_related("decision", "decision__support_level", "beneficiary")
        .filter(pk=pk)
        .first()
    )
    if line is None:
        return None
    decision = line.decision
    revoked = DecisionRevocation.objects.filter(decision=decision).exists()
    return Authority(
        key=key,
        label=decision.label() if decision.is_approved else str(decision),
        fund_id=decision.fund_id,
        ceiling=line.amount,
        approved=decision.is_approved and not revoked,
        approver_id=decision.approved_by_id,
        recipient_name=line.beneficiary.household_title(),
        support_type=decision.support_level.support_type,
        area_id=line.beneficiary.commune_id,
        campaign_id=decision.campaign_id,
        refusal=str(PAID_BEFORE_LEDGER) if decision.paid_before_ledger else "",
    )


def register():
    register_authority(AUTHORITY_PREFIX, resolve)
