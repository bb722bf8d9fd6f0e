"""Money shown on public pages, always read fresh from the ledger's totals."""

from django import template

from donations.services.totals import campaign_totals

register = template.Library()


@register.inclusion_tag("donations/includes/campaign_money.html")
def campaign_money(campaign, support_items=None):
    """Received (reconciled money only), gifts, pledges (labelled as such), progress to the
    target and what the money received would pay for, for a campaign page (which may hand over
    the support items it has already read)."""
    return {"campaign": campaign, "totals": campaign_totals(campaign, support_items)}
