"""Disclosure on other apps' pages: the "Công khai" link of a campaign page, and the money
received with the support items' progress on the home page's campaign card."""

from django import template

from donations.services.totals import received

from .. import queries

register = template.Library()


@register.inclusion_tag("disclosure/includes/link.html")
def disclosure_link(campaign):
    return {"campaign": campaign}


@register.inclusion_tag("disclosure/includes/card_progress.html")
def campaign_progress(campaign):
    """Money received (the ledger's buckets) and, per support item, what was done (counted
    once per money-out version, like the disclosure page's: a gift does not count it again)."""
    return {
        "campaign": campaign,
        "received": received(campaign=campaign),
        "progress": queries.per_version(
            "card",
            campaign,
            lambda: queries.support_progress(campaign, only_if_begun=True),
            money="out",
        ),
    }
