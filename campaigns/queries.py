"""Which campaigns the site shows, each list in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from campaigns.models import CampaignPage
from sitewide.caching.restrictions import public


def live_campaigns():
    """Live, public campaigns with their area and listing image in the same query."""
    return public(CampaignPage.objects.live()).select_related("listing_image", "area")


def campaign_cards():
    """Live campaigns with everything a card shows, image renditions included, fetched up front.

    Campaigns number a few per year, so listings take them all at once: one query for the pages
    and one for the image renditions, however many campaigns there are.
    """
    return live_campaigns().prefetch_related("listing_image__renditions")


def running_campaigns(on=None):
    """Campaigns whose period includes `on` (today in Asia/Ho_Chi_Minh), ending soonest first."""
    on = on or timezone.localdate()
    return live_campaigns().filter(start_date__lte=on, end_date__gte=on).order_by("end_date", "pk")


def peak_month_campaigns(on=None):
    """Campaigns in their peak month on `on` (today in Asia/Ho_Chi_Minh), ending soonest first.

    A campaign without a peak month (its period misses 17/10 – 18/11, see
    CampaignPage.clean) counts over its whole period."""
    on = on or timezone.localdate()
    in_peak = Q(peak_start__lte=on, peak_end__gte=on)
    no_peak_but_running = Q(peak_start__isnull=True, start_date__lte=on, end_date__gte=on)
    return live_campaigns().filter(in_peak | no_peak_but_running).order_by("end_date", "pk")


def featured_campaign(on=None):
    """The running campaign ending soonest, else the most recent one; None if there are none."""
    running = running_campaigns(on).first()
    if running:
        return running
    return live_campaigns().order_by("-start_date").first()


@dataclass
class CampaignTimeline:
    """Campaigns split by where they stand on a given day, as the index page lists them."""

    running: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)
    past: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.running or self.upcoming or self.past)


def campaign_timeline(campaigns, on=None):
    """Split campaigns into running (ending soonest first), upcoming (soonest first) and past
    (latest first).

    Done in Python over one fetched list rather than three filtered queries: the split depends
    on the day, and there are only a handful of campaigns.
    """
    on = on or timezone.localdate()
    timeline = CampaignTimeline()
    for campaign in campaigns:
        if campaign.end_date < on:
            timeline.past.append(campaign)
        elif campaign.start_date > on:
            timeline.upcoming.append(campaign)
        else:
            timeline.running.append(campaign)
    timeline.running.sort(key=lambda c: (c.end_date, c.pk))
    timeline.upcoming.sort(key=lambda c: (c.start_date, c.pk))
    timeline.past.sort(key=lambda c: (c.start_date, c.pk), reverse=True)
    return timeline


class CampaignDetails:
    """Support items of one campaign, read once, when first asked for.

    The campaign page shows them in a cached fragment, and the money panel (another app's
    template tag) is handed them from here, so a page rendered from scratch reads the list
    once. Works on previews too, where the items are still in memory (modelcluster). The bank
    accounts are the ledger's: the page reads them through its template tag.
    """

    def __init__(self, campaign):
        self.campaign = campaign

    @cached_property
    def support_items(self):
        return list(self.campaign.support_items.all())

    @cached_property
    def support_total(self):
        return sum(item.target_amount for item in self.support_items)


def campaign_details(campaign):
    return CampaignDetails(campaign)
