"""Money shown on public pages. The ledger fills these in; until then they render nothing."""

from django import template

register = template.Library()


@register.inclusion_tag("donations/includes/campaign_money.html")
def campaign_money(campaign):
    """Received (reconciled money only), pledged, gifts count and progress for a campaign."""
    return {"campaign": campaign, "totals": None}
