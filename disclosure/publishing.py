"""Publishing the ledger's public lines to the public record, without touching the ledger.

Three kinds of line are published, each exactly once (PublishedLine, unique on both sides):

- ``receipt``: a receipt of a campaign as the public statement shows it: number, date, amount,
  channel, campaign, fund, the goods for a gift in kind, and the donor's public name only as a
  commitment (public_record.canonical.commit_name) with its salt beside the entry; nothing
  when the gift is anonymous.
- ``voucher``: a payment voucher of a campaign as the disclosure page shows it: number, date,
  amount, kind, method, support type, commune, decision number, the fund a transfer went to,
  and the household's public form (masked, or named with consent) as a commitment.
- ``correction``: the reversal of a published receipt or voucher: which number, the entry it
  corrects, the date and the reason.

Nothing private goes in a body: the donor's contact details, the payer's bank name, the memo,
the household's CCCD, phone, address, bank account and reason for support never leave their
tables here, and the voucher's recipient_name (the household's full name) is not used.

``publish_pending()`` appends, in record order, every line not yet published (receipts and
vouchers first, then the corrections, so a correction always follows the line it corrects),
under the log head's lock, so two publishers never publish a line twice. It runs after each
money write (signals.py, on commit), from ``manage.py publish_public_record`` (the daily
timer, before the checkpoint is signed) and from the demo.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from donations.models import Fund, Receipt, Reversal, Voucher
from public_record.canonical import commit_name, commitment
from public_record.models import LogHead, Salt
from public_record.services import append_entries
from sitewide.bulk import insert_rows
from support.models import AUTHORITY_PREFIX, DecisionLine

from .models import PublishedLine

BATCH = 5_000
RECEIPT, VOUCHER, CORRECTION = (
    PublishedLine.Kind.RECEIPT,
    PublishedLine.Kind.VOUCHER,
    PublishedLine.Kind.CORRECTION,
)
#: The body field that holds a commitment, per kind.
NAME_FIELD = {RECEIPT: "donor", VOUCHER: "household"}


def _day(value) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _drop_empty(body):
    return {key: value for key, value in body.items() if value not in (None, "")}


# --- what each line publishes -----------------------------------------------------------------

#: What a receipt's public line is made of (receipt_fields, receipt_name): the pending receipts
#: are read as rows of these (PublicReceipt), with their campaigns' slugs and funds' names.
RECEIPT_ATTRIBUTES = (
    "number",
    "received_at",
    "amount",
    "channel",
    "campaign_id",
    "fund_id",
    "goods_description",
    "disclosure",
    "public_name",
)


def receipt_fields(receipt) -> dict:
    """The receipt's public line, without the donor's commitment."""
    return _drop_empty(
        {
            "number": receipt.number,
            "date": _day(receipt.received_at),
            "amount": receipt.amount,
            "channel": receipt.channel,
            "campaign": receipt.campaign.slug if receipt.campaign_id else None,
            "fund": receipt.fund.name,
            "goods": receipt.goods_description if receipt.channel == "in_kind" else None,
        }
    )


def receipt_name(receipt) -> str:
    """The name the statement shows for the receipt, or "" (anonymous)."""
    return "" if receipt.disclosure == "anonymous" else receipt.public_name


def line_of(voucher, lines=None):
    """The decision line a support voucher pays (from ``lines`` if given), or None."""
    prefix, _colon, pk = (voucher.authority_key or "").partition(":")
    if prefix != AUTHORITY_PREFIX or not pk.isdigit():
        return None
    if lines is not None:
        return lines.get(int(pk))
    return DecisionLine.objects.select_related("decision", "beneficiary").filter(pk=int(pk)).first()


def voucher_fields(voucher, line=None, to_fund=None) -> dict:
    """The voucher's public line, without the household's commitment."""
    return _drop_empty(
        {
            "number": voucher.number,
            "date": _day(voucher.paid_on),
            "amount": voucher.amount,
            "kind": voucher.kind,
            "method": voucher.method,
            "support_type": voucher.support_type,
            "commune": voucher.area.name if voucher.area_id else None,
            "decision": line.decision.number if line is not None else None,
            "campaign": voucher.campaign.slug if voucher.campaign_id else None,
            "fund": voucher.fund.name,
            "to_fund": to_fund,
        }
    )


def voucher_name(line) -> str:
    return line.beneficiary.public_name() if line is not None else ""


def correction_fields(reversal, corrected_entry) -> dict:
    target = reversal.receipt if reversal.receipt_id else reversal.voucher
    return {
        "corrects": target.number,
        "corrects_entry": corrected_entry,
        "target": RECEIPT if reversal.receipt_id else VOUCHER,
        "date": _day(reversal.created_at),
        "reason": reversal.reason,
    }


def _with_name(body, field, name):
    """(body, salts) with the commitment to ``name`` in ``field`` when there is a name."""
    if not name:
        return body, {}
    value, salt = commit_name(name)
    return {**body, field: value}, {field: salt}


# --- what is pending ----------------------------------------------------------------------------


def _unpublished(kind):
    return ~Exists(PublishedLine.objects.filter(kind=kind, record_id=OuterRef("pk")))


def pending_receipts():
    return Receipt.objects.filter(campaign__isnull=False).filter(_unpublished(RECEIPT))


def pending_vouchers():
    return Voucher.objects.filter(campaign__isnull=False).filter(_unpublished(VOUCHER))


def published_targets():
    """Reversals that correct a published receipt or voucher."""
    receipts = PublishedLine.objects.filter(kind=RECEIPT, record_id=OuterRef("receipt_id"))
    vouchers = PublishedLine.objects.filter(kind=VOUCHER, record_id=OuterRef("voucher_id"))
    return Reversal.objects.filter(Exists(receipts) | Exists(vouchers))


def pending_corrections():
    return published_targets().filter(_unpublished(CORRECTION))


class _Named:
    """A campaign's slug or a fund's name, as receipt_fields reads it off a receipt."""

    __slots__ = ("slug", "name")

    def __init__(self, slug="", name=""):
        self.slug, self.name = slug, name


class PublicReceipt:
    """What receipt_fields and receipt_name read of a receipt, from one row (RECEIPT_COLUMNS):
    an import publishes thousands of receipts, each built as a whole Receipt before."""

    __slots__ = ("pk", *RECEIPT_ATTRIBUTES, "campaign", "fund")

    def __init__(self, row, campaigns, funds):
        self.pk = row[0]
        for name, value in zip(RECEIPT_ATTRIBUTES, row[1:], strict=True):
            setattr(self, name, value)
        self.campaign = campaigns.get(self.campaign_id)
        self.fund = funds[self.fund_id]


def _receipt_items(rows):
    """The entries of receipts read as rows (pk, *RECEIPT_ATTRIBUTES)."""
    position = {name: index for index, name in enumerate(RECEIPT_ATTRIBUTES, 1)}
    campaign_ids = {row[position["campaign_id"]] for row in rows} - {None}
    fund_ids = {row[position["fund_id"]] for row in rows}
    campaign_model = Receipt._meta.get_field("campaign").related_model
    campaigns = {
        pk: _Named(slug=slug)
        for pk, slug in campaign_model.objects.filter(pk__in=campaign_ids).values_list("pk", "slug")
    }
    funds = {
        pk: _Named(name=name)
        for pk, name in Fund.objects.filter(pk__in=fund_ids).values_list("pk", "name")
    }
    for row in rows:
        receipt = PublicReceipt(row, campaigns, funds)
        body, salts = _with_name(receipt_fields(receipt), "donor", receipt_name(receipt))
        yield receipt.pk, ("receipt", body, salts)


def _lines_for(vouchers):
    ids = [
        int(pk)
        for prefix, _c, pk in (v.authority_key.partition(":") for v in vouchers)
        if prefix == AUTHORITY_PREFIX and pk.isdigit()
    ]
    lines = DecisionLine.objects.select_related("decision__support_level", "beneficiary").filter(
        pk__in=ids
    )
    return {line.pk: line for line in lines}


def _transfer_targets(vouchers):
    from donations.models import FundTransfer

    ids = [v.pk for v in vouchers if v.kind == Voucher.Kind.TRANSFER_OUT]
    rows = FundTransfer.objects.filter(out_voucher_id__in=ids).values_list(
        "out_voucher_id", "to_fund__name"
    )
    return dict(rows)


def _voucher_items(vouchers):
    lines = _lines_for(vouchers)
    transfers = _transfer_targets(vouchers)
    for voucher in vouchers:
        line = line_of(voucher, lines)
        fields = voucher_fields(voucher, line, transfers.get(voucher.pk))
        body, salts = _with_name(fields, "household", voucher_name(line))
        yield voucher.pk, ("voucher", body, salts)


def _correction_items(reversals):
    targets = {}
    for kind, field in ((RECEIPT, "receipt_id"), (VOUCHER, "voucher_id")):
        ids = [getattr(r, field) for r in reversals if getattr(r, field)]
        for record_id, entry_id in PublishedLine.objects.filter(
            kind=kind, record_id__in=ids
        ).values_list("record_id", "entry_id"):
            targets[kind, record_id] = entry_id
    for reversal in reversals:
        key = (
            (RECEIPT, reversal.receipt_id)
            if reversal.receipt_id
            else (VOUCHER, reversal.voucher_id)
        )
        yield reversal.pk, ("correction", correction_fields(reversal, targets[key]), {})


def _publish(kind, querysets, items_of):
    """Append the pending records of ``querysets`` in batches; how many were published."""
    published = 0
    for queryset, whole in querysets:
        while True:
            batch = list(queryset[:BATCH])
            if not batch:
                break
            pairs = list(items_of(batch))
            first, count = append_entries(item for _pk, item in pairs)
            insert_rows(
                PublishedLine,
                (
                    {"kind": kind.value, "record_id": pk, "entry_id": first + offset}
                    for offset, (pk, _item) in enumerate(pairs)
                ),
            )
            published += count
            if whole or len(batch) < BATCH:
                break
    return published


def _of_ids(queryset, ids):
    """[(queryset, whole)]: the pending records, or those of ``ids`` (None: all), BATCH ids per
    queryset in id order, so that an import's thousands of ids are sent once each (not once
    per batch read) and each queryset is read whole in one batch."""
    if ids is None:
        return [(queryset, False)]
    ids = sorted(set(ids))
    return [
        (queryset.filter(pk__in=ids[start : start + BATCH]), True)
        for start in range(0, len(ids), BATCH)
    ]


def publish_pending(*, receipt_ids=None, voucher_ids=None, reversal_ids=None) -> dict:
    """Publish every line not yet in the public record (or only those of the ids given, after
    a money write), in order; returns how many of each kind were appended."""
    # Receipts as rows, with the few campaigns' slugs and funds' names (an import publishes
    # thousands of receipts of one campaign; a campaign is a whole Wagtail page).
    receipts = pending_receipts().order_by("pk").values_list("pk", *RECEIPT_ATTRIBUTES)
    vouchers = pending_vouchers().select_related("campaign", "fund", "area").order_by("pk")
    corrections = pending_corrections().select_related("receipt", "voucher").order_by("pk")
    with transaction.atomic():
        # The log head's lock serialises publishers: what is pending is read under it.
        LogHead.objects.select_for_update().get_or_create(pk=1)
        return {
            RECEIPT: _publish(RECEIPT, _of_ids(receipts, receipt_ids), _receipt_items),
            VOUCHER: _publish(VOUCHER, _of_ids(vouchers, voucher_ids), _voucher_items),
            CORRECTION: _publish(CORRECTION, _of_ids(corrections, reversal_ids), _correction_items),
        }


# --- consent withdrawn --------------------------------------------------------------------------


def forget_names(kind, record_ids) -> int:
    """The people of these records changed how they may be shown: the salts of their entries'
    commitments are deleted at once, so the log no longer confirms the name (the entries and
    the tree do not change). Returns how many salts were deleted."""
    entries = PublishedLine.objects.filter(kind=kind, record_id__in=list(record_ids)).values(
        "entry_id"
    )
    deleted, _by_model = Salt.objects.filter(entry_id__in=entries, field=NAME_FIELD[kind]).delete()
    if deleted:
        from sitewide.caching.invalidation import money_changed

        money_changed()
    return deleted


def vouchers_of_household(beneficiary_id):
    keys = [
        f"{AUTHORITY_PREFIX}:{pk}"
        for pk in DecisionLine.objects.filter(beneficiary_id=beneficiary_id).values_list(
            "pk", flat=True
        )
    ]
    return Voucher.objects.filter(authority_key__in=keys).values_list("pk", flat=True)


# --- checking --------------------------------------------------------------------------------


def expected(kind, record, salt, corrected_entry=None):
    """(fields without the commitment, whether the commitment still matches the record now)
    for a published record, given the salt still held (or None when it was forgotten)."""
    if kind == RECEIPT:
        fields, name = receipt_fields(record), receipt_name(record)
    elif kind == VOUCHER:
        line = line_of(record)
        to_fund = None
        if record.kind == Voucher.Kind.TRANSFER_OUT:
            to_fund = _transfer_targets([record]).get(record.pk)
        fields, name = voucher_fields(record, line, to_fund), voucher_name(line)
    else:
        return correction_fields(record, corrected_entry), None
    return fields, (lambda value: salt is None or (name and commitment(salt, name) == value))
