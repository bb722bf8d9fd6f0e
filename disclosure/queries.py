"""What a campaign's disclosure ("Công khai") shows, read from the ledger (nothing typed by hand):
the page, its JSON and its CSV all come from here, so their figures agree.

- received: money and goods received (the ledger's day buckets, LedgerTotal), by channel and
  by day, goods by item, number of gifts;
- distributed: what left the campaign's money (SpendingTotal buckets of the campaign): support
  by support type and by commune, transfers to lower funds apart; balance = received −
  distributed;
- the beneficiaries (decision lines of the campaign's approved, unrevoked decisions) in public
  form only (Beneficiary.public_name: masked, or named with consent), with category, support
  level, amount, decision, and the handover's date, place and method from the vouchers;
- support levels with their decisions, decisions, corrections (reversals of published lines);
- support items' progress (funded, approved, started, completed, handed over against the
  target), with photos of handed-over houses whose households consented to photos.

Only public columns are read: never a household's CCCD, phone, address, bank account or reason
for support, a donor's contact details, a bank memo or a payer's name.
"""

import dataclasses

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from donations.models import (
    Channel,
    Flow,
    LedgerTotal,
    Receipt,
    Reversal,
    SpendingTotal,
    SupportType,
    Voucher,
)
from donations.services import totals
from sitewide.text import fold
from support.models import (
    AUTHORITY_PREFIX,
    Category,
    Consent,
    Decision,
    DecisionLine,
    House,
    HousePhoto,
    SupportLevel,
)
from support.services import lines_with_paid

from .models import PublishedLine

PAGE_SIZE = 50
PHOTO_CONSENTS = (Consent.PHOTO, Consent.STORY)


@dataclasses.dataclass
class Row:
    label: str
    amount: int
    count: int = 0
    key: str = ""


def _rows(pairs):
    return [
        Row(label=str(label), amount=amount, count=count, key=str(key))
        for key, label, amount, count in pairs
    ]


def received(campaign):
    money = totals.received(campaign=campaign)
    channels = dict(Channel.choices)
    by_channel = _rows(
        (key, channels.get(key, key), amount, count)
        for key, amount, count in totals.breakdown("channel", campaign=campaign)
    )
    per_day = [
        (row["day"], row["total"], row["count"])
        for row in LedgerTotal.objects.filter(campaign=campaign)
        .values("day")
        .annotate(total=Sum("amount"), count=Sum("gifts"))
        .filter(count__gt=0)
        .order_by("day")
    ]
    goods = list(
        Receipt.objects.counting()
        .filter(campaign=campaign, channel=Channel.IN_KIND)
        .values("goods_description", "goods_unit")
        .annotate(
            quantity=Coalesce(Sum("goods_quantity"), 0), total=Sum("amount"), count=Count("id")
        )
        .order_by("-total", "goods_description")
    )
    return {
        "total": money["amount"],
        "money": money["amount"] - money["in_kind"],
        "in_kind": money["in_kind"],
        "gifts": money["gifts"],
        "by_channel": by_channel,
        "per_day": per_day,
        "goods": goods,
    }


def distributed(campaign):
    buckets = SpendingTotal.objects.filter(campaign=campaign)
    support = buckets.filter(flow__in=(Flow.SPENT, Flow.GOODS_OUT))
    types = dict(SupportType.choices)
    by_type = _rows(
        (row["support_type"], types.get(row["support_type"], row["support_type"]) or "—",
         row["total"], row["n"])
        for row in support.values("support_type")
        .annotate(total=Sum("amount"), n=Sum("count"))
        .filter(n__gt=0)
        .order_by("-total", "support_type")
    )  # fmt: skip
    by_commune = _rows(
        (row["area_id"] or "", row["area__name"] or "—", row["total"], row["n"])
        for row in support.values("area_id", "area__name")
        .annotate(total=Sum("amount"), n=Sum("count"))
        .filter(n__gt=0)
        .order_by("-total", "area__name")
    )
    transfers = _rows(
        (row["other_fund_id"] or "", row["other_fund__name"] or "—", row["total"], row["n"])
        for row in buckets.filter(flow=Flow.TRANSFER_OUT)
        .values("other_fund_id", "other_fund__name")
        .annotate(total=Sum("amount"), n=Sum("count"))
        .filter(n__gt=0)
        .order_by("-total", "other_fund__name")
    )
    support_total = sum(row.amount for row in by_type)
    transfer_total = sum(row.amount for row in transfers)
    return {
        "total": support_total + transfer_total,
        "support": support_total,
        "transfers_total": transfer_total,
        "by_support_type": by_type,
        "by_commune": by_commune,
        "transfers": transfers,
    }


