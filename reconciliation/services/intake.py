"""Taking statement lines in: the one path shared by file imports and transfer feeds.

Inside the caller's transaction: lock the bank account (imports and feed calls for one account
are served one after the other, so the dedupe check below cannot race), drop lines already
stored (dedupe keys looked up in bulk, never per line), decide the automatic matches for the
whole batch, store the lines with their state, then write the receipts, allocations and
decisions of the matched ones through reconciliation.ledger_batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations.models import BankAccount
from reconciliation.statements.lines import dedupe_key
from sitewide.bulk import insert_rows, select_in

from ..folding import search_form
from ..ledger_batch import ReceiptSpec, lock_counters, receipt_year, write_receipts
from ..matching import TO_QUEUE, codes_in_folded, plan_batch, resolve_targets
from ..models import Decision, DecisionAction, LineState, StatementLine

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from reconciliation.statements.lines import StatementLine as ParsedLine

    from ..models import FeedSource, StatementImport


@dataclass(slots=True)
class Incoming:
    """A line to take in: the parsed StatementLine, its dedupe key, and a feed's own id."""

    line: ParsedLine
    key: str
    feed_key: str | None = None


@dataclass(slots=True)
class NewLine:
    """A line just stored: what the receipts of its matches are written from."""

    pk: int
    booked_at: object
    amount: int
    memo: str
    counterparty_name: str
    bank_reference: str


@dataclass
class IntakeResult:
    new: int = 0
    duplicate: int = 0
    matched: int = 0

    @property
    def left(self) -> int:
        return self.new - self.matched


def account_key(account: BankAccount) -> str:
    """What identifies the account in dedupe keys: bank BIN and number (unique together)."""
    return f"{account.bank_bin}{account.account_number}"


def statement_incoming(account: BankAccount, lines: Iterable[ParsedLine]) -> list[Incoming]:
    key = account_key(account)
    return [Incoming(line=line, key=dedupe_key(key, line)) for line in lines]


def check_account(account: BankAccount) -> None:
    if account.fund_id is None:
        raise ValidationError(
            _("Bank account %(account)s is not linked to a fund; link it before importing.")
            % {"account": account}
        )


def folded_forms(line: ParsedLine) -> tuple[str, str]:
    """(search text, memo transliterated to ASCII for the code search), transliterating the
    memo once (sitewide.text.fold and fold_alnum would each do it again): the line keeps the
    ASCII memo its dedupe key was made from."""
    ascii_memo = line.ascii_memo
    search = search_form(ascii_memo, line.counterparty_name, line.bank_reference)
    return search, ascii_memo


def take_lines(
    account: BankAccount,
    incoming: Sequence[Incoming],
    *,
    statement_import: StatementImport | None = None,
    feed_source: FeedSource | None = None,
    user: AbstractBaseUser | None = None,
) -> IntakeResult:
    """Store the new lines among `incoming` and match what can be; returns an IntakeResult."""
    check_account(account)
    result = IntakeResult()
    with transaction.atomic():
        BankAccount.objects.select_for_update().filter(pk=account.pk).first()
        fresh = _new_only(incoming, result)
        if not fresh:
            return result
        forms = [folded_forms(item.line) for item in fresh]
        codes = [codes_in_folded(ascii_memo) for _search, ascii_memo in forms]
        plans, counters = _plan(account, fresh, codes)
        insert_rows(
            StatementLine,
            (
                _line_row(account, item, line_codes, search, plan, statement_import, feed_source)
                for item, line_codes, (search, _memo), plan in zip(
                    fresh, codes, forms, plans, strict=True
                )
            ),
            LINE_COLUMNS,
        )
        result.new = len(fresh)
        matched = [(item, plan) for item, plan in zip(fresh, plans, strict=True) if plan.matched]
        result.matched = len(matched)
        if matched:
            specs = _receipt_specs(_stored(matched))
            write_receipts(
                account, [spec for spec in specs if spec.target is None], counters, user=user
            )
            for spec in specs:
                if spec.target is not None:
                    receipt = spec.target.resolver.record(
                        spec.target, spec.line, account, user=user
                    )
                    spec.receipt_id = receipt.pk
            _record_decisions(specs)
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
    return {key for (key,) in select_in(StatementLine, field_name, keys)}


def _plan(account, fresh, codes):
    """Lock the receipt counters, then the pledges (the ledger's lock order), and decide."""
    coded = [index for index, line_codes in enumerate(codes) if line_codes]
    if not coded:
        return [TO_QUEUE] * len(fresh), {}
    zone = timezone.get_current_timezone()
    years = {receipt_year(fresh[index].line.booked_at, zone) for index in coded}
    counters = lock_counters(account.fund, years)
    wanted = {code for line_codes in codes for code in line_codes}
    targets = resolve_targets(wanted, account.fund_id)
    items = [
        (item.line.amount, line_codes, item.line.booked_at)
        for item, line_codes in zip(fresh, codes, strict=True)
    ]
    return plan_batch(items, targets), counters


#: The columns of a stored line, in the order _line_row gives their values.
LINE_COLUMNS = (
    "bank_account_id",
    "statement_import_id",
    "feed_source_id",
    "dedupe_key",
    "feed_key",
    "row",
    "booked_at",
    "amount",
    "memo",
    "counterparty_name",
    "counterparty_account",
    "bank_reference",
    "codes",
    "search_text",
    "state",
)


def _line_row(account, item, line_codes, search, plan, statement_import, feed_source):
    line = item.line
    if not plan.matched:
        state = LineState.UNMATCHED
    else:
        state = LineState.SPLIT if plan.is_split else LineState.MATCHED
    return (
        account.pk,
        statement_import.pk if statement_import else None,
        feed_source.pk if feed_source else None,
        item.key,
        item.feed_key,
        line.row,
        line.booked_at,
        line.amount,
        line.memo,
        line.counterparty_name[:200],
        line.counterparty_account[:40],
        line.bank_reference[:80],
        " ".join(line_codes)[:200],
        search,
        state.value,
    )


def _stored(matched):
    """[(NewLine, plan)] of the matched items, with the ids the database gave their lines."""
    ids = dict(select_in(StatementLine, "dedupe_key", [item.key for item, _plan in matched], "id"))
    return [
        (
            NewLine(
                pk=ids[item.key],
                booked_at=item.line.booked_at,
                amount=item.line.amount,
                memo=item.line.memo,
                counterparty_name=item.line.counterparty_name[:200],
                bank_reference=item.line.bank_reference[:80],
            ),
            plan,
        )
        for item, plan in matched
    ]


def _receipt_specs(matched):
    """One receipt per line and (campaign, donor) among its parts: usually exactly one."""
    specs = []
    for line, plan in matched:
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
        by_line[spec.line.pk].append(spec.receipt_id)
    insert_rows(
        Decision,
        ({"line_id": line_id, "action": DecisionAction.AUTO_MATCH.value} for line_id in by_line),
    )
    decisions = dict(select_in(Decision, "line", list(by_line), "id"))
    insert_rows(
        Decision.receipts.through,
        (
            {"decision_id": decisions[line_id], "receipt_id": receipt_id}
            for line_id, receipt_ids in by_line.items()
            for receipt_id in receipt_ids
        ),
    )
