"""The bank accounts a campaign page offers donors, read from the ledger's side of the link
(BankAccount.campaigns): the page itself knows nothing of them."""

from django.utils.functional import SimpleLazyObject

from donations.models import BankAccount


def campaign_accounts(campaign):
    """The campaign's accounts in use, by bank name then account number, as the page lists
    them; the first is where VietQR codes point. None for a page never saved (the preview of a
    new page): no account can be linked to it yet."""
    if campaign.pk is None:
        return BankAccount.objects.none()
    return BankAccount.objects.filter(campaigns=campaign, is_active=True).order_by(
        "bank_name", "account_number"
    )


def lazy_campaign_accounts(campaign):
    """The same as a list read on first use: a page drawn from cached fragments reads nothing,
    one drawn from scratch reads it once for the donate box and the list of accounts."""
    return SimpleLazyObject(lambda: list(campaign_accounts(campaign)))
