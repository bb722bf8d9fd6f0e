"""Many bank receipts at once, written by the ledger's rules (batch twin of record_receipt).

donations.services.record_receipt writes one receipt in about twenty queries (counter lock,
numbering, receipt, totals bucket, audit log, receipt and pledge locks, allocation, two more
log entries). That is right for a person at a form and far too slow for a statement of
100.000 lines, so automatic matches are written here in bulk, keeping every rule of the
ledger:

- the caller has checked what record_receipt and allocate_many check (whole đồng, not in the
  future, the bank account's fund, pledge open and of the same fund and campaign, receipt
  donor = pledge donor, allocations = the receipt's amount) and holds the pledge locks;
- receipt numbers come from the same ReceiptCounter rows, locked (lock_counters) before any
  pledge, as record_receipt does, and advanced by the batch's size: no gaps, no repeats;
- the public name is the donor's choice, snapshotted as record_receipt does;
- LedgerTotal buckets are updated in the same transaction (one update per bucket);
- the same audit log entries as donations.services.audit writes (record receipt; allocate,
  on the receipt and on the pledge), bulk-inserted with one uuid for the whole batch.

tests/test_reconciliation_batch.py checks that a receipt written here and one written by
record_receipt look the same in the ledger, its totals and its log.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from wagtail.models import ModelLogEntry

from donations.models import (
    Allocation,
    Channel,
    LedgerTotal,
    Pledge,
    Receipt,
    ReceiptCounter,
)
from donations.services import audit
from donations.services.numbering import format_number
from donations.services.totals import local_day
from sitewide.text import fold

BATCH = 1000


@dataclass
class ReceiptSpec:
    """One receipt to write for a statement line: `parts` is [(pledge or None, amount)]."""

    line: object  # reconciliation.StatementLine (saved)
    amount: int
    donor: object
    campaign_id: int | None
    disclosure: str
    parts: list = field(default_factory=list)
    target: object = None  # the CodeTarget of a resolver (online gift), if any
    receipt: Receipt | None = None


def lock_counters(fund, years):
    """Lock (creating if needed) the receipt counters of `fund` for `years`, in year order."""
    counters = {}
    for year in sorted(set(years)):
        counter = ReceiptCounter.objects.select_for_update().filter(fund=fund, year=year).first()
        if counter is None:
            ReceiptCounter.objects.get_or_create(fund=fund, year=year)
            counter = ReceiptCounter.objects.select_for_update().get(fund=fund, year=year)
        counters[year] = counter
    return counters


def receipt_year(moment):
    return local_day(moment).year


def write_receipts(account, specs, counters, *, user=None):
    """Write the receipts, allocations, totals and log entries of `specs` (in order)."""
    if not specs:
        return []
    fund_id = account.fund_id
    numbered = sorted(specs, key=lambda spec: (spec.line.booked_at, spec.line.pk))
    by_year = defaultdict(list)
    for spec in numbered:
        by_year[receipt_year(spec.line.booked_at)].append(spec)
    for year, year_specs in by_year.items():
        counter = counters[year]
        first = counter.last_sequence + 1
        counter.last_sequence += len(year_specs)
        ReceiptCounter.objects.filter(pk=counter.pk).update(last_sequence=counter.last_sequence)
        for offset, spec in enumerate(year_specs):
            spec.receipt = _receipt(account, fund_id, spec, year, first + offset, user)
    receipts = [spec.receipt for spec in numbered]
    Receipt.objects.bulk_create(receipts, batch_size=BATCH)
    allocations = [
        (
            spec.receipt,
            pledge,
            Allocation(receipt=spec.receipt, pledge=pledge, amount=amount, created_by=user),
        )
        for spec in numbered
        for pledge, amount in spec.parts
        if pledge is not None
    ]
    Allocation.objects.bulk_create([row for _r, _p, row in allocations], batch_size=BATCH)
    _add_to_totals(receipts)
    _log(receipts, allocations, user)
    return receipts


def _receipt(account, fund_id, spec, year, sequence, user):
    line = spec.line
    donor = spec.donor
    public_name = donor.public_name(spec.disclosure) if donor is not None else ""
    return Receipt(
        fund_id=fund_id,
        campaign_id=spec.campaign_id,
        number=format_number(year, sequence),
        year=year,
        sequence=sequence,
        channel=Channel.BANK,
        amount=spec.amount,
        received_at=line.booked_at,
        donor=donor,
        donor_kind=donor.kind if donor is not None else "",
        area_id=donor.area_id if donor is not None else None,
        disclosure=spec.disclosure,
        public_name=public_name,
        public_name_folded=fold(public_name),
        bank_account=account,
        bank_reference=line.bank_reference[:80],
        payer_name=line.counterparty_name[:200],
        memo=line.memo,
        recorded_by=user,
    )


def _add_to_totals(receipts):
    """donations.services.totals.add_to_totals for many receipts: one update per bucket."""
    buckets = defaultdict(lambda: [0, 0])
    for receipt in receipts:
        key = (
            receipt.fund_id,
            receipt.campaign_id,
            local_day(receipt.received_at),
            receipt.channel,
            receipt.donor_kind,
            receipt.area_id,
        )
        buckets[key][0] += receipt.amount
        buckets[key][1] += 1
    for (fund_id, campaign_id, day, channel, donor_kind, area_id), (amount, gifts) in sorted(
        buckets.items(), key=lambda item: str(item[0])
    ):
        keys = {
            "fund_id": fund_id,
            "campaign_id": campaign_id,
            "day": day,
            "channel": channel,
            "donor_kind": donor_kind,
            "area_id": area_id,
        }
        updated = LedgerTotal.objects.filter(**keys).update(
            amount=F("amount") + amount, gifts=F("gifts") + gifts
        )
        if not updated:
            LedgerTotal.objects.create(**keys, amount=amount, gifts=gifts)


def _log(receipts, allocations, user):
    """The entries audit.log_entry would write, in one bulk insert sharing one uuid."""
    now = timezone.now()
    batch_uuid = uuid.uuid4()
    receipt_type = ContentType.objects.get_for_model(Receipt, for_concrete_model=False)
    pledge_type = ContentType.objects.get_for_model(Pledge, for_concrete_model=False)
    channel = str(Channel.BANK.label)

    def entry(content_type, instance, action, data):
        return ModelLogEntry(
            content_type=content_type,
            label=str(instance),
            action=action,
            data=data,
            timestamp=now,
            uuid=batch_uuid,
            user=user,
            object_id=str(instance.pk),
        )

    entries = [
        entry(
            receipt_type,
            receipt,
            audit.RECORD_RECEIPT,
            {"amount": receipt.amount, "detail": channel},
        )
        for receipt in receipts
    ]
    for receipt, pledge, allocation in allocations:
        data = {"amount": allocation.amount, "detail": f"{receipt.number} → {pledge.code}"}
        entries.append(entry(receipt_type, receipt, audit.ALLOCATE, data))
        entries.append(entry(pledge_type, pledge, audit.ALLOCATE, data))
    ModelLogEntry.objects.bulk_create(entries, batch_size=BATCH)
