"""{% donate_box page [bank_accounts] %}: the donate form on a campaign page (only while it
is running); the page may hand over its active bank accounts, already read, in its order."""

from django import template

from giving.forms import DonateForm
from giving.services import accepts_gifts, transfer_account

register = template.Library()


@register.inclusion_tag("giving/donate_box.html", takes_context=True)
def donate_box(context, campaign, bank_accounts=None):
    """Nothing for a campaign that is closed, upcoming or has no fund to record gifts into.

    After a refused POST the donate view puts the bound form on the request, so the donor sees
    their own values and the messages (giving.views.donate.show_again).
    """
    if getattr(context.get("request"), "is_preview", False) or not accepts_gifts(campaign):
        return {"show": False}
    if bank_accounts is None:
        account = transfer_account(campaign)
    else:
        account = bank_accounts[0] if bank_accounts else None
    form = None
    bound = getattr(context.get("request"), "giving_form", None)
    if bound and bound[0] == campaign.pk:
        form = bound[1]
    if form is None:
        form = DonateForm(transfer_available=account is not None)
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "show": True,
        "campaign": campaign,
        "form": form,
        "transfer_account": account,
        # Only a signed-in reader's form carries a CSRF token; an anonymous donor's POST is
        # checked by where it comes from (sitewide/security/origin.py), so the page caches.
        "signed_in": bool(user and user.is_authenticated),
    }
