"""The honour roll: donors who agreed to be named, with what they gave to a campaign."""

from django.db.models import F

from donations.models import HonourTotal


def honour_roll(campaign):
    """One row per donor and public name, largest total first; anonymous gifts are left out.

    Grouped by donor as well as by name, so two people shown as "Nguyễn V. A." stay two rows.
    Read from the running sums the services keep (donations.services.honour), walking the
    index (campaign, -amount, public_name, donor): a page costs the same at ten million gifts.
    """
    return (
        HonourTotal.objects.filter(campaign=campaign, gifts__gt=0)
        .values("donor_id", "public_name", "gifts", total=F("amount"))
        .order_by("-amount", "public_name", "donor_id")
    )
