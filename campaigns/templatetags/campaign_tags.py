from django import template

from campaigns.queries import running_campaigns

register = template.Library()


@register.inclusion_tag("campaigns/includes/peak_banner.html", takes_context=True)
def peak_month_banner(context, on=None):
    """The running campaign's banner, shown only between its start and end dates (inclusive).

    `on` is the day to judge by (today in Asia/Ho_Chi_Minh when left out). The campaign's own
    page does not repeat it: the page already says the same thing in its heading.
    """
    page = context.get("page")
    campaign = running_campaigns(on).first()
    if campaign is not None and page is not None and campaign.pk == page.pk:
        campaign = None
    return {"campaign": campaign}
