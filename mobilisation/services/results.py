"""A ceremony's results: pledged, received and outstanding per unit and per kind of donor, and
the gap between pledged and received over time — what the press reports.

Received means money allocated to the ceremony's pledges (live allocations only, reversed ones
left out), dated by when the receipt arrived; a cancelled pledge counts neither as pledged nor
as outstanding.
"""

import dataclasses
import datetime

from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from donations.models import Allocation, DonorKind

from .ceremonies import ceremony_pledges


@dataclasses.dataclass
class Line:
    label: str
    kind: str = ""
    donor_id: int | None = None
    pledges: int = 0
    pledged: int = 0
    received: int = 0
    outstanding: int = 0

    def add(self, pledge):
        self.pledges += 1
        self.pledged += pledge.amount
        self.received += pledge.paid
        self.outstanding += pledge.outstanding

    @property
    def share_received(self):
        return round(100 * self.received / self.pledged) if self.pledged else 0


def by_unit_and_kind(ceremony):
    """(lines per donor, largest pledged first; lines per kind of donor; the total line)."""
    units, kinds = {}, {}
    total = Line(label="")
    for pledge in ceremony_pledges(ceremony):
        if pledge.is_cancelled:
            continue
        donor = pledge.donor
        unit = units.setdefault(
            donor.pk,
            Line(label=donor.name, kind=str(donor.get_kind_display()), donor_id=donor.pk),
        )
        unit.add(pledge)
        kind = kinds.setdefault(donor.kind, Line(label=str(DonorKind(donor.kind).label)))
        kind.add(pledge)
        total.add(pledge)
    order = {value: index for index, value in enumerate(DonorKind.values)}
    return (
        sorted(units.values(), key=lambda line: (-line.pledged, line.label)),
        [kinds[key] for key in sorted(kinds, key=order.get)],
        total,
    )


def gap_over_time(ceremony, today=None):
    """[(day, pledged so far, received so far)], one point per day from the ceremony to today
    (or to the last day anything happened, if later)."""
    today = today or timezone.localdate()
    pledges = [p for p in ceremony_pledges(ceremony) if not p.is_cancelled]
    pledged_by_day = {}
    for pledge in pledges:
        pledged_by_day[pledge.pledged_on] = pledged_by_day.get(pledge.pledged_on, 0) + pledge.amount
    received_by_day = dict(
        Allocation.objects.filter(pledge__in=[p.pk for p in pledges], reversal__isnull=True)
        .annotate(day=TruncDate("receipt__received_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(total=Sum("amount"))
        .values_list("day", "total")
    )
    days = [ceremony.held_on, today, *pledged_by_day, *received_by_day]
    start, end = min(days), max(days)
    points, pledged, received = [], 0, 0
    day = start
    while day <= end:
        pledged += pledged_by_day.get(day, 0)
        received += received_by_day.get(day, 0)
        points.append((day, pledged, received))
        day += datetime.timedelta(days=1)
    return points