def _campaign_lines(campaign):
    return DecisionLine.objects.filter(
        decision__campaign=campaign,
        decision__status=Decision.Status.APPROVED,
        decision__revocation__isnull=True,
    )


def communes(campaign):
    """[(id, name)] of the communes the campaign's households live in, for the filter."""
    return list(
        _campaign_lines(campaign)
        .values_list("beneficiary__commune_id", "beneficiary__commune__name")
        .distinct()
        .order_by("beneficiary__commune__name")
    )


def _vouchers_by_line(line_ids):
    keys = {f"{AUTHORITY_PREFIX}:{pk}": pk for pk in line_ids}
    found = {}
    vouchers = (
        Voucher.objects.live()
        .filter(authority_key__in=keys)
        .only("authority_key", "amount", "method", "paid_on", "handed_over_on", "handover_place")
        .order_by("paid_on", "pk")
    )
    for voucher in vouchers:
        found.setdefault(keys[voucher.authority_key], []).append(voucher)
    return found


def beneficiaries(campaign, commune_id=None, after=None, page_size=PAGE_SIZE):
    """A page of the beneficiaries list (keyset on the line's id) and the cursor of the next."""
    lines = _campaign_lines(campaign).select_related(
        "beneficiary__commune", "decision__support_level"
    )
    if commune_id:
        lines = lines.filter(beneficiary__commune_id=commune_id)
    if after:
        lines = lines.filter(pk__gt=after)
    page = list(lines.order_by("pk")[: page_size + 1])
    more = len(page) > page_size
    page = page[:page_size]
    vouchers = _vouchers_by_line([line.pk for line in page])
    categories = dict(Category.choices)
    methods = dict(Voucher.Method.choices)
    rows = []
    for line in page:
        household = line.beneficiary
        paid = vouchers.get(line.pk, [])
        handed = [v for v in paid if v.handed_over_on]
        rows.append(
            {
                "id": line.pk,
                "name": household.public_name(),
                "commune": household.commune.name,
                "category": str(categories.get(household.category, household.category)),
                "support": line.decision.support_level.name,
                "support_type": line.decision.support_level.support_type,
                "amount": line.amount,
                "paid": sum(v.amount for v in paid),
                "decision": line.decision.number,
                "decided_on": line.decision.decided_on,
                "handed_over_on": handed[-1].handed_over_on if handed else None,
                "handover_place": handed[-1].handover_place if handed else "",
                "method": str(methods.get(paid[-1].method, "")) if paid else "",
            }
        )
    return {"rows": rows, "next": page[-1].pk if more else None}


def levels_and_decisions(campaign):
    decisions = list(
        Decision.objects.filter(
            campaign=campaign, status=Decision.Status.APPROVED, revocation__isnull=True
        )
        .select_related("support_level")
        .annotate(households=Count("lines"), total=Coalesce(Sum("lines__amount"), 0))
        .order_by("decided_on", "pk")
    )
    level_ids = {decision.support_level_id for decision in decisions}
    levels = list(SupportLevel.objects.filter(pk__in=level_ids).order_by("support_type", "name"))
    return levels, decisions


