"""What a campaign's disclosure ("Công khai") shows, read from the ledger (nothing typed by hand):
the page, its JSON and its CSV all come from here, so their figures agree.

- received: money and goods received (the ledger's day buckets, LedgerTotal), by channel and
  by day, goods by item (GoodsTotal), number of gifts;
- distributed: what the campaign's money paid (SpendingTotal buckets of the campaign): support
  by support type and by commune, from every fund that pays under the campaign; transfers of
  the campaign's money to lower funds are listed apart and not added in (a transfer is not
  spending: the money stays the campaign's in the receiving fund, whose support under the
  campaign is counted there, so adding the transfer would count it twice); balance = received
  − distributed, what the province's and the lower funds still hold of it;
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

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Q, Sum

from donations.models import (
    Channel,
    Flow,
    LedgerTotal,
    Reversal,
    SpendingTotal,
    SupportType,
    Voucher,
)
from donations.services import totals
from sitewide.caching import pages
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

from .models import PublishedLine

PAGE_SIZE = 50
PHOTO_CONSENTS = (Consent.PHOTO, Consent.STORY)
#: How long a summary counted for one version of the money and of the site is kept (a new
#: version gives a new key at once; this only bounds the memory).
SUMMARY_SECONDS = 600


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
    goods = totals.goods_received(campaign=campaign)
    return {
        "total": money["amount"],
        "money": money["amount"] - money["in_kind"],
        "in_kind": money["in_kind"],
        "gifts": money["gifts"],
        "by_channel": by_channel,
        "per_day": per_day,
        "goods": goods,
    }


def _by_support_type(support):
    types = dict(SupportType.choices)
    return _rows(
        (row["support_type"], types.get(row["support_type"], row["support_type"]) or "—",
         row["total"], row["n"])
        for row in support.values("support_type")
        .annotate(total=Sum("amount"), n=Sum("count"))
        .filter(n__gt=0)
        .order_by("-total", "support_type")
    )  # fmt: skip


def distributed(campaign, commune_id=None):
    """The campaign's money out; with a commune, ``commune_by_support_type`` is that commune's
    support by type (its households' vouchers), the totals staying the campaign's.

    ``total`` is the support paid by every fund under the campaign. ``transfers`` (to lower
    funds, the out-sides of transfers carrying the campaign) are shown apart and left out of
    ``total``: both sides of such a transfer carry the campaign, so within the campaign they
    net to zero, as a roll-up nets the transfers between its funds."""
    buckets = SpendingTotal.objects.filter(campaign=campaign)
    support = buckets.filter(flow__in=(Flow.SPENT, Flow.GOODS_OUT))
    by_type = _by_support_type(support)
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
        "total": support_total,
        "support": support_total,
        "transfers_total": transfer_total,
        "by_support_type": by_type,
        "by_commune": by_commune,
        "transfers": transfers,
        "commune_by_support_type": (
            _by_support_type(support.filter(area_id=commune_id)) if commune_id else None
        ),
    }


def per_version(name, campaign, compute, *parts, money="all"):
    """What ``compute()`` returns, counted once per version and kept in the shared cache;
    computed directly if the versions cannot be read. The version is the site's generation
    (a household's, decision's, level's or house's change moves it) and, by ``money``: "all",
    the money version (any receipt, voucher, reversal, pledge); "out", the money-out version
    only (vouchers and their reversals, not gifts); "none", no money at all.
    """
    try:
        generation, money_version = pages.versions()
    except Exception:  # the shared cache is down: count, as without the summary
        return compute()
    if money == "out":
        money_version = f"out-{pages.money_out_version()}"
    elif money == "none":
        money_version = "-"
    key = ":".join(
        str(part) for part in ("disclosure", name, campaign.pk, generation, money_version, *parts)
    )
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, SUMMARY_SECONDS)
    return found


def _decision_ids(campaign):
    """The campaign's approved, unrevoked decisions (a handful): their ids in the lines' query
    let the planner walk the lines' own indexes instead of sorting every line of the
    campaign."""
    return list(
        Decision.objects.filter(
            campaign=campaign, status=Decision.Status.APPROVED, revocation__isnull=True
        ).values_list("pk", flat=True)
    )


def _campaign_lines(campaign, decision_ids=None):
    ids = _decision_ids(campaign) if decision_ids is None else decision_ids
    return DecisionLine.objects.filter(decision_id__in=ids)


def communes(campaign):
    """[(id, name)] of the communes the campaign's households live in, for the filter;
    counted once per version of the site (decisions, lines and households move it; money
    does not change where households live)."""

    def count():
        return list(
            _campaign_lines(campaign)
            .values_list("beneficiary__commune_id", "beneficiary__commune__name")
            .distinct()
            .order_by("beneficiary__commune__name")
        )

    return per_version("communes", campaign, count, money="none")


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


def beneficiaries(campaign, commune_id=None, after=None, page_size=PAGE_SIZE, decision_ids=None):
    """A page of the beneficiaries list (keyset on the line's id) and the cursor of the next:
    an index walk on the lines' primary key, whatever the number of households."""
    lines = _campaign_lines(campaign, decision_ids).select_related(
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
        .annotate(households=F("line_count"), total=F("line_total"))
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


def _matches(item, level):
    """Whether a support item counts the lines of a support level, ``level`` being its (name,
    support type): by type when the item has one (the names need share nothing: "Nâng bước
    em đến trường" counts "Học bổng học sinh nghèo vượt khó", and "Nhà Đại đoàn kết" typed as
    a new house does not count "Sửa chữa nhà Đại đoàn kết"); an item without a type by name,
    the folded name of one contained in the other's."""
    name, support_type = level
    if item.support_type:
        return item.support_type == support_type
    item_name, level_name = fold(item.name), fold(name)
    return bool(item_name) and (item_name in level_name or level_name in item_name)


def _lines_by_level(decision_ids, commune_id=None):
    """{(support level name, support type): (lines, lines paid in full)}: over the whole
    campaign from the decisions' own counts (support.funding keeps them); for one commune in
    one grouped query, each of its lines joined to the sum of the live vouchers under its
    authority key (support.services.lines_with_paid does the same per line)."""
    if not decision_ids:
        return {}
    if not commune_id:
        return {
            (row["support_level__name"], row["support_level__support_type"]): (
                row["lines"],
                row["funded"],
            )
            for row in Decision.objects.filter(pk__in=decision_ids)
            .values("support_level__name", "support_level__support_type")
            .annotate(lines=Sum("line_count"), funded=Sum("lines_funded"))
            .order_by()
        }
    line = DecisionLine._meta.db_table
    decision = Decision._meta.db_table
    level = SupportLevel._meta.db_table
    household = DecisionLine._meta.get_field("beneficiary").related_model._meta.db_table
    voucher = Voucher._meta.db_table
    reversal = Reversal._meta.db_table
    marks = ", ".join(["%s"] * len(decision_ids))
    commune = " AND b.commune_id = %s" if commune_id else ""
    join = f" JOIN {household} b ON b.id = l.beneficiary_id" if commune_id else ""
    sql = f"""
        SELECT name, support_type, COUNT(*), SUM(CASE WHEN paid >= amount THEN 1 ELSE 0 END)
        FROM (
            SELECT l.id, l.amount, s.name, s.support_type, SUM(v.amount) AS paid
            FROM {line} l
            JOIN {decision} d ON d.id = l.decision_id
            JOIN {level} s ON s.id = d.support_level_id{join}
            LEFT JOIN {voucher} v ON v.authority_key = %s || CAST(l.id AS VARCHAR(20))
                AND NOT EXISTS (SELECT 1 FROM {reversal} r WHERE r.voucher_id = v.id)
            WHERE l.decision_id IN ({marks}){commune}
            GROUP BY l.id, l.amount, s.name, s.support_type
        ) per_line GROUP BY name, support_type
    """  # noqa: S608 - table names from the models, values as parameters
    params = [f"{AUTHORITY_PREFIX}:", *decision_ids, *([commune_id] if commune_id else [])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            (name, support_type): (count, int(full or 0))
            for name, support_type, count, full in cursor.fetchall()
        }


def support_progress(campaign, support_items=None, *, only_if_begun=False, commune_id=None):
    """Per support item of the campaign: target, approved (lines of approved decisions), funded
    (lines paid in full), started, completed and handed over (houses by stage); with a commune,
    only its households. An item with a support type counts the decision lines whose support
    level has that type; one without, those whose level's name contains its name (or the
    reverse), so "Nhà Đại đoàn kết" counts the lines of "Xây mới nhà Đại đoàn kết" (_matches).
    Two grouped queries by support level (name and type), whatever the number of lines."""
    decision_ids = _decision_ids(campaign)
    by_level = _lines_by_level(decision_ids, commune_id)
    approved = {level: count for level, (count, _full) in by_level.items()}
    funded = {level: full for level, (_count, full) in by_level.items()}
    if only_if_begun and not approved:
        return []  # the home card: nothing decided yet, nothing to list (nor read)
    items = list(campaign.support_items.all() if support_items is None else support_items)
    if not items:
        return []
    stages = {}
    houses = House.objects.filter(line__decision_id__in=decision_ids)
    if commune_id:
        houses = houses.filter(line__beneficiary__commune_id=commune_id)
    houses = (
        houses.values_list(
            "line__decision__support_level__name",
            "line__decision__support_level__support_type",
            "stage",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for name, support_type, stage, count in houses if approved else ():  # no line, no house
        stages.setdefault((name, support_type), {})[stage] = count
    order = [House.Stage.STARTED, House.Stage.COMPLETED, House.Stage.HANDED_OVER]

    def reached(levels, stage):
        at_or_after = order[order.index(stage) :]
        return sum(stages.get(level, {}).get(s, 0) for level in levels for s in at_or_after)

    progress = []
    for item in items:
        levels = [level for level in approved if _matches(item, level)]
        progress.append(
            {
                "name": item.name,
                "unit": item.unit,
                "target": item.target_count,
                "approved": sum(approved[level] for level in levels),
                "funded": sum(funded.get(level, 0) for level in levels),
                "started": reached(levels, House.Stage.STARTED),
                "completed": reached(levels, House.Stage.COMPLETED),
                "handed_over": reached(levels, House.Stage.HANDED_OVER),
                "is_house": any(level in stages for level in levels),
            }
        )
    return progress


def handed_over_photos(campaign, limit=12, decision_ids=None):
    """Photos of handed-over houses of the campaign whose households agreed to photos."""
    ids = _decision_ids(campaign) if decision_ids is None else decision_ids
    return list(
        HousePhoto.objects.filter(
            house__line__decision_id__in=ids,
            house__stage=House.Stage.HANDED_OVER,
            house__line__beneficiary__consent__in=PHOTO_CONSENTS,
        )
        .select_related("image", "house__line__beneficiary")
        .order_by("-created_at", "-pk")[:limit]
    )


def summary(campaign, commune_id=None):
    """Received, distributed and balance: what the page, the JSON and the home card share."""
    money_in = received(campaign)
    money_out = distributed(campaign, commune_id)
    return money_in, money_out, money_in["total"] - money_out["total"]


def page_summary(campaign, commune_id=None):
    """Everything the page shows that is read over the whole campaign, counted once per version
    (per_version) and per commune filter, in three parts: what a gift changes (received,
    distributed, balance, the latest corrections: running totals) per money version; support
    items' progress (the decisions' counts; per commune, grouped over its lines) when money is
    paid out or reversed; levels, decisions and photos only when the site's generation moves.
    Only the page of households is read per request (an index walk of 50 lines)."""

    def money():
        money_in, money_out, balance = summary(campaign, commune_id)
        return {
            "corrections": corrections(campaign)[:10],
            "received": money_in,
            "distributed": money_out,
            "balance": balance,
        }

    def decided():
        levels, decisions = levels_and_decisions(campaign)
        decision_ids = _decision_ids(campaign)
        return {
            "decision_ids": decision_ids,
            "photos": handed_over_photos(campaign, decision_ids=decision_ids),
            "levels": levels,
            "decisions": decisions,
        }

    def progress():
        return {"progress": support_progress(campaign, commune_id=commune_id)}

    part = commune_id or "all"
    return {
        **per_version("summary", campaign, money, part),
        **per_version("decided", campaign, decided, money="none"),
        **per_version("progress", campaign, progress, part, money="out"),
    }
