from django import template

from campaigns.queries import running_campaigns

register = template.Library()


@register.inclusion_tag("campaigns/includes/peak_banner.html", takes_context=True)
def peak_month_banner(context):
    """The running campaign's banner, shown only between its start and end dates."""
    page = context.get("page")
    campaign = running_campaigns().first()
    if campaign is not None and page is not None and campaign.pk == page.pk:
        campaign = None  # the campaign's own page says it already
    return {"campaign": campaign}
