"""Taking statement lines in: the one path shared by file imports and transfer feeds.

Inside the caller's transaction: lock the bank account (imports and feed calls for one account
are served one after the other, so the dedupe check below cannot race), drop lines already
stored (dedupe keys looked up in bulk, never per line), decide the automatic matches for the
whole batch, store the lines with their state, then write the receipts, allocations and
decisions of the matched ones through reconciliation.ledger_batch.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from donations.models import BankAccount
from donations.statements.lines import dedupe_key
from sitewide.text import fold

from ..ledger_batch import ReceiptSpec, lock_counters, receipt_year, write_receipts
from ..matching import CHUNK, Plan, codes_in, plan_batch, resolve_targets
from ..models import Decision, DecisionAction, LineState, StatementLine


@dataclass
class Incoming:
    """A line to take in: the parsed StatementLine, its dedupe key, and a feed's own id."""

    line: object  # donations.statements.StatementLine
    key: str
    feed_key: str | None = None


@dataclass
class IntakeResult:
    new: int = 0
    duplicate: int = 0
    matched: int = 0
    lines: list = field(default_factory=list)

    @property
    def left(self):
        return self.new - self.matched


def account_key(account):
    """What identifies the account in dedupe keys: bank BIN and number (unique together)."""
    return f"{account.bank_bin}{account.account_number}"


def statement_incoming(account, lines):
    key = account_key(account)
    return [Incoming(line=line, key=dedupe_key(key, line)) for line in lines]


def check_account(account):
    if account.fund_id is None:
        raise ValidationError(
            _("Bank account %(account)s is not linked to a fund; link it before importing.")
            % {"account": account}
        )


def take_lines(account, incoming, *, statement_import=None, feed_source=None, user=None):
    """Store the new lines among `incoming` and match what can be; returns an IntakeResult."""
    check_account(account)
    result = IntakeResult()
    with transaction.atomic():
        BankAccount.objects.select_for_update().filter(pk=account.pk).first()
        fresh = _new_only(incoming, result)
        if not fresh:
            return result
        codes = [codes_in(item.line.memo) for item in fresh]
        plans, counters = _plan(account, fresh, codes)
        lines = StatementLine.objects.bulk_create(
            [
                _line_row(account, item, line_codes, plan, statement_import, feed_source)
                for item, line_codes, plan in zip(fresh, codes, plans, strict=True)
            ],
            batch_size=CHUNK,
        )
        result.new = len(lines)
        result.lines = lines
        specs = _receipt_specs(lines, plans)
        write_receipts(
            account, [spec for spec in specs if spec.target is None], counters, user=user
        )
        for spec in specs:
            if spec.target is not None:
                spec.receipt = spec.target.resolver.record(
                    spec.target, spec.line, account, user=user
                )
        _record_decisions(specs)
        result.matched = sum(1 for plan in plans if plan.matched)
    return result


def _new_only(incoming, result):
    """The items whose keys are neither stored nor repeated earlier in the batch."""
    keys = [item.key for item in incoming]
    feed_keys = [item.feed_key for item in incoming if item.feed_key]
    stored = _existing("dedupe_key", keys) | _existing("feed_key", feed_keys)
    fresh, seen = [], set(stored)
    for item in incoming:
        if item.key in seen or (item.feed_key and item.feed_key in seen):
            result.duplicate += 1
            continue
        seen.add(item.key)
        if item.feed_key:
            seen.add(item.feed_key)
        fresh.append(item)
    return fresh


def _existing(field_name, keys):
    found = set()
    keys = list(dict.fromkeys(keys))
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        found.update(
            StatementLine.objects.filter(**{f"{field_name}__in": chunk}).values_list(
                field_name, flat=True
            )
        )
    return found


def _plan(account, fresh, codes):
    """Lock the receipt counters, then the pledges (the ledger's lock order), and decide."""
    coded = [index for index, line_codes in enumerate(codes) if line_codes]
    if not coded:
        return [Plan() for _item in fresh], {}
    years = {receipt_year(fresh[index].line.booked_at) for index in coded}
    counters = lock_counters(account.fund, years)
    targets = resolve_targets(
        {code for line_codes in codes for code in line_codes}, account.fund_id
    )
    items = [
        (item.line.amount, line_codes, item.line.booked_at)
        for item, line_codes in zip(fresh, codes, strict=True)
    ]
    return plan_batch(items, targets), counters


def _line_row(account, item, line_codes, plan, statement_import, feed_source):
    line = item.line
    if not plan.matched:
        state = LineState.UNMATCHED
    else:
        state = LineState.SPLIT if plan.is_split else LineState.MATCHED
    return StatementLine(
        bank_account=account,
        statement_import=statement_import,
        feed_source=feed_source,
        dedupe_key=item.key,
        feed_key=item.feed_key,
        row=line.row,
        booked_at=line.booked_at,
        amount=line.amount,
        memo=line.memo,
        counterparty_name=line.counterparty_name[:200],
        counterparty_account=line.counterparty_account[:40],
        bank_reference=line.bank_reference[:80],
        codes=" ".join(line_codes)[:200],
        search_text=fold(f"{line.memo} {line.counterparty_name} {line.bank_reference}"),
        state=state,
    )


def _receipt_specs(lines, plans):
    """One receipt per line and (campaign, donor) among its parts: usually exactly one."""
    specs = []
    for line, plan in zip(lines, plans, strict=True):
        groups = defaultdict(list)
        for target, amount in plan.parts:
            donor_id = target.donor.pk if target.donor is not None else None
            groups[(target.campaign_id, donor_id, id(target.resolver))].append((target, amount))
        for (campaign_id, _donor, _resolver), parts in groups.items():
            first = parts[0][0]
            specs.append(
                ReceiptSpec(
                    line=line,
                    amount=sum(amount for _t, amount in parts),
                    donor=first.donor,
                    campaign_id=campaign_id,
                    disclosure=first.receipt_disclosure(),
                    parts=[(target.pledge, amount) for target, amount in parts],
                    target=None if first.is_pledge else first,
                )
            )
    return specs


def _record_decisions(specs):
    """An AUTO_MATCH decision per matched line, pointing at the receipts written for it."""
    by_line = defaultdict(list)
    for spec in specs:
        by_line[spec.line.pk].append(spec)
    decisions = Decision.objects.bulk_create(
        [
            Decision(line=line_specs[0].line, action=DecisionAction.AUTO_MATCH)
            for line_specs in by_line.values()
        ],
        batch_size=CHUNK,
    )
    links = Decision.receipts.through
    rows = [
        links(decision_id=decision.pk, receipt_id=spec.receipt.pk)
        for decision, line_specs in zip(decisions, by_line.values(), strict=True)
        for spec in line_specs
    ]
    links.objects.bulk_create(rows, batch_size=CHUNK)
