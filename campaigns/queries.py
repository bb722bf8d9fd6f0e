"""Which campaign leads the site today."""

from django.utils import timezone

from campaigns.models import CampaignPage


def running_campaigns(on=None):
    on = on or timezone.localdate()
    return (
        CampaignPage.objects.live()
        .public()
        .filter(start_date__lte=on, end_date__gte=on)
        .select_related("listing_image", "area")
        .order_by("end_date")
    )


def featured_campaign(on=None):
    """The running campaign ending soonest, else the most recent one; None if there are none."""
    running = running_campaigns(on).first()
    if running:
        return running
    return (
        CampaignPage.objects.live()
        .public()
        .select_related("listing_image", "area")
        .order_by("-start_date")
        .first()
    )
