"""The honour roll: donors who agreed to be named, with what they gave to a campaign.

Read from the running sums the services keep (donations.services.honour): one row per donor
and public name (grouped by donor as well as by name, so two people shown as "Nguyễn V. A."
stay two rows), anonymous gifts left out, largest total first. A page costs the same at ten
million gifts: honour_page() starts from the campaign's tallies of rows per total.
"""

from typing import Any

from django.db.models import F, Sum

from donations.models import HonourTally, HonourTotal


def honour_count(campaign) -> int:
    """How many rows the campaign's honour roll has, from its tallies."""
    return HonourTally.objects.filter(campaign=campaign).aggregate(rows=Sum("names"))["rows"] or 0


def honour_page(campaign, start: int, size: int) -> list[dict[str, Any]]:
    """Rows start … start + size - 1 (from 0) of the campaign's honour roll (public side:
    donor_id, public_name, gifts, total), largest total first.

    The tallies (one row per distinct total, a few thousand at most) say at which total the
    page starts and how many rows of that total come before it; the rows are then read from
    the index (campaign, -amount, public_name, donor) from that total on, skipping only rows
    of the same total."""
    skipped = 0
    tallies = (
        HonourTally.objects.filter(campaign=campaign, names__gt=0)
        .order_by("-amount")
        .values_list("amount", "names")
    )
    for amount, names in tallies:
        if skipped + names > start:
            offset = start - skipped
            rows = honour_roll(campaign).filter(amount__lte=amount)
            return list(rows[offset : offset + size])
        skipped += names
    return []


def honour_roll(campaign):
    """Every row of the campaign's honour roll, largest total first (public fields only)."""
    return (
        HonourTotal.objects.filter(campaign=campaign, gifts__gt=0)
        .values("donor_id", "public_name", "gifts", total=F("amount"))
        .order_by("-amount", "public_name", "donor_id")
    )
