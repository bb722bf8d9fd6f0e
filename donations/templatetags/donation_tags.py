"""Money shown on public pages, always read fresh from the ledger's totals, and the bank
accounts a campaign page offers donors."""

from django import template

from donations.public.accounts import lazy_campaign_accounts
from donations.services.totals import campaign_totals

register = template.Library()


@register.inclusion_tag("donations/includes/campaign_money.html")
def campaign_money(campaign, support_items=None):
    """Received (reconciled money only), gifts, pledges (labelled as such), progress to the
    target and what the money received would pay for, for a campaign page (which may hand over
    the support items it has already read)."""
    return {"campaign": campaign, "totals": campaign_totals(campaign, support_items)}


@register.simple_tag
def campaign_bank_accounts(campaign):
    """``{% campaign_bank_accounts page as bank_accounts %}``: the campaign's accounts in use,
    in the page's order, read only when a fragment that shows them is drawn, and then once."""
    return lazy_campaign_accounts(campaign)
