"""The ledger's own invariants (registered from DonationsConfig.ready).

Pledge states need no stored-state check: a pledge's status is derived from the sum of its live
allocations (donations.models.pledges), so it is right whenever the allocations are. What can
make it wrong is checked instead: allocations larger than their receipt, allocations still live
on a reversed receipt (a pledge "paid" by money that no longer counts), allocations made to a
cancelled pledge or across funds, campaigns or donors.
"""

from collections import defaultdict

from django.db import models
from django.db.models import Case, Count, F, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, Length, LPad
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.models import (
    Allocation,
    Fund,
    GoodsTotal,
    HonourTally,
    HonourTotal,
    LedgerTotal,
    Receipt,
    ReceiptCounter,
    Reversal,
)
from donations.services.honour import honour_rows, tally_rows
from donations.services.numbering import PREFIX
from donations.services.totals import goods_buckets, local_day, receipt_buckets
from sitewide.formatting import format_date, format_vnd

from . import EXAMPLES, Result, found, register


@register(gettext_lazy("Allocations never exceed their receipt"))
def allocations_within_receipts():
    over = (
        Allocation.objects.filter(reversal__isnull=True)
        .values("receipt_id", "receipt__number", "receipt__amount")
        .annotate(allocated=Sum("amount"))
        .filter(allocated__gt=F("receipt__amount"))
        .order_by("receipt_id")
    )
    return found(
        over,
        lambda row: (
            _("%(number)s: %(allocated)s allocated, the receipt is %(amount)s")
            % {
                "number": row["receipt__number"],
                "allocated": format_vnd(row["allocated"]),
                "amount": format_vnd(row["receipt__amount"]),
            }
        ),
    )


def _live_allocations():
    return (
        Allocation.objects.filter(reversal__isnull=True)
        .select_related("receipt", "pledge")
        .order_by("pk")
    )


def _allocation_label(allocation):
    return f"{allocation.receipt.number} → {allocation.pledge.code}"


@register(gettext_lazy("No pledge is paid by a reversed receipt"))
def reversed_receipts_pay_nothing():
    return found(
        _live_allocations().filter(receipt__reversal__isnull=False),
        lambda allocation: (
            _("%(allocation)s: the receipt is reversed, the allocation is not")
            % {"allocation": _allocation_label(allocation)}
        ),
    )


@register(gettext_lazy("Allocations agree with their pledges"))
def allocations_fit_their_pledges():
    live = _live_allocations()
    after_cancel = live.filter(
        pledge__cancelled_at__isnull=False, created_at__gt=F("pledge__cancelled_at")
    )
    # NULL campaigns compare equal here, as "no campaign" on both sides is a match.
    mismatched = live.annotate(
        receipt_campaign=Coalesce("receipt__campaign_id", 0),
        pledge_campaign=Coalesce("pledge__campaign_id", 0),
    ).filter(
        ~Q(pledge__fund_id=F("receipt__fund_id"))
        | ~Q(pledge_campaign=F("receipt_campaign"))
        | (Q(receipt__donor_id__isnull=False) & ~Q(pledge__donor_id=F("receipt__donor_id")))
    )
    return found(
        after_cancel,
        lambda allocation: (
            _("%(allocation)s: allocated after the pledge was cancelled")
            % {"allocation": _allocation_label(allocation)}
        ),
    ) + found(
        mismatched,
        lambda allocation: (
            _("%(allocation)s: the receipt and the pledge differ in fund, campaign or donor")
            % {"allocation": _allocation_label(allocation)}
        ),
    )


BUCKET_KEY = ("fund_id", "campaign_id", "day", "channel", "donor_kind", "area_id")


@register(gettext_lazy("Campaign totals equal the sum of their receipts"))
def totals_equal_receipts():
    """The buckets the public money panel and the dashboard read, against the receipts that
    count, bucket by bucket (two grouped queries; a bucket all reversed holds zero)."""
    expected = {
        tuple(row[name] for name in BUCKET_KEY): (row["total"], row["count"])
        for row in receipt_buckets().iterator()
    }
    stored = {
        tuple(row[name] for name in BUCKET_KEY): (row["total"], row["count"])
        for row in LedgerTotal.objects.values(*BUCKET_KEY)
        .annotate(total=Sum("amount"), count=Sum("gifts"))
        .order_by()
        .iterator()
    }
    by_campaign = defaultdict(lambda: [0, 0, 0, 0])
    for key in expected.keys() | stored.keys():
        want, have = expected.get(key, (0, 0)), stored.get(key, (0, 0))
        if want != have:
            sums = by_campaign[(key[0], key[1])]
            sums[0] += want[0]
            sums[1] += want[1]
            sums[2] += have[0]
            sums[3] += have[1]
    if not by_campaign:
        return Result()
    names = _campaign_names({campaign for _fund, campaign in by_campaign})
    examples = [
        _(
            "%(campaign)s: totals show %(shown)s (%(shown_gifts)s gifts) where its receipts add "
            "up to %(real)s (%(real_gifts)s gifts)"
        )
        % {
            "campaign": names.get(campaign) or _("fund %(fund)s, no campaign") % {"fund": fund},
            "shown": format_vnd(sums[2]),
            "shown_gifts": sums[3],
            "real": format_vnd(sums[0]),
            "real_gifts": sums[1],
        }
        for (fund, campaign), sums in sorted(by_campaign.items(), key=str)[:EXAMPLES]
    ]
    return Result(len(by_campaign), examples)


