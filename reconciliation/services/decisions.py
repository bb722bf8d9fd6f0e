"""What Front staff decide about a line in the queue, and undoing it.

Each action locks the line, checks it is still waiting (two people clearing the queue at once
cannot both record it), records the money through the ledger's own services (record_receipt
with allocate_to, reverse_receipt), writes a Decision and a Wagtail log entry, all in one
transaction. A ledger refusal (wrong fund, cancelled pledge…) is a ValidationError with the
ledger's Vietnamese message, and nothing is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from donations.code_targets import registered
from donations.models import Channel, Disclosure, Pledge
from donations.services import record_receipt, reverse_receipt
from donations.services.checks import reason_given
from sitewide.formatting import format_vnd

from ..models import (
    Decision,
    DecisionAction,
    ImportStatus,
    LineState,
    NotDonationReason,
    StatementImport,
    StatementLine,
)
from . import audit

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from campaigns.models import CampaignPage
    from donations.models import Donor


def _lock_line(line):
    return (
        StatementLine.objects.select_for_update(of=("self",))
        .select_related("bank_account", "bank_account__fund")
        .get(pk=line.pk)
    )


def _require_queue(line):
    if not line.in_queue:
        raise ValidationError(
            _("This line has already been decided; reverse that decision to change it.")
        )


def _bank_receipt(
    line, *, user, amount=None, donor=None, campaign=None, disclosure=None, allocate_to=()
):
    """A bank-transfer receipt for (part of) the line, through the ledger's service."""
    return record_receipt(
        channel=Channel.BANK,
        amount=line.amount if amount is None else amount,
        received_at=line.booked_at,
        user=user,
        fund=line.bank_account.fund,
        campaign=campaign,
        donor=donor,
        disclosure=disclosure,
        allocate_to=list(allocate_to),
        bank_account=line.bank_account,
        bank_reference=line.bank_reference,
        payer_name=line.counterparty_name,
        memo=line.memo,
    )


def _decide(line, action, receipts, *, user, state, what, category="", reason=""):
    decision = Decision.objects.create(
        line=line, action=action, category=category, reason=reason, made_by=user
    )
    if receipts:
        decision.receipts.add(*receipts)
    line.state = state
    line.save(update_fields=["state"])
    audit.log_decision(line, decision, user=user, what=what, reason=reason)
    refresh_import_status(line)
    return decision


def refresh_import_status(line: StatementLine) -> None:
    """An import is reconciled once none of its lines waits in the queue."""
    if not line.statement_import_id:
        return
    waiting = StatementLine.objects.filter(statement_import_id=line.statement_import_id).in_queue()
    status = ImportStatus.WAITING if waiting.exists() else ImportStatus.RECONCILED
    StatementImport.objects.filter(pk=line.statement_import_id).update(status=status)


def _outstanding(pledge):
    return Pledge.objects.with_paid().get(pk=pledge.pk).outstanding


def confirm_pledge(
    line: StatementLine, pledge: Pledge, *, user: AbstractBaseUser | None
) -> Decision:
    """The line pays this pledge: a receipt from its donor for its campaign, allocated up to
    what the pledge still owes (anything above stays on the receipt, counted, unallocated)."""
    with transaction.atomic():
        line = _lock_line(line)
        _require_queue(line)
        outstanding = _outstanding(pledge)
        if outstanding <= 0:
            raise ValidationError(
                _("Pledge %(code)s owes nothing; attach the line to its donor instead.")
                % {"code": pledge.code}
            )
        receipt = _bank_receipt(
            line,
            user=user,
            donor=pledge.donor,
            campaign=pledge.campaign,
            allocate_to=[(pledge, min(line.amount, outstanding))],
        )
        return _decide(
            line,
            DecisionAction.CONFIRM,
            [receipt],
            user=user,
            state=LineState.MATCHED,
            what=_("Matched to pledge %(code)s") % {"code": pledge.code},
        )


