"""The campaign report: summary (by channel, donor kind, area), pledge fulfilment per donor,
and the list of receipts, as one XLSX workbook.

The summary uses the same functions as the admin dashboard (donations.services.totals), so
the file and the screen cannot disagree; the receipt list's total row is a database
aggregate of the same receipts, and a test checks all three agree.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from donations.models import Channel, DonorKind, Pledge, Receipt
from donations.services import totals

from .workbook import Sheet, write_workbook

CHUNK = 5000


def label_for(by, key):
    if by == "channel":
        return str(Channel(key).label) if key in Channel.values else key
    if by == "donor_kind":
        return str(DonorKind(key).label) if key in DonorKind.values else _("Unknown donor")
    return key or _("Area not given")


def summary_figures(campaign, on=None):
    """The figures the dashboard shows for a campaign, as a dict."""
    money = totals.received(campaign=campaign)
    pledges = totals.pledge_figures(campaign=campaign, on=on)
    return {
        "received": money["amount"],
        "in_kind": money["in_kind"],
        "gifts": money["gifts"],
        "target": campaign.target_amount,
        **pledges,
        "breakdowns": {
            by: [
                (label_for(by, key), amount, gifts)
                for key, amount, gifts in totals.breakdown(by, campaign=campaign)
            ]
            for by in ("channel", "donor_kind", "area")
        },
    }


def _summary_rows(campaign, figures):
    yield [campaign.title]
    yield [_("Report made on"), timezone.localtime().replace(tzinfo=None)]
    yield []
    for label, key in [
        (_("Target"), "target"),
        (_("Received (money and goods, reconciled)"), "received"),
        (_("of which goods in kind (valued)"), "in_kind"),
        (_("Number of gifts"), "gifts"),
        (_("Pledged"), "pledged"),
        (_("Number of pledges"), "pledges"),
        (_("Paid against pledges"), "paid"),
        (_("Outstanding on pledges"), "outstanding"),
        (_("Overdue on pledges"), "overdue_amount"),
    ]:
        yield [label, figures[key]]
    for by, heading in [
        ("channel", _("By channel")),
        ("donor_kind", _("By donor kind")),
        ("area", _("By area")),
    ]:
        yield []
        yield [heading, _("Amount"), _("Gifts")]
        for label, amount, gifts in figures["breakdowns"][by]:
            yield [label, amount, gifts]


def fulfilment_rows(campaign):
    """Per donor: pledges, pledged, paid against them, outstanding, and everything received."""
    received = dict(
        Receipt.objects.counting()
        .filter(campaign=campaign, donor__isnull=False)
        .values_list("donor_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    rows = (
        Pledge.objects.filter(campaign=campaign)
        .with_paid()
        .values("donor_id", "donor__name", "donor__kind")
        .annotate(
            count=Count("id", filter=Q(cancelled_at__isnull=True)),
            pledged=Coalesce(Sum("amount", filter=Q(cancelled_at__isnull=True)), 0),
            paid_total=Coalesce(Sum("paid"), 0),
            outstanding_total=Coalesce(Sum("outstanding"), 0),
        )
        .order_by("donor__name")
    )
    for row in rows:
        yield [
            row["donor__name"],
            label_for("donor_kind", row["donor__kind"]),
            row["count"],
            row["pledged"],
            row["paid_total"],
            row["outstanding_total"],
            received.get(row["donor_id"], 0),
        ]


def receipt_rows(campaign):
    """Every receipt of the campaign, reversed ones marked; then a total of those counting."""
    queryset = (
        Receipt.objects.filter(campaign=campaign)
        .order_by("received_at", "id")
        .values_list(
            "number",
            "received_at",
            "channel",
            "donor__name",
            "payer_name",
            "donor_kind",
            "area__name",
            "amount",
            "reversal__id",
            "receipt_book_number",
            "bank_reference",
            "gateway_reference",
            "public_name",
        )
    )
    channels = {value: str(label) for value, label in Channel.choices}
    kinds = {value: str(label) for value, label in DonorKind.choices}
    counted, reversed_label = _("Counted"), _("Reversed")
    anonymous = _("Anonymous donor")
    for (
        number,
        received_at,
        channel,
        donor_name,
        payer_name,
        donor_kind,
        area_name,
        amount,
        reversal_id,
        book_number,
        bank_reference,
        gateway_reference,
        public_name,
    ) in queryset.iterator(chunk_size=CHUNK):
        yield [
            number,
            received_at,  # aware; the workbook writes it in Vietnamese time
            channels.get(channel, channel),
            donor_name or payer_name,
            kinds.get(donor_kind, ""),
            area_name or "",
            amount,
            reversed_label if reversal_id else counted,
            book_number or bank_reference or gateway_reference,
            public_name or anonymous,
        ]
    total = totals.direct_received(campaign=campaign)
    yield []
    yield [_("Total counted"), None, None, None, None, None, total["amount"], total["gifts"]]


def campaign_sheets(campaign):
    figures = summary_figures(campaign)
    return [
        Sheet(
            _("Summary"),
            [_("Campaign report"), "", ""],
            _summary_rows(campaign, figures),
            money_columns={1},
            widths={"A": 45, "B": 20, "C": 12},
        ),
        Sheet(
            _("Pledges by donor"),
            [
                _("Donor"),
                _("Kind"),
                _("Pledges"),
                _("Pledged"),
                _("Paid against pledges"),
                _("Outstanding"),
                _("All gifts received"),
            ],
            fulfilment_rows(campaign),
            money_columns={3, 4, 5, 6},
            widths={"A": 40, "B": 22},
        ),
        Sheet(
            _("Receipts"),
            [
                _("Receipt number"),
                _("Received at"),
                _("Channel"),
                _("Donor or payer"),
                _("Donor kind"),
                _("Area"),
                _("Amount"),
                _("Status"),
                _("Reference"),
                _("Shown in public as"),
            ],
            receipt_rows(campaign),
            money_columns={6},
            widths={"A": 16, "B": 17, "D": 36},
        ),
    ]


def write_campaign_report(campaign, target):
    write_workbook(target, campaign_sheets(campaign))
