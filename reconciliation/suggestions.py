"""Ranked pledge suggestions for lines in the queue.

The candidates come from one bounded query per page of lines, never from all pledges: open
pledges of the account's fund whose code appears (whole or cut short) in a memo, whose donor's
folded name equals or starts like the sender's, or whose amount is within half of the line's.
Each candidate is then scored in Python: code, amount closeness (the exact outstanding amount
first), date window, and donor-name similarity with diacritics folded (difflib on
sitewide.text.fold forms; a donor named in the memo itself counts as a perfect match).
The date window only adds to a candidate that something else points at: otherwise every
small gift without a code would be offered the one big pledge due that month.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.functions import Abs
from django.utils import timezone
from django.utils.translation import gettext as _

from donations.codes import ALPHABET, PREFIX
from donations.models import Pledge
from sitewide.formatting import format_date, format_vnd
from sitewide.text import fold

#: Pledges due or made this many days around the booking are "in the date window".
DATE_WINDOW_DAYS = 45
#: Pledges near in amount considered per line (those named by code or sender always are).
CANDIDATES_PER_LINE = 40
_FRAGMENT = re.compile(rf"\b({PREFIX}[{ALPHABET}]{{2,5}})\b")
_NAME_NOISE = re.compile(r"\b(ct|cty|tnhh|cp|ong|ba|anh|chi)\b")


@dataclass
class Suggestion:
    pledge: Pledge
    score: float
    reasons: list = field(default_factory=list)

    @property
    def outstanding(self):
        return self.pledge.outstanding


@dataclass
class _LineSignals:
    line: object
    codes: list
    fragments: list
    name: str
    memo: str


def _signals(line):
    memo_words = fold(line.memo).upper()
    fragments = [
        fragment for fragment in _FRAGMENT.findall(memo_words) if fragment not in line.code_list
    ]
    return _LineSignals(
        line=line,
        codes=line.code_list,
        fragments=fragments,
        name=fold(line.counterparty_name),
        memo=fold(line.memo),
    )


def _strong_condition(signals):
    """Pledges the memo or the sender name points at: few, so never cut off."""
    condition = Q(pk__in=[])
    if signals.codes:
        condition |= Q(code__in=signals.codes)
    for fragment in signals.fragments:
        condition |= Q(code__startswith=fragment)
    if len(signals.name) >= 4:
        condition |= Q(donor__name_folded__startswith=signals.name)
    return condition


def _amount_condition(signals):
    amount = signals.line.amount
    return Q(amount__gte=amount // 2, amount__lte=amount * 3 // 2)


def _open_pledges(fund_ids):
    return (
        Pledge.objects.filter(fund_id__in=fund_ids, cancelled_at__isnull=True)
        .with_paid()
        .filter(outstanding__gt=0)
        .select_related("donor", "campaign")
    )


def suggest_many(lines, limit=3):
    """{line.pk: [Suggestion]} for a page of lines, from two bounded candidate queries."""
    lines = [line for line in lines if line.bank_account.fund_id is not None]
    if not lines:
        return {}
    signals = [_signals(line) for line in lines]
    fund_ids = {line.bank_account.fund_id for line in lines}
    strong, by_amount = Q(pk__in=[]), Q(pk__in=[])
    for line_signals in signals:
        strong |= _strong_condition(line_signals)
        by_amount |= _amount_condition(line_signals)
    candidates = {pledge.pk: pledge for pledge in _open_pledges(fund_ids).filter(strong)}
    nearby = _open_pledges(fund_ids).filter(by_amount).order_by("-pk")
    if len(lines) == 1:
        nearby = nearby.order_by(Abs(F("amount") - lines[0].amount), "pk")
    for pledge in nearby[: CANDIDATES_PER_LINE * len(lines)]:
        candidates.setdefault(pledge.pk, pledge)
    return {s.line.pk: rank(s, candidates.values(), limit) for s in signals}


def suggest(line, limit=8):
    """Suggestions for one line (its page in the admin)."""
    return suggest_many([line], limit=limit).get(line.pk, [])


def rank(signals, candidates, limit):
    scored = []
    for pledge in candidates:
        if pledge.fund_id != signals.line.bank_account.fund_id:
            continue
        suggestion = score(signals, pledge)
        if suggestion.score > 0:
            scored.append(suggestion)
    scored.sort(key=lambda s: (-s.score, s.pledge.pk))
    return scored[:limit]


def score(signals, pledge):
    line = signals.line
    suggestion = Suggestion(pledge=pledge, score=0.0)
    add = suggestion.reasons.append
    if pledge.code in signals.codes:
        suggestion.score += 100
        add(_("payment code %(code)s in the memo") % {"code": pledge.code})
    elif any(pledge.code.startswith(fragment) for fragment in signals.fragments):
        suggestion.score += 40
        add(_("payment code cut short in the memo"))
    outstanding = pledge.outstanding
    if outstanding == line.amount:
        suggestion.score += 50
        add(_("exactly the amount outstanding"))
    else:
        closeness = 1 - abs(outstanding - line.amount) / max(outstanding, line.amount)
        if closeness >= 0.5:
            suggestion.score += 30 * closeness
            add(_("%(outstanding)s outstanding") % {"outstanding": format_vnd(outstanding)})
    similarity = name_similarity(signals, pledge.donor)
    if similarity >= 0.6:
        suggestion.score += 30 * similarity
        add(_("sender's name resembles %(donor)s") % {"donor": pledge.donor.name})
    if not suggestion.reasons:
        return suggestion
    days = _days_apart(line, pledge)
    if days is not None and days <= DATE_WINDOW_DAYS:
        suggestion.score += 15 * (1 - days / DATE_WINDOW_DAYS)
        day = pledge.due_on or pledge.pledged_on
        add(_("due or pledged on %(day)s") % {"day": format_date(day)})
    return suggestion


def _days_apart(line, pledge):
    booked = timezone.localtime(line.booked_at).date()
    days = [abs((booked - day).days) for day in (pledge.due_on, pledge.pledged_on) if day]
    return min(days) if days else None


def _clean_name(text):
    return " ".join(_NAME_NOISE.sub(" ", text).split())


def name_similarity(signals, donor):
    """0..1: how much the sender (or the memo) names this donor, diacritics folded."""
    names = [donor.name_folded, donor.organisation_folded]
    names = [name for name in names if name]
    if not names:
        return 0.0
    if any(len(name) >= 6 and f" {name} " in f" {signals.memo} " for name in names):
        return 1.0
    if not signals.name:
        return 0.0
    sender = _clean_name(signals.name)
    return max(difflib.SequenceMatcher(None, sender, _clean_name(name)).ratio() for name in names)
