"""Input checks shared by the services: each failure is a clear Vietnamese message and the
service stops before anything is written."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from campaigns.models import CampaignPage
    from donations.models import Fund

# A clock a few minutes fast on a cashier's computer is not a mistake worth refusing.
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)


def whole_dong(amount: object, field: str = "amount") -> int:
    """Money is a positive int of đồng: floats, Decimals, strings and bools are refused."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError({field: _("The amount must be a whole number of đồng.")})
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than 0 đồng.")})
    return amount


def reason_given(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: it is kept in the record's history.")})
    return reason


def past_moment(moment: object, field: str = "received_at") -> datetime.datetime:
    if not isinstance(moment, datetime.datetime) or timezone.is_naive(moment):
        raise ValidationError({field: _("Give the date and time the money arrived.")})
    if moment > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({field: _("The time of receipt cannot be in the future.")})
    return moment


def fund_for(fund: Fund | None, campaign: CampaignPage | None) -> Fund:
    """The fund of a record: the one given, else the campaign's; both must agree."""
    from donations.models import CampaignFund

    campaign_fund = None
    if campaign is not None:
        link = CampaignFund.objects.filter(campaign=campaign).select_related("fund").first()
        campaign_fund = link.fund if link else None
    if fund is None:
        fund = campaign_fund
    if fund is None:
        raise ValidationError(
            {"fund": _("Choose the fund (or link the campaign to its fund first).")}
        )
    if campaign_fund is not None and campaign_fund.pk != fund.pk:
        raise ValidationError(
            {"fund": _("This campaign collects into %(fund)s.") % {"fund": campaign_fund}}
        )
    return fund