def _campaign_names(ids):
    from django.apps import apps

    campaign_model = apps.get_model("campaigns", "CampaignPage")
    ids = [pk for pk in ids if pk is not None]
    return dict(campaign_model.objects.filter(pk__in=ids).values_list("pk", "title"))


@register(gettext_lazy("Receipt numbers run without gaps or repeats per fund and year"))
def receipt_numbers_without_gaps():
    years = (
        Receipt.objects.values("fund_id", "year")
        .annotate(
            receipts=Count("id"),
            numbers=Count("sequence", distinct=True),
            first=Min("sequence"),
            last=Max("sequence"),
            earliest=Min("received_at"),
            latest=Max("received_at"),
        )
        .order_by("fund_id", "year")
    )
    counters = {
        (counter.fund_id, counter.year): counter.last_sequence
        for counter in ReceiptCounter.objects.all()
    }
    funds = dict(Fund.objects.values_list("pk", "name"))
    problems = []
    for row in years:
        key = (row["fund_id"], row["year"])
        counter = counters.pop(key, None)
        contiguous = row["first"] == 1 and row["last"] == row["receipts"] == row["numbers"]
        # A receipt is numbered in the year it arrived, in Vietnam's time.
        in_its_year = local_day(row["earliest"]).year == local_day(row["latest"]).year == key[1]
        if contiguous and counter == row["last"] and in_its_year:
            continue
        problems.append(
            _(
                "%(fund)s, %(year)s: %(receipts)s receipts with %(numbers)s different numbers "
                "from %(first)s to %(last)s, received from %(earliest)s to %(latest)s; the "
                "counter is at %(counter)s"
            )
            % {
                "fund": funds.get(row["fund_id"], row["fund_id"]),
                "year": row["year"],
                "receipts": row["receipts"],
                "numbers": row["numbers"],
                "first": row["first"],
                "last": row["last"],
                "earliest": format_date(local_day(row["earliest"])),
                "latest": format_date(local_day(row["latest"])),
                "counter": "—" if counter is None else counter,
            }
        )
    for (fund_id, year), last in sorted(counters.items()):
        if last:
            problems.append(
                _("%(fund)s, %(year)s: the counter is at %(counter)s but no receipt exists")
                % {"fund": funds.get(fund_id, fund_id), "year": year, "counter": last}
            )
    return Result(len(problems), problems[:EXAMPLES]) + _misnumbered()


def _misnumbered():
    """Receipts whose number is not BN-<year>-<sequence, six digits or more>."""
    text = models.CharField()
    sequence = Cast("sequence", text)
    digits = LPad(sequence, Greatest(Value(6), Length(sequence)), Value("0"))
    expected = Concat(
        Value(f"{PREFIX}-"), Cast("year", text), Value("-"), digits, output_field=text
    )
    wrong = Receipt.objects.annotate(expected_number=expected).exclude(number=F("expected_number"))
    return found(
        wrong.order_by("pk"),
        lambda receipt: (
            _("%(number)s: not the number of receipt %(sequence)s of %(year)s")
            % {"number": receipt.number, "sequence": receipt.sequence, "year": receipt.year}
        ),
    )


@register(gettext_lazy("Every reversal undoes one original, once"))
def reversals_point_at_one_original():
    targets = Reversal.TARGETS
    set_count = sum(
        (Case(When(**{f"{name}__isnull": False}, then=1), default=0) for name in targets),
        Value(0),
    )
    no_target = Reversal.objects.annotate(targets=set_count).exclude(targets=1).order_by("pk")
    twice = [
        Reversal.objects.filter(**{f"{target}__isnull": False})
        .values(target)
        .annotate(times=Count("id"))
        .filter(times__gt=1)
        .order_by(target)
        for target in ("receipt", "allocation")
    ]
    corrections = Receipt.objects.filter(
        corrects__isnull=False, corrects__reversal__isnull=True
    ).select_related("corrects")
    return (
        found(
            no_target,
            lambda reversal: (
                _("Reversal %(id)s undoes no record, or several") % {"id": reversal.pk}
            ),
        )
        + found(
            twice[0],
            lambda row: (
                _("Receipt %(id)s is reversed %(times)s times")
                % {"id": row["receipt"], "times": row["times"]}
            ),
        )
        + found(
            twice[1],
            lambda row: (
                _("Allocation %(id)s is reversed %(times)s times")
                % {"id": row["allocation"], "times": row["times"]}
            ),
        )
        + found(
            corrections.order_by("pk"),
            lambda receipt: (
                _("%(number)s corrects %(original)s, which still counts")
                % {"number": receipt.number, "original": receipt.corrects.number}
            ),
        )
    )


