"""Automatic matching: payment codes in memos to what they pay, decided for a whole batch.

Never a scan of pledges per line: the codes of every line of the batch are looked up at once
(Pledge.code is unique, so indexed), the pledges found are locked in id order with their
outstanding amounts, and each line is then decided in memory. Lines are decided in booking
order and each match lowers what its pledge still expects, so a donor who pressed "send"
twice pays the pledge once and the second transfer waits for staff in the queue.

The rule is deliberately narrow, because a wrong automatic match is worse than a line in the
queue: one code whose record expects exactly the line's amount, or several codes (pledges)
whose outstanding amounts add up to exactly the line's amount. Everything else is for staff.
(An online transfer gift, registered by giving in donations.code_targets, takes any amount
once: giving counts what arrived, as the bank deducts fees and donors round.)
"""

from dataclasses import dataclass

from django.utils import timezone

from donations.code_targets import CodeTarget, registered
from donations.codes import PREFIX, find_codes
from donations.models import CampaignFund, Donor, Pledge
from donations.services.checks import FUTURE_TOLERANCE
from sitewide.bulk import select_in

from .folding import transliterate

#: Rows per query when looking up or locking many codes (SQLite's parameter limit is 32766).
CHUNK = 2000
#: What a match reads of a pledge's donor (the receipt's donor, kind, area and public name):
#: the fields, and their attributes on a MatchedDonor.
DONOR_FIELDS = ("kind", "name", "organisation", "area", "public_display")
DONOR_COLUMNS = ("kind", "name", "organisation", "area_id", "public_display")


@dataclass(frozen=True)
class Plan:
    """What to do with one line: `parts` is ((CodeTarget, amount), …), empty for the queue."""

    parts: tuple = ()

    @property
    def matched(self):
        return bool(self.parts)

    @property
    def is_split(self):
        return len(self.parts) > 1


#: The plan of every line left for staff.
TO_QUEUE = Plan()


#: ASCII punctuation and spaces, deleted by str.translate (C speed).
_ASCII_NOT_ALNUM = {code: None for code in range(128) if not chr(code).isalnum()}


def codes_in_folded(ascii_memo):
    """donations.codes.find_codes for a memo already transliterated to ASCII (the memo itself
    when it is ASCII, else anyascii(nfc(memo))), cheap on the many memos holding no code.

    The folded form is the very string sitewide.text.fold_alnum gives, and find_codes only
    runs where "UH" occurs; find_codes(folded) == find_codes(memo) as folding is idempotent.
    """
    folded = ascii_memo.translate(_ASCII_NOT_ALNUM).upper()
    if PREFIX not in folded:
        return []
    return find_codes(folded)


def codes_in(memo):
    """Valid payment codes in a memo, as donations.codes.find_codes finds them."""
    if not memo:
        return []
    return codes_in_folded(transliterate(memo))


class MatchedDonor:
    """What a match reads of a pledge's donor (the receipt's donor, kind, area and public
    name), from one row. The methods are the model's own."""

    __slots__ = ("pk", *DONOR_COLUMNS)
    public_name = Donor.public_name
    is_organisation = Donor.is_organisation
    __str__ = Donor.__str__

    def __init__(self, pk, *values):
        self.pk = pk
        for name, value in zip(DONOR_COLUMNS, values, strict=True):
            setattr(self, name, value)


class MatchedPledge:
    """What a match reads of a pledge (the allocation and the log entries' labels), from one
    row: a statement names thousands of pledges, each a whole Pledge and Donor before. str()
    is the model's own."""

    __slots__ = ("pk", "code", "fund_id", "campaign_id", "donor_id", "outstanding", "donor")
    __str__ = Pledge.__str__

    def __init__(self, pk, code, fund_id, campaign_id, donor_id, outstanding):
        self.pk, self.code, self.fund_id, self.campaign_id = pk, code, fund_id, campaign_id
        self.donor_id, self.outstanding, self.donor = donor_id, outstanding, None


