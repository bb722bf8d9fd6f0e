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
- LedgerTotal buckets are updated in the same transaction, by the ledger's own upsert, and so
  are the honour roll's rows (donations.services.honour.add_to_honour);
- the same audit log entries as donations.services.audit writes (record receipt; allocate,
  on the receipt and on the pledge), bulk-inserted with one uuid for the whole batch.

test_batch_receipts_look_like_record_receipt (in
tests/reconciliation/test_reconciliation_matching.py) checks that a receipt written here and one
written by record_receipt look the same in the ledger, its totals and its log.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

from donations.models import Allocation, Channel, Pledge, Receipt, ReceiptCounter
from donations.services import audit
from donations.services.honour import add_to_honour
from donations.services.numbering import format_number
from donations.services.totals import add_to_buckets, bucket_key, local_day
from donations.signals import receipts_written
from sitewide.bulk import insert_rows

from .folding import search_form


@dataclass
class ReceiptSpec:
    """One receipt to write for a statement line: `parts` is [(pledge or None, amount)].

    `line` is the stored statement line (anything with pk, booked_at, amount, memo,
    counterparty_name and bank_reference); `receipt_id` is set once the receipt is written.
    """

    line: object
    amount: int
    donor: object
    campaign_id: int | None
    disclosure: str
    parts: list = field(default_factory=list)
    target: object = None  # the CodeTarget of a resolver (online gift), if any
    receipt_id: int | None = None
    number: str = ""


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


def receipt_year(moment, zone=None):
    """The year of donations.services.totals.local_day(moment); with `zone`, the current time
    zone read once by the caller (reading it costs more than the rest, for thousands)."""
    if zone is None:
        return local_day(moment).year
    return moment.astimezone(zone).year


def write_receipts(account, specs, counters, *, user=None):
    """Write the receipts, allocations, totals and log entries of `specs`; sets receipt_id."""
    if not specs:
        return specs
    fund_id = account.fund_id
    numbered = sorted(specs, key=lambda spec: (spec.line.booked_at, spec.line.pk))
    by_year = defaultdict(list)
    zone = timezone.get_current_timezone()
    for spec in numbered:
        by_year[receipt_year(spec.line.booked_at, zone)].append(spec)
    rows, ranges = [], {}
    for year, year_specs in sorted(by_year.items()):
        counter = counters[year]
        first = counter.last_sequence + 1
        counter.last_sequence += len(year_specs)
        ReceiptCounter.objects.filter(pk=counter.pk).update(last_sequence=counter.last_sequence)
        ranges[year] = (first, counter.last_sequence)
        for offset, spec in enumerate(year_specs):
            spec.number = format_number(year, first + offset)
            rows.append(_receipt_row(account, fund_id, spec, year, first + offset, user))
    insert_rows(Receipt, rows)
    for year, year_specs in by_year.items():
        ids = dict(
            Receipt.objects.filter(
                fund_id=fund_id, year=year, sequence__range=ranges[year]
            ).values_list("number", "pk")
        )
        for spec in year_specs:
            spec.receipt_id = ids[spec.number]
    allocations = [
        (spec, pledge, amount) for spec in numbered for pledge, amount in spec.parts if pledge
    ]
    insert_rows(
        Allocation,
        (
            {
                "receipt_id": spec.receipt_id,
                "pledge_id": pledge.pk,
                "amount": amount,
                "note": "",
                "created_by_id": user.pk if user else None,
            }
            for spec, pledge, amount in allocations
        ),
    )
    _add_to_totals(rows)
    add_to_honour(rows)
    _log(numbered, allocations, user)
    receipts_written.send(sender=Receipt, receipt_ids=[spec.receipt_id for spec in numbered])
    return specs


def _receipt_row(account, fund_id, spec, year, sequence, user):
    line = spec.line
    donor = spec.donor
    public_name = donor.public_name(spec.disclosure) if donor is not None else ""
    return {
        "fund_id": fund_id,
        "campaign_id": spec.campaign_id,
        "number": spec.number,
        "year": year,
        "sequence": sequence,
        "channel": Channel.BANK.value,
        "amount": spec.amount,
        "received_at": line.booked_at,
        "donor_id": donor.pk if donor is not None else None,
        "donor_kind": donor.kind if donor is not None else "",
        "area_id": donor.area_id if donor is not None else None,
        "disclosure": spec.disclosure,
        "public_name": public_name,
        # sitewide.text.fold, transliterating with reconciliation.folding's table.
        "public_name_folded": search_form(public_name) if public_name else "",
        "bank_account_id": account.pk,
        "bank_reference": line.bank_reference[:80],
        "payer_name": line.counterparty_name[:200],
        "memo": line.memo,
        "recorded_by_id": user.pk if user else None,
    }


def _add_to_totals(rows):
    """donations.services.totals.add_to_totals for many receipts at once: the rows are summed
    per bucket here and written by the same upsert, one statement per thousand buckets."""
    buckets = defaultdict(lambda: (0, 0))
    for row in rows:
        key = bucket_key(row)
        amount, gifts = buckets[key]
        buckets[key] = (amount + row["amount"], gifts + 1)
    add_to_buckets(dict(buckets))


def _log(specs, allocations, user):
    """The entries audit.log_entry would write, in one bulk insert sharing one uuid."""
    now = timezone.now()
    batch_uuid = uuid.uuid4()
    receipt_type = ContentType.objects.get_for_model(Receipt, for_concrete_model=False).pk
    pledge_type = ContentType.objects.get_for_model(Pledge, for_concrete_model=False).pk
    channel = str(Channel.BANK.label)
    user_id = user.pk if user else None

    def entry(content_type, object_id, label, action, data):
        return (content_type, label, action, data, now, batch_uuid, user_id, str(object_id))

    entries = [
        entry(
            receipt_type,
            spec.receipt_id,
            spec.number,
            audit.RECORD_RECEIPT,
            {"amount": spec.amount, "detail": channel},
        )
        for spec in specs
    ]
    for spec, pledge, amount in allocations:
        data = {"amount": amount, "detail": f"{spec.number} → {pledge.code}"}
        entries.append(entry(receipt_type, spec.receipt_id, spec.number, audit.ALLOCATE, data))
        entries.append(entry(pledge_type, pledge.pk, str(pledge), audit.ALLOCATE, data))
    insert_rows(ModelLogEntry, entries, LOG_COLUMNS)


#: The columns of a log entry, in the order _log gives their values; the others take the
#: model's defaults (no revision, content not changed, not deleted).
LOG_COLUMNS = (
    "content_type_id",
    "label",
    "action",
    "data",
    "timestamp",
    "uuid",
    "user_id",
    "object_id",
)