HONOUR_FIELDS = ("campaign_id", "donor_id", "public_name", "total", "count", "first", "last")


@register(gettext_lazy("Goods totals equal the goods received in kind"))
def goods_totals_equal_receipts():
    """GoodsTotal (the disclosure's goods by item) against the counting receipts in kind, key
    by key (a key all reversed holds zero)."""
    expected = {
        (row["fund_id"], row["campaign_id"], row["goods_description"], row["goods_unit"]): (
            row["quantity"],
            row["total"],
            row["count"],
        )
        for row in goods_buckets().iterator()
    }
    stored = {
        (row["fund_id"], row["campaign_id"], row["item"], row["unit"]): (
            row["quantity"],
            row["amount"],
            row["gifts"],
        )
        for row in GoodsTotal.objects.values(*GOODS_FIELDS).iterator()
    }
    wrong = sorted(
        (key for key in expected.keys() | stored.keys()
         if expected.get(key, (0, 0, 0)) != stored.get(key, (0, 0, 0))),
        key=str,
    )  # fmt: skip
    return Result(
        len(wrong),
        [
            _("%(item)s (%(unit)s): totals show %(shown)s, the receipts add up to %(real)s")
            % {
                "item": key[2],
                "unit": key[3] or "—",
                "shown": format_vnd(stored.get(key, (0, 0, 0))[1]),
                "real": format_vnd(expected.get(key, (0, 0, 0))[1]),
            }
            for key in wrong[:EXAMPLES]
        ],
    )


GOODS_FIELDS = ("fund_id", "campaign_id", "item", "unit", "quantity", "amount", "gifts")


@register(gettext_lazy("Honour rolls equal the named gifts they sum"))
def honour_totals_equal_receipts():
    """The honour roll's rows (donations.models.HonourTotal) against the counting named
    receipts, row by row: total, number of gifts, first and last date."""
    expected = {row[:3]: row[3:] for row in honour_rows().values_list(*HONOUR_FIELDS).iterator()}
    stored = {
        row[:3]: row[3:]
        for row in HonourTotal.objects.values_list(
            "campaign_id", "donor_id", "public_name", "amount", "gifts", "first_at", "last_at"
        ).iterator()
    }
    wrong = sorted(
        (key for key in expected.keys() | stored.keys() if expected.get(key) != stored.get(key)),
        key=str,
    )
    if not wrong:
        return _tallies_equal_rows()
    names = _campaign_names({key[0] for key in wrong[:EXAMPLES]})
    examples = []
    for key in wrong[:EXAMPLES]:
        want, have = expected.get(key, (0, 0, None, None)), stored.get(key, (0, 0, None, None))
        examples.append(
            _(
                "%(campaign)s, %(name)s: the honour roll shows %(shown)s (%(shown_gifts)s gifts) "
                "where the named gifts add up to %(real)s (%(real_gifts)s gifts)"
            )
            % {
                "campaign": names.get(key[0], key[0]),
                "name": key[2],
                "shown": format_vnd(have[0]),
                "shown_gifts": have[1],
                "real": format_vnd(want[0]),
                "real_gifts": want[1],
            }
        )
    return Result(len(wrong), examples) + _tallies_equal_rows()


def _tallies_equal_rows():
    """The honour roll's tallies (rows per total, which place a deep page) against its rows."""
    expected = {
        (row["campaign_id"], row["amount"]): row["names"] for row in tally_rows().iterator()
    }
    stored = {
        (campaign, amount): names
        for campaign, amount, names in HonourTally.objects.filter(names__gt=0)
        .values_list("campaign_id", "amount", "names")
        .iterator()
    }
    wrong = sorted(
        key for key in expected.keys() | stored.keys() if expected.get(key) != stored.get(key)
    )
    names = _campaign_names({key[0] for key in wrong[:EXAMPLES]})
    return Result(
        len(wrong),
        [
            _(
                "%(campaign)s: the honour roll counts %(shown)s names with %(amount)s "
                "where it has %(real)s"
            )
            % {
                "campaign": names.get(campaign, campaign),
                "amount": format_vnd(amount),
                "shown": stored.get((campaign, amount), 0),
                "real": expected.get((campaign, amount), 0),
            }
            for campaign, amount in wrong[:EXAMPLES]
        ],
    )