def pledge_targets(codes, fund_id, *, lock=True):
    """{code: CodeTarget} for the open pledges of the fund among `codes`, locked in id order.

    Pledges whose campaign collects into another fund are left out: the ledger would refuse
    the receipt, so the line is for staff to look at. A target's pledge and donor are a
    MatchedPledge and a MatchedDonor.
    """
    codes = sorted(set(codes))
    found = {}
    for start in range(0, len(codes), CHUNK):
        queryset = (
            Pledge.objects.filter(code__in=codes[start : start + CHUNK], fund_id=fund_id)
            .filter(cancelled_at__isnull=True)
            .with_paid()
            .order_by("pk")
        )
        if lock:
            queryset = queryset.select_for_update()
        columns = ("pk", "code", "fund_id", "campaign_id", "donor_id", "outstanding")
        for row in queryset.values_list(*columns):
            pledge = MatchedPledge(*row)
            found[pledge.code] = pledge
    # Donors once each (many pledges share one), rather than one joined copy per pledge.
    wanted = {pledge.donor_id for pledge in found.values()}
    donors = {row[0]: MatchedDonor(*row) for row in select_in(Donor, "id", wanted, *DONOR_FIELDS)}
    for pledge in found.values():
        pledge.donor = donors[pledge.donor_id]
    campaign_funds = _campaign_funds({pledge.campaign_id for pledge in found.values()})
    targets = {}
    for code, pledge in found.items():
        if campaign_funds.get(pledge.campaign_id, fund_id) != fund_id:
            continue
        targets[code] = CodeTarget(
            code=code,
            outstanding=pledge.outstanding,
            fund_id=pledge.fund_id,
            campaign_id=pledge.campaign_id,
            donor=pledge.donor,
            pledge=pledge,
            label=str(pledge),
        )
    return targets


def _campaign_funds(campaign_ids):
    campaign_ids = [pk for pk in campaign_ids if pk is not None]
    if not campaign_ids:
        return {}
    links = CampaignFund.objects.filter(campaign_id__in=campaign_ids)
    return dict(links.values_list("campaign_id", "fund_id"))


def resolve_targets(codes, fund_id):
    """Pledges first, then each registered resolver for the codes still unknown."""
    targets = pledge_targets(codes, fund_id)
    for resolver in registered():
        missing = [code for code in codes if code not in targets]
        if not missing:
            break
        for code, target in resolver.resolve(missing, fund_id=fund_id).items():
            target.resolver = resolver
            targets.setdefault(code, target)
    return targets


def plan_line(amount, codes, booked_at, remaining, targets, now=None):
    """The Plan of one line; `remaining` {code: amount still expected} is lowered on a match."""
    now = now or timezone.now()
    if booked_at > now + FUTURE_TOLERANCE:
        return TO_QUEUE  # the ledger refuses receipts from the future; staff will look
    found = [targets[code] for code in codes if code in targets]
    if len(found) == 1:
        target = found[0]
        expected = remaining[target.code]
        if expected == amount or (target.accepts_any_amount and expected):
            remaining[target.code] = 0
            return Plan(((target, amount),))
        return TO_QUEUE
    if len(found) > 1 and all(target.is_pledge for target in found):
        shares = [remaining[target.code] for target in found]
        if all(shares) and sum(shares) == amount:
            for target in found:
                remaining[target.code] = 0
            return Plan(tuple(zip(found, shares, strict=True)))
    return TO_QUEUE


def plan_batch(items, targets, now=None):
    """Plans for `items` [(amount, codes, booked_at)], decided in booking order."""
    now = now or timezone.now()
    remaining = {code: target.outstanding for code, target in targets.items()}
    coded = sorted(
        (index for index, item in enumerate(items) if item[1]),
        key=lambda index: (items[index][2], index),
    )
    plans = [TO_QUEUE] * len(items)
    for index in coded:
        amount, codes, booked_at = items[index]
        plans[index] = plan_line(amount, codes, booked_at, remaining, targets, now)
    return plans
