"""The honour roll: donors who agreed to be named, with what they gave to a campaign."""

from django.db.models import Count, Sum

from donations.models import Disclosure, Receipt


def honour_roll(campaign):
    """One row per donor and public name, largest total first; anonymous gifts are left out.

    Grouped by donor as well as by name, so two people shown as "Nguyễn V. A." stay two rows.
    """
    return (
        Receipt.objects.counting()
        .filter(campaign=campaign, donor__isnull=False)
        .exclude(disclosure=Disclosure.ANONYMOUS)
        .exclude(public_name="")
        .values("donor_id", "public_name")
        .annotate(total=Sum("amount"), gifts=Count("id"))
        .order_by("-total", "public_name")
    )