def corrections(campaign):
    """Reversals of the campaign's published receipts and vouchers, newest first, each with the
    entry of the line it corrects and of its own correction."""
    published = PublishedLine.objects.filter(kind__in=("receipt", "voucher"))
    reversals = list(
        Reversal.objects.filter(Q(receipt__campaign=campaign) | Q(voucher__campaign=campaign))
        .select_related("receipt", "voucher")
        .order_by("-created_at", "-pk")
    )
    wanted = [
        ("receipt", r.receipt_id) if r.receipt_id else ("voucher", r.voucher_id) for r in reversals
    ]
    entries = {
        (kind, record): entry
        for kind, record, entry in published.filter(
            record_id__in=[record for _kind, record in wanted]
        ).values_list("kind", "record_id", "entry_id")
    }
    own = dict(
        PublishedLine.objects.filter(
            kind="correction", record_id__in=[r.pk for r in reversals]
        ).values_list("record_id", "entry_id")
    )
    rows = []
    for reversal, key in zip(reversals, wanted, strict=True):
        if key not in entries:
            continue  # not a published line (yet): nothing public to correct
        target = reversal.receipt or reversal.voucher
        rows.append(
            {
                "date": reversal.created_at,
                "reason": reversal.reason,
                "target": key[0],
                "number": target.number,
                "amount": target.amount,
                "line_entry": entries[key],
                "entry": own.get(reversal.pk),
            }
        )
    return rows


def _matches(item_name, level_name):
    item, level = fold(item_name), fold(level_name)
    return bool(item) and (item in level or level in item)


def support_progress(campaign, support_items=None, *, only_if_begun=False):
    """Per support item of the campaign: target, approved (lines of approved decisions), funded
    (lines paid in full), started, completed and handed over (houses by stage). An item counts
    the decision lines whose support level's name contains its name (or the reverse), so "Nhà
    Đại đoàn kết" counts the lines of "Xây mới nhà Đại đoàn kết". A few grouped queries by
    support level, whatever the number of lines."""
    level = "decision__support_level__name"
    lines = _campaign_lines(campaign)
    approved, funded = {}, {}
    for name, count, paid_in_full in (
        lines_with_paid(lines)
        .values_list(level)
        .annotate(n=Count("pk"), full=Count("pk", filter=Q(paid__gte=F("amount"))))
        .order_by()
    ):
        approved[name], funded[name] = count, paid_in_full
    if only_if_begun and not approved:
        return []  # the home card: nothing decided yet, nothing to list (nor read)
    items = list(campaign.support_items.all() if support_items is None else support_items)
    if not items:
        return []
    stages = {}
    houses = (
        House.objects.filter(line__in=lines)
        .values_list(f"line__{level}", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for name, stage, count in houses if approved else ():  # no line, no house: no query
        stages.setdefault(name, {})[stage] = count
    order = [House.Stage.STARTED, House.Stage.COMPLETED, House.Stage.HANDED_OVER]

    def reached(names, stage):
        at_or_after = order[order.index(stage) :]
        return sum(stages.get(name, {}).get(s, 0) for name in names for s in at_or_after)

    progress = []
    for item in items:
        names = [name for name in approved if _matches(item.name, name)]
        progress.append(
            {
                "name": item.name,
                "unit": item.unit,
                "target": item.target_count,
                "approved": sum(approved[name] for name in names),
                "funded": sum(funded.get(name, 0) for name in names),
                "started": reached(names, House.Stage.STARTED),
                "completed": reached(names, House.Stage.COMPLETED),
                "handed_over": reached(names, House.Stage.HANDED_OVER),
                "is_house": any(name in stages for name in names),
            }
        )
    return progress


def handed_over_photos(campaign, limit=12):
    """Photos of handed-over houses of the campaign whose households agreed to photos."""
    return list(
        HousePhoto.objects.filter(
            house__line__in=_campaign_lines(campaign),
            house__stage=House.Stage.HANDED_OVER,
            house__line__beneficiary__consent__in=PHOTO_CONSENTS,
        )
        .select_related("image", "house__line__beneficiary")
        .order_by("-created_at", "-pk")[:limit]
    )


def summary(campaign):
    """Received, distributed and balance: what the page, the JSON and the home card share."""
    money_in = received(campaign)
    money_out = distributed(campaign)
    return money_in, money_out, money_in["total"] - money_out["total"]
