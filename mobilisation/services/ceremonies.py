"""Pledges announced at a launch ceremony: written by the ledger's record_pledge (payment code,
audit log, the ledger's checks), linked to the ceremony in the same transaction."""

from django.db import transaction
from django.db.models import Count, Sum

from donations.models import Donor, DonorKind, Pledge
from donations.services import record_pledge
from mobilisation.models import CeremonyPledge


def new_donor(*, name, kind=DonorKind.BUSINESS, phone="", tax_code="", email=""):
    """A donor first met at a ceremony or in an import file; shown anonymously until they
    consent otherwise (Donor.public_display's default)."""
    donor = checked_donor(name=name, kind=kind, phone=phone, tax_code=tax_code, email=email)
    donor.save()
    return donor


def checked_donor(*, name, kind=DonorKind.BUSINESS, phone="", tax_code="", email=""):
    """new_donor's donor, checked (ValidationError) but not saved: save_donors writes many."""
    donor = Donor(name=name, kind=kind, phone=phone, tax_code=tax_code, email=email)
    donor.full_clean(exclude=["area"])
    return donor


def save_donors(donors):
    """Write checked_donor's donors in bulk inserts, as save() would write each (Donor.normalise);
    they get their ids."""
    for donor in donors:
        donor.normalise()
    return Donor.objects.bulk_create(donors, batch_size=1000)


def announce_pledge(
    ceremony,
    *,
    donor,
    amount,
    user=None,
    due_on=None,
    in_kind=False,
    goods_description="",
    note="",
    earmark_area=None,
    earmark_support_type="",
    earmark_label="",
):
    """Record a pledge announced at ``ceremony`` (its campaign, its date, its name as the
    pledge's event), earmarked for a commune if the donor says so, and put it on the stage
    screen."""
    with transaction.atomic():
        pledge = record_pledge(
            donor=donor,
            amount=amount,
            user=user,
            campaign=ceremony.campaign,
            pledged_on=ceremony.held_on,
            due_on=due_on or ceremony.pledges_due_on,
            event=ceremony.name,
            in_kind=in_kind,
            goods_description=goods_description,
            note=note,
            earmark_area=earmark_area,
            earmark_support_type=earmark_support_type,
            earmark_label=earmark_label,
        )
        CeremonyPledge.objects.create(ceremony=ceremony, pledge=pledge)
    return pledge


def ceremony_pledges(ceremony):
    """The pledges announced, in the order announced, with what each has been paid."""
    return (
        Pledge.objects.with_paid()
        .filter(ceremony_entry__ceremony=ceremony)
        .select_related("donor", "campaign", "fund", "ceremony_entry")
        .order_by("ceremony_entry__announced_at", "ceremony_entry__id")
    )


def running_total(ceremony):
    """(number of pledges, total pledged) of a ceremony, cancelled pledges left out."""
    totals = Pledge.objects.filter(
        ceremony_entry__ceremony=ceremony, cancelled_at__isnull=True
    ).aggregate(count=Count("pk"), total=Sum("amount"))
    return totals["count"], totals["total"] or 0