def split_line(
    line: StatementLine,
    parts: Iterable[tuple[Pledge | None, int]],
    *,
    user: AbstractBaseUser | None,
) -> Decision:
    """Share the line among pledges; `parts` [(pledge, amount)] must add up to the line.

    Pledges of one campaign and donor share one receipt; others get a receipt each, because a
    receipt belongs to one campaign and one donor in the ledger.
    """
    parts = [(pledge, amount) for pledge, amount in parts if pledge is not None]
    if not parts:
        raise ValidationError(_("Choose at least one pledge."))
    if len({pledge.pk for pledge, _amount in parts}) != len(parts):
        raise ValidationError(_("Each pledge may appear only once."))
    for _pledge, amount in parts:
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValidationError(_("Each part must be a whole number of đồng above 0."))
    with transaction.atomic():
        line = _lock_line(line)
        _require_queue(line)
        total = sum(amount for _pledge, amount in parts)
        if total != line.amount:
            raise ValidationError(
                _("The parts add up to %(total)s but the line is %(amount)s.")
                % {"total": format_vnd(total), "amount": format_vnd(line.amount)}
            )
        groups = defaultdict(list)
        for pledge, amount in parts:
            groups[(pledge.campaign_id, pledge.donor_id)].append((pledge, amount))
        receipts = [
            _bank_receipt(
                line,
                user=user,
                amount=sum(amount for _p, amount in group),
                donor=group[0][0].donor,
                campaign=group[0][0].campaign,
                allocate_to=group,
            )
            for group in groups.values()
        ]
        codes = ", ".join(pledge.code for pledge, _amount in parts)
        return _decide(
            line,
            DecisionAction.SPLIT if len(parts) > 1 else DecisionAction.CONFIRM,
            receipts,
            user=user,
            state=LineState.SPLIT if len(parts) > 1 else LineState.MATCHED,
            what=_("Split across pledges %(codes)s") % {"codes": codes},
        )


def attach_to_donor(
    line: StatementLine,
    donor: Donor,
    *,
    user: AbstractBaseUser | None,
    campaign: CampaignPage | None = None,
    disclosure: str | None = None,
) -> Decision:
    """A gift from a known donor that pays no pledge (shown as the donor chose)."""
    with transaction.atomic():
        line = _lock_line(line)
        _require_queue(line)
        receipt = _bank_receipt(
            line, user=user, donor=donor, campaign=campaign, disclosure=disclosure or None
        )
        return _decide(
            line,
            DecisionAction.DONOR,
            [receipt],
            user=user,
            state=LineState.DONOR,
            what=_("Attached to donor %(donor)s") % {"donor": donor},
        )


def record_unidentified(
    line: StatementLine, *, user: AbstractBaseUser | None, campaign: CampaignPage | None = None
) -> Decision:
    """Money whose giver cannot be told: it counts, shown as "Nhà hảo tâm ẩn danh"."""
    with transaction.atomic():
        line = _lock_line(line)
        _require_queue(line)
        receipt = _bank_receipt(line, user=user, campaign=campaign, disclosure=Disclosure.ANONYMOUS)
        return _decide(
            line,
            DecisionAction.UNIDENTIFIED,
            [receipt],
            user=user,
            state=LineState.UNIDENTIFIED,
            what=_("Recorded as a gift from an anonymous donor"),
        )


def mark_not_donation(
    line: StatementLine, *, category: str, reason: str, user: AbstractBaseUser | None
) -> Decision:
    """Bank interest, a transfer between the Fund's accounts…: no receipt, a reason kept."""
    if category not in NotDonationReason.values:
        raise ValidationError({"category": _("Choose what the money is.")})
    reason = reason_given(reason)
    with transaction.atomic():
        line = _lock_line(line)
        _require_queue(line)
        return _decide(
            line,
            DecisionAction.NOT_DONATION,
            [],
            user=user,
            state=LineState.NOT_DONATION,
            what=_("Marked as not a donation: %(kind)s")
            % {"kind": NotDonationReason(category).label},
            category=category,
            reason=reason,
        )


def reverse_decision(decision: Decision, *, reason: str, user: AbstractBaseUser | None) -> Decision:
    """Undo a decision: its receipts are reversed in the ledger with the same reason, what a
    registered resolver had linked to them (an online transfer gift marked paid) is released,
    and the line goes back to the queue (state "decision reversed") for a new decision."""
    reason = reason_given(reason)
    with transaction.atomic():
        line = _lock_line(decision.line)
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if not decision.is_reversible:
            raise ValidationError(_("This decision is already reversed or cannot be reversed."))
        receipts = list(decision.receipts.select_related("reversal").order_by("pk"))
        for receipt in receipts:
            if not receipt.is_reversed:
                reverse_receipt(receipt, reason=reason, user=user)
        if receipts:
            for resolver in registered():
                resolver.release(receipts, user=user)
        reversal = Decision.objects.create(
            line=line, action=DecisionAction.REVERSE, reason=reason, made_by=user
        )
        decision.reversed_by = reversal
        decision.save(update_fields=["reversed_by"])
        line.state = LineState.REVERSED
        line.save(update_fields=["state"])
        audit.log_decision(
            line,
            reversal,
            user=user,
            what=_("Reversed: %(decision)s") % {"decision": decision.get_action_display()},
            reason=reason,
        )
        refresh_import_status(line)
        return reversal


def live_decision(line: StatementLine) -> Decision | None:
    """The decision that currently stands for the line, if any."""
    return (
        line.decisions.exclude(action=DecisionAction.REVERSE)
        .filter(reversed_by__isnull=True)
        .order_by("-made_at", "-pk")
        .first()
    )
