from django import template

from campaigns.queries import peak_month_campaigns

register = template.Library()


@register.inclusion_tag("campaigns/includes/peak_banner.html", takes_context=True)
def peak_month_banner(context, on=None):
    """The banner of the campaign in its peak month, shown only between the peak month's first
    and last days (inclusive), not over the whole campaign (CampaignPage.peak_start/peak_end).

    `on` is the day to judge by (today in Asia/Ho_Chi_Minh when left out). The campaign's own
    page does not repeat it: the page already says the same thing in its heading.
    """
    page = context.get("page")
    campaign = peak_month_campaigns(on).first()
    if campaign is not None and page is not None and campaign.pk == page.pk:
        campaign = None
    return {"campaign": campaign}
