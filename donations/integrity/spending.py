"""The invariants of money out (registered from DonationsConfig.ready): no fund ever holds less
than nothing, vouchers pay under approved authorities and within them, transfers between funds
have their two sides, the day buckets equal the vouchers and transfers, numbers have no gaps.

Like donations.integrity.ledger, each check is a few grouped queries; the only loop over rows is
over (fund, day) sums, a few hundred per fund and year.
"""

from collections import defaultdict

from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.models import (
    Channel,
    DocumentCounter,
    Flow,
    Fund,
    FundDayTotal,
    FundTransfer,
    LedgerTotal,
    Receipt,
    SpendingTotal,
    Voucher,
)
from donations.services.holdings import (
    MONEY_SIGN,
    SPENDING_KEY,
    fund_day_sums,
    spending_buckets,
)
from donations.services.numbering import TRANSFER_IN_PREFIX, VOUCHER_PREFIX, format_number
from donations.services.totals import FUND_DAY_SUMS
from donations.spending import resolve_authorities
from sitewide.formatting import format_date, format_vnd

from . import EXAMPLES, Result, found, register


def _fund_names():
    return dict(Fund.objects.values_list("pk", "name"))


@register(gettext_lazy("No fund holds less than nothing on any day"))
def no_fund_goes_negative():
    """Money, from the buckets (whose agreement with the records is checked apart), and goods
    by item, from the records."""
    net = defaultdict(lambda: defaultdict(int))
    received = (
        LedgerTotal.objects.exclude(channel=Channel.IN_KIND)
        .values("fund_id", "day")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in received.iterator():
        net[row["fund_id"]][row["day"]] += row["total"]
    moved = (
        SpendingTotal.objects.exclude(flow=Flow.GOODS_OUT)
        .values("fund_id", "day", "flow")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in moved.iterator():
        net[row["fund_id"]][row["day"]] += MONEY_SIGN[row["flow"]] * row["total"]
    names = _fund_names()
    problems = []
    for fund_id, days in sorted(net.items()):
        balance = 0
        for day in sorted(days):
            balance += days[day]
            if balance < 0:
                problems.append(
                    _("%(fund)s held %(balance)s at the end of %(day)s")
                    % {
                        "fund": names.get(fund_id, fund_id),
                        "balance": format_vnd(balance),
                        "day": format_date(day),
                    }
                )
                break
    return Result(len(problems), problems[:EXAMPLES]) + _goods_never_negative(names)


def _goods_never_negative(names):
    stock = defaultdict(lambda: defaultdict(int))
    received = (
        Receipt.objects.counting()
        .filter(channel=Channel.IN_KIND)
        .values("fund_id", "goods_description", "received_at__date")
        .annotate(total=Sum("goods_quantity"))
        .order_by()
    )
    for row in received.iterator():
        key = (row["fund_id"], row["goods_description"])
        stock[key][row["received_at__date"]] += row["total"] or 0
    given = (
        Voucher.objects.live()
        .filter(method=Voucher.Method.GOODS)
        .values("fund_id", "goods_item", "paid_on")
        .annotate(total=Sum("goods_quantity"))
        .order_by()
    )
    for row in given.iterator():
        stock[(row["fund_id"], row["goods_item"])][row["paid_on"]] -= row["total"] or 0
    problems = []
    for (fund_id, item), days in sorted(stock.items(), key=str):
        held = 0
        for day in sorted(days):
            held += days[day]
            if held < 0:
                problems.append(
                    _("%(fund)s gave more “%(item)s” than it held, on %(day)s")
                    % {"fund": names.get(fund_id, fund_id), "item": item, "day": format_date(day)}
                )
                break
    return Result(len(problems), problems[:EXAMPLES])


@register(gettext_lazy("Every voucher pays under an approved decision, within it"))
def vouchers_within_their_authority():
    live = (
        Voucher.objects.live()
        .filter(kind=Voucher.Kind.SUPPORT)
        .values("authority_key", "fund_id")
        .annotate(paid=Sum("amount"), vouchers=Count("id"), first=Min("number"))
        .order_by("authority_key", "fund_id")
    )
    rows = list(live)
    authorities = resolve_authorities({row["authority_key"] for row in rows})
    problems = []
    for row in rows:
        authority = authorities.get(row["authority_key"])
        values = {
            "key": row["authority_key"],
            "number": row["first"],
            "paid": format_vnd(row["paid"]),
        }
        if authority is None:
            problems.append(_("%(number)s: its decision (%(key)s) cannot be found") % values)
        elif not authority.approved:
            problems.append(
                _("%(number)s: paid under %(label)s, which is not approved")
                % {**values, "label": authority.label}
            )
        elif authority.fund_id != row["fund_id"]:
            problems.append(
                _("%(number)s: paid from another fund than its decision's (%(label)s)")
                % {**values, "label": authority.label}
            )
        elif row["paid"] > authority.ceiling:
            problems.append(
                _("%(label)s allows %(ceiling)s; its live vouchers pay %(paid)s")
                % {**values, "label": authority.label, "ceiling": format_vnd(authority.ceiling)}
            )
    return Result(len(problems), problems[:EXAMPLES])


@register(gettext_lazy("Transfers between funds have both sides and net to zero"))
def transfers_net_to_zero():
    between = FundTransfer.objects.filter(from_fund__isnull=False).select_related("out_voucher")
    mismatched = between.exclude(
        out_voucher__fund_id=F("from_fund_id"),
        out_voucher__amount=F("amount"),
        out_voucher__paid_on=F("transferred_on"),
        out_voucher__kind=Voucher.Kind.TRANSFER_OUT,
    ) | between.exclude(
        Q(campaign__isnull=True, out_voucher__campaign__isnull=True)
        | Q(out_voucher__campaign=F("campaign"))
    )
    half_reversed = between.filter(
        Q(reversal__isnull=True, out_voucher__reversal__isnull=False)
        | Q(reversal__isnull=False, out_voucher__reversal__isnull=True)
    )
    orphans = Voucher.objects.filter(kind=Voucher.Kind.TRANSFER_OUT, transfer__isnull=True)
    sums = {
        row["flow"]: row["total"]
        for row in SpendingTotal.objects.filter(
            other_fund__isnull=False, flow__in=[Flow.TRANSFER_IN, Flow.TRANSFER_OUT]
        )
        .values("flow")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    totals = Result()
    if sums.get(Flow.TRANSFER_IN, 0) != sums.get(Flow.TRANSFER_OUT, 0):
        totals = Result(
            1,
            [
                _("Transfers out of funds add up to %(out)s, into funds to %(in)s")
                % {
                    "out": format_vnd(sums.get(Flow.TRANSFER_OUT, 0)),
                    "in": format_vnd(sums.get(Flow.TRANSFER_IN, 0)),
                }
            ],
        )
    return (
        found(
            mismatched.order_by("pk"),
            lambda transfer: (
                _("%(number)s: its out-voucher differs in fund, amount, day, kind or campaign")
                % {"number": transfer.number}
            ),
        )
        + found(
            half_reversed.order_by("pk"),
            lambda transfer: (
                _("%(number)s: one side is reversed, the other is not")
                % {"number": transfer.number}
            ),
        )
        + found(
            orphans.order_by("pk"),
            lambda voucher: (
                _("%(number)s: a transfer voucher without its transfer")
                % {"number": voucher.number}
            ),
        )
        + totals
    )


@register(gettext_lazy("Money-out totals equal the vouchers and transfers"))
def spending_totals_equal_records():
    expected = spending_buckets()
    stored = {
        tuple(row[name] for name in SPENDING_KEY): (row["total"], row["number"])
        for row in SpendingTotal.objects.values(*SPENDING_KEY)
        .annotate(total=Sum("amount"), number=Sum("count"))
        .order_by()
        .iterator()
    }
    names = _fund_names()
    problems = []
    for key in sorted(expected.keys() | stored.keys(), key=str):
        want, have = expected.get(key, (0, 0)), stored.get(key, (0, 0))
        if want != have:
            problems.append(
                _(
                    "%(fund)s, %(day)s, %(flow)s: totals show %(shown)s where the records add up "
                    "to %(real)s"
                )
                % {
                    "fund": names.get(key[0], key[0]),
                    "day": format_date(key[1]),
                    "flow": Flow(key[2]).label if key[2] in Flow.values else key[2],
                    "shown": format_vnd(have[0]),
                    "real": format_vnd(want[0]),
                }
            )
    return Result(len(problems), problems[:EXAMPLES])


@register(gettext_lazy("Each fund's day totals equal its receipts, vouchers and transfers"))
def fund_day_totals_equal_records():
    """FundDayTotal against the records themselves (not the finer buckets, checked apart)."""
    expected = fund_day_sums()
    stored = {
        (row[0], row[1]): tuple(row[2:])
        for row in FundDayTotal.objects.values_list("fund_id", "day", *FUND_DAY_SUMS).iterator()
    }
    names = _fund_names()
    problems = []
    nothing = (0,) * len(FUND_DAY_SUMS)
    for key in sorted(expected.keys() | stored.keys()):
        want, have = expected.get(key, nothing), stored.get(key, nothing)
        if want != have:
            problems.append(
                _(
                    "%(fund)s, %(day)s: the day's totals show %(shown)s where the records add "
                    "up to %(real)s (received, spent, transferred in, transferred out)"
                )
                % {
                    "fund": names.get(key[0], key[0]),
                    "day": format_date(key[1]),
                    "shown": " / ".join(format_vnd(value) for value in have),
                    "real": " / ".join(format_vnd(value) for value in want),
                }
            )
    return Result(len(problems), problems[:EXAMPLES])


def _numbering(queryset, fund_field, prefix, day_field):
    years = (
        queryset.values(fund_field, "year")
        .annotate(
            records=Count("id"),
            numbers=Count("sequence", distinct=True),
            first=Min("sequence"),
            last=Max("sequence"),
            earliest=Min(day_field),
            latest=Max(day_field),
        )
        .order_by(fund_field, "year")
    )
    counters = {
        (counter.fund_id, counter.year): counter.last_sequence
        for counter in DocumentCounter.objects.filter(prefix=prefix)
    }
    names = _fund_names()
    problems = []
    for row in years:
        key = (row[fund_field], row["year"])
        counter = counters.pop(key, None)
        contiguous = row["first"] == 1 and row["last"] == row["records"] == row["numbers"]
        in_its_year = row["earliest"].year == row["latest"].year == key[1]
        if contiguous and counter == row["last"] and in_its_year:
            continue
        problems.append(
            _(
                "%(prefix)s %(fund)s, %(year)s: %(records)s records with %(numbers)s numbers "
                "from %(first)s to %(last)s; the counter is at %(counter)s"
            )
            % {
                "prefix": prefix,
                "fund": names.get(key[0], key[0]),
                "year": key[1],
                "records": row["records"],
                "numbers": row["numbers"],
                "first": row["first"],
                "last": row["last"],
                "counter": "—" if counter is None else counter,
            }
        )
    for (fund_id, year), last in sorted(counters.items()):
        if last:
            problems.append(
                _("%(prefix)s %(fund)s, %(year)s: the counter is at %(counter)s but no record")
                % {
                    "prefix": prefix,
                    "fund": names.get(fund_id, fund_id),
                    "year": year,
                    "counter": last,
                }
            )
    wrong = [
        number
        for number, year, sequence in queryset.values_list("number", "year", "sequence")
        .order_by("pk")
        .iterator(chunk_size=5000)
        if number != format_number(year, sequence, prefix)
    ]
    misnumbered = Result(
        len(wrong),
        [_("%(number)s: not its year and sequence") % {"number": one} for one in wrong[:EXAMPLES]],
    )
    return Result(len(problems), problems[:EXAMPLES]) + misnumbered


@register(gettext_lazy("Voucher and transfer numbers run without gaps per fund and year"))
def spending_numbers_without_gaps():
    return _numbering(Voucher.objects.all(), "fund_id", VOUCHER_PREFIX, "paid_on") + _numbering(
        FundTransfer.objects.all(), "to_fund_id", TRANSFER_IN_PREFIX, "transferred_on"
    )
