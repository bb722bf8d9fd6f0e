"""The donate form's POST: create a pending gift, then off to VNPay or to the transfer page.

A refused form is shown again on the campaign page itself (the campaign's own template, with
the bound form in place of the empty one), so the donor keeps everything they typed. An
anonymous donor's POST carries no CSRF token (the page it comes from is the page cache's):
sitewide/security/origin.py checks where it comes from instead.
"""

import logging

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.http.response import HttpResponseRedirectBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import CampaignPage
from giving import ratelimit
from giving.forms import DonateForm
from giving.models import GiftMethod
from giving.services import accepts_gifts, create_gift, start_vnpay_payment, transfer_account
from sitewide.admin_toolkit import add_service_errors
from sitewide.security.origin import origin_protected

logger = logging.getLogger(__name__)

FORM_FIELDS = ("disclosure", "donor_name", "consent", "phone", "email", "message", "method")


def show_again(request, campaign, form, status=200):
    """The campaign page with this bound form in the donate box (giving_tags.donate_box)."""
    request.giving_form = (campaign.pk, form)
    response = campaign.serve(request)
    response.status_code = status
    return response


@origin_protected
@require_POST
def donate(request, campaign_id):
    campaign = get_object_or_404(CampaignPage.objects.live().public(), pk=campaign_id)
    if not accepts_gifts(campaign):
        context = {"campaign": campaign}
        return render(request, "giving/unavailable.html", context, status=400)
    form = DonateForm(request.POST, transfer_available=transfer_account(campaign) is not None)
    if form.is_spam():
        logger.info("Donate form honeypot filled for campaign %s", campaign.pk)
        form.is_valid()
        form.add_error(None, _("Your gift could not be sent. Please try again."))
        return show_again(request, campaign, form, status=400)
    if not form.is_valid():
        return show_again(request, campaign, form)
    ip = ratelimit.client_ip(request)
    if not ratelimit.allow(ip):
        form.add_error(
            None,
            _(
                "Too many gifts were started from your connection in a short time. Please wait "
                "a few minutes and send the form again: what you typed is kept."
            ),
        )
        return show_again(request, campaign, form, status=429)
    data = form.cleaned_data
    try:
        gift = create_gift(
            campaign=campaign,
            amount=data["amount"],
            ip=ip,
            **{field: data.get(field) for field in FORM_FIELDS},
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return show_again(request, campaign, form)
    if gift.method == GiftMethod.VNPAY:
        return_url = request.build_absolute_uri(reverse("giving:vnpay_return"))
        return HttpResponseRedirect(start_vnpay_payment(gift, return_url=return_url, ip=ip))
    return HttpResponseRedirect(reverse("giving:gift_status", args=[gift.token]))


class HttpResponseKeepMethodRedirect(HttpResponseRedirectBase):
    """308: the browser sends the same POST, with its body, to the new address."""

    status_code = 308


@origin_protected
def moved(request, campaign_id):
    """The donate form's old address (/donations/give/<id>/), for pages cached before the move."""
    return HttpResponseKeepMethodRedirect(reverse("giving:donate", args=[campaign_id]))
