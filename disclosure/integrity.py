"""Disclosure's checks in `manage.py verify_ledger` (registered from DisclosureConfig.ready()).

- Every line that must be public (a receipt or a voucher of a campaign, the reversal of a
  published one) has its entry in the public record; the unique constraints of PublishedLine
  make it exactly one.
- Every published entry still says what its record shows now: its body is recomputed from the
  record and compared field by field; a commitment is checked against the name shown now while
  its salt is held (a forgotten salt is not judged: the person withdrew consent).

The second check reads every published line (in batches): it is the one check of the ledger
that grows with it, and it is what proves that the log and the ledger agree.
"""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.integrity import EXAMPLES, Result, found, register
from donations.models import Receipt, Reversal, Voucher
from public_record.models import Salt

from . import publishing
from .models import PublishedLine

MODELS = {
    PublishedLine.Kind.RECEIPT: Receipt,
    PublishedLine.Kind.VOUCHER: Voucher,
    PublishedLine.Kind.CORRECTION: Reversal,
}
CHUNK = 2000


@register(gettext_lazy("Every public line of the ledger is in the public record"))
def every_line_published():
    result = Result()
    for kind, queryset in (
        ("receipt", publishing.pending_receipts()),
        ("voucher", publishing.pending_vouchers()),
        ("correction", publishing.pending_corrections()),
    ):
        result += found(
            queryset.order_by("pk"),
            lambda record, kind=kind: (
                _("%(kind)s %(record)s is not in the public record")
                % {"kind": kind, "record": getattr(record, "number", record.pk)}
            ),
        )
    return result


def _mismatch(line, record, entry_data, salt):
    """A sentence naming what differs, or None."""
    if record is None:
        return _("entry %(index)s publishes a record that no longer exists") % {
            "index": line.entry_id
        }
    try:
        entry = json.loads(entry_data)
    except ValueError:
        entry = {}
    body = dict(entry.get("body") or {})
    if entry.get("kind") != line.kind:
        return _("entry %(index)s is not of the kind it publishes") % {"index": line.entry_id}
    corrected = None
    if line.kind == PublishedLine.Kind.CORRECTION:
        corrected = body.get("corrects_entry")
    fields, name_matches = publishing.expected(line.kind, record, salt, corrected)
    name_field = publishing.NAME_FIELD.get(line.kind)
    commitment_value = body.pop(name_field, None) if name_field else None
    if body != fields:
        changed = sorted(key for key in set(body) | set(fields) if body.get(key) != fields.get(key))
        return _("entry %(index)s no longer says what %(number)s shows: %(fields)s") % {
            "index": line.entry_id,
            "number": getattr(record, "number", record.pk),
            "fields": ", ".join(changed),
        }
    if name_matches is not None and salt is not None and not name_matches(commitment_value):
        return _("entry %(index)s commits to a name %(number)s no longer shows") % {
            "index": line.entry_id,
            "number": record.number,
        }
    return None


@register(gettext_lazy("Every entry of the public record says what its record shows now"))
def entries_match_records():
    result = Result()
    lines = PublishedLine.objects.select_related("entry").order_by("entry_id")
    last = -1
    while True:
        chunk = list(lines.filter(entry_id__gt=last)[:CHUNK])
        if not chunk:
            return result
        last = chunk[-1].entry_id
        salts = {
            (entry_id, field): salt
            for entry_id, field, salt in Salt.objects.filter(
                entry_id__in=[line.entry_id for line in chunk]
            ).values_list("entry_id", "field", "salt")
        }
        records = {}
        for kind, model in MODELS.items():
            ids = [line.record_id for line in chunk if line.kind == kind]
            related = {
                PublishedLine.Kind.RECEIPT: ("campaign", "fund"),
                PublishedLine.Kind.VOUCHER: ("campaign", "fund", "area"),
                PublishedLine.Kind.CORRECTION: ("receipt", "voucher"),
            }[kind]
            for record in model.objects.select_related(*related).filter(pk__in=ids):
                records[kind, record.pk] = record
        for line in chunk:
            salt = salts.get((line.entry_id, publishing.NAME_FIELD.get(line.kind)))
            problem = _mismatch(
                line, records.get((line.kind, line.record_id)), line.entry.data, salt
            )
            if problem:
                result.count += 1
                if len(result.examples) < EXAMPLES:
                    result.examples.append(problem)
