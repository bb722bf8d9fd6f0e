"""The disclosure as open data: the JSON document (docs/open-data.md) and the CSV of the
distributions (one line per payment voucher of the campaign), with the public record's current
checkpoint at the foot of the CSV. Same figures as the page (disclosure.queries).

The CSV is built once per money version and served from a stored copy, by the statement CSV's
mechanism (donations.public.exports; DISTRIBUTIONS_CSV is its kind, built by
disclosure.tasks.build_disclosure_csv when too large for a request)."""

import csv

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from donations.models import SupportType, Voucher
from donations.public.exports import Export
from public_record.services import latest_checkpoint
from sitewide.spreadsheets import SafeWriter

from . import publishing, queries
from .models import PublishedLine

SCHEMA = "chungtay-disclosure/1"
#: IATI transaction type codes (https://iatistandard.org/en/iati-standard/203/codelists/transactiontype/).
INCOMING_FUNDS, DISBURSEMENT = "1", "3"
#: 360Giving column names where they fit, then ours.
CSV_HEADER = [
    "Identifier",
    "Title",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Ind:Name",
    "Recipient Org:Name",
    "Beneficiary Location:Name",
    "Funding Org:Name",
    "Grant Programme:Title",
    "Decision",
    "Support Type",
    "Method",
    "Handed Over On",
    "Status",
    "Public Record Entry",
]


def _day(value):
    return value.isoformat() if value else None


def _rows(rows, key_name):
    return [
        {key_name: row.key, "label": row.label, "amount": row.amount, "count": row.count}
        for row in rows
    ]


def checkpoint_lines():
    """The latest signed checkpoint as text lines (for footers), or []."""
    checkpoint = latest_checkpoint()
    return checkpoint.note.rstrip("\n").split("\n") if checkpoint else []


def document(campaign, request=None):
    summary = queries.page_summary(campaign)
    money_in, money_out, balance = summary["received"], summary["distributed"], summary["balance"]
    levels, decisions = summary["levels"], summary["decisions"]
    checkpoint = latest_checkpoint()
    build = request.build_absolute_uri if request is not None else (lambda path: path)
    return {
        "schema": SCHEMA,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "currency": "VND",
        "campaign": {
            "slug": campaign.slug,
            "title": campaign.title,
            "organiser": campaign.organiser,
            "start_date": _day(campaign.start_date),
            "end_date": _day(campaign.end_date),
            "target_amount": campaign.target_amount,
            "url": build(campaign.url or "/"),
            "disclosure_url": build(reverse("disclosure_page", args=[campaign.slug])),
            "statement_url": build(reverse("donations_statement", args=[campaign.slug])),
            "distributions_csv": build(reverse("disclosure_csv", args=[campaign.slug])),
        },
        "received": {
            "transaction_type": INCOMING_FUNDS,
            "total": money_in["total"],
            "money": money_in["money"],
            "in_kind": money_in["in_kind"],
            "gifts": money_in["gifts"],
            "by_channel": _rows(money_in["by_channel"], "channel"),
            "per_day": [
                {"date": _day(day), "amount": amount, "gifts": count}
                for day, amount, count in money_in["per_day"]
            ],
            "goods": [
                {
                    "item": row["goods_description"],
                    "unit": row["goods_unit"],
                    "quantity": row["quantity"],
                    "amount": row["total"],
                    "gifts": row["count"],
                }
                for row in money_in["goods"]
            ],
        },
        "distributed": {
            "transaction_type": DISBURSEMENT,
            "total": money_out["total"],
            "support": money_out["support"],
            "transfers_total": money_out["transfers_total"],
            "by_support_type": _rows(money_out["by_support_type"], "support_type"),
            "by_commune": _rows(money_out["by_commune"], "commune_id"),
            "transfers": [
                {"recipient_org_name": row.label, "amount": row.amount, "count": row.count}
                for row in money_out["transfers"]
            ],
        },
        "balance": balance,
        "support_levels": [
            {
                "name": level.name,
                "support_type": level.support_type,
                "amount": level.amount,
                "unit": level.unit,
                "decision": level.decision_number,
                "decision_date": _day(level.decision_date),
                "issuer": level.issuer,
                "valid_from": _day(level.valid_from),
                "valid_until": _day(level.valid_until),
            }
            for level in levels
        ],
        "decisions": [
            {
                "number": decision.number,
                "date": _day(decision.decided_on),
                "title": decision.title,
                "support_level": decision.support_level.name,
                "households": decision.households,
                "amount": decision.total,
            }
            for decision in decisions
        ],
        "support_items": summary["progress"],
        "corrections": [
            {
                "date": _day(timezone.localtime(row["date"]).date()),
                "target": row["target"],
                "number": row["number"],
                "amount": row["amount"],
                "reason": row["reason"],
                "corrects_entry": row["line_entry"],
                "entry": row["entry"],
            }
            for row in queries.corrections(campaign)
        ],
        "public_record": {
            "checkpoint": checkpoint.note if checkpoint else None,
            "tree_size": checkpoint.size if checkpoint else 0,
            "url": build(reverse("public_record_index")),
        },
    }


class _Echo:
    def write(self, value):
        return value


def csv_lines(campaign):
    """BOM, heading, one line per voucher of the campaign (reversed ones marked), then the
    checkpoint: every cell through sitewide.spreadsheets."""
    writer = SafeWriter(csv.writer(_Echo()))
    yield "\ufeff"
    yield writer.writerow(CSV_HEADER)
    types = dict(SupportType.choices)
    methods = dict(Voucher.Method.choices)
    vouchers = (
        Voucher.objects.filter(campaign=campaign)
        .select_related("area", "fund", "reversal")
        .order_by("paid_on", "pk")
    )
    entries = dict(
        PublishedLine.objects.filter(
            kind="voucher", record_id__in=vouchers.values("pk")
        ).values_list("record_id", "entry_id")
    )
    counted, reversed_label = _("Counted"), _("Reversed")
    chunk = []

    def flush():
        lines = publishing._lines_for(chunk)
        transfers = publishing._transfer_targets(chunk)
        for voucher in chunk:
            line = publishing.line_of(voucher, lines)
            yield writer.writerow(
                [
                    voucher.number,
                    line.decision.support_level.name if line else voucher.content,
                    "VND",
                    voucher.amount,
                    _day(voucher.paid_on),
                    publishing.voucher_name(line),
                    transfers.get(voucher.pk, ""),
                    voucher.area.name if voucher.area_id else "",
                    voucher.fund.name,
                    campaign.title,
                    line.decision.number if line else "",
                    str(types.get(voucher.support_type, voucher.support_type)),
                    str(methods.get(voucher.method, voucher.method)),
                    _day(voucher.handed_over_on) or "",
                    reversed_label if voucher.is_reversed else counted,
                    entries.get(voucher.pk, ""),
                ]
            )

    for voucher in vouchers.iterator(chunk_size=2000):
        chunk.append(voucher)
        if len(chunk) >= 2000:
            yield from flush()
            chunk = []
    yield from flush()
    for text in checkpoint_lines():
        yield writer.writerow([_("Public record checkpoint"), text])


DISTRIBUTIONS_CSV = Export(
    name="disclosure-csv",
    folder="cong-khai",
    lines=lambda campaign, _filters: csv_lines(campaign),
    rows=lambda campaign: Voucher.objects.filter(campaign=campaign),
    task="disclosure.tasks.build_disclosure_csv",
)
