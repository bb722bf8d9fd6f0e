"""Recording and cancelling pledges."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations import codes
from donations.models import Pledge, SupportType
from sitewide.models import Area

from . import audit
from .checks import fund_for, reason_given, whole_dong

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from campaigns.models import CampaignPage
    from donations.models import Donor, Fund

CODE_ATTEMPTS = 8


def record_pledge(
    *,
    donor: Donor,
    amount: int,
    user: AbstractBaseUser | None = None,
    campaign: CampaignPage | None = None,
    fund: Fund | None = None,
    pledged_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    event: str = "",
    in_kind: bool = False,
    goods_description: str = "",
    note: str = "",
    earmark_area: Area | None = None,
    earmark_support_type: str = "",
    earmark_label: str = "",
) -> Pledge:
    """A donor's commitment, with a fresh payment code for the transfer memo.

    ``earmark_area`` (a commune), with an optional ``earmark_support_type`` and the donor's own
    words in ``earmark_label``, is where the donor wants the money to go (donations.earmarks).

    Codes are random, so two pledges could draw the same one; the unique constraint catches it
    and we draw again inside a savepoint, instead of checking first and racing.
    """
    whole_dong(amount)
    fund = fund_for(fund, campaign)
    pledged_on = pledged_on or timezone.localdate()
    if not isinstance(pledged_on, datetime.date):
        raise ValidationError({"pledged_on": _("Give the date of the pledge.")})
    if due_on is not None and due_on < pledged_on:
        raise ValidationError({"due_on": _("The due date cannot be before the pledge date.")})
    goods_description = (goods_description or "").strip()
    if in_kind and not goods_description:
        raise ValidationError({"goods_description": _("Describe the goods pledged.")})

    earmark_support_type, earmark_label = check_earmark(
        earmark_area, earmark_support_type, earmark_label
    )

    with transaction.atomic():
        for _attempt in range(CODE_ATTEMPTS):
            pledge = Pledge(
                donor=donor,
                campaign=campaign,
                fund=fund,
                amount=amount,
                in_kind=in_kind,
                goods_description=goods_description,
                pledged_on=pledged_on,
                due_on=due_on,
                event=(event or "").strip(),
                note=note or "",
                earmark_area=earmark_area,
                earmark_support_type=earmark_support_type,
                earmark_label=earmark_label,
                code=codes.new_code(),
                created_by=user,
            )
            try:
                with transaction.atomic():
                    pledge.save()
                break
            except IntegrityError:
                if not Pledge.objects.filter(code=pledge.code).exists():
                    raise
        else:
            raise RuntimeError("No free payment code after several attempts.")
        audit.log_entry(pledge, audit.RECORD_PLEDGE, user=user, amount=amount, detail=pledge.code)
    return pledge


def check_earmark(area, support_type, label):
    """(support_type, label) cleaned; an earmark names a commune, the rest is optional."""
    support_type = support_type or ""
    label = " ".join((label or "").split())
    if area is None:
        if support_type or label:
            raise ValidationError(
                {"earmark_area": _("Choose the commune the earmarked money is for.")}
            )
        return support_type, label
    if area.level != Area.Level.COMMUNE:
        raise ValidationError({"earmark_area": _("An earmark names a commune.")})
    if support_type and support_type not in SupportType.values:
        raise ValidationError({"earmark_support_type": _("Choose a support type from the list.")})
    if len(label) > 200:
        raise ValidationError({"earmark_label": _("The earmark must be at most 200 characters.")})
    return support_type, label


def cancel_pledge(pledge: Pledge, *, reason: str, user: AbstractBaseUser | None = None) -> Pledge:
    """A pledge the donor will not honour: kept, marked cancelled, with a reason."""
    reason = reason_given(reason)
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if locked.is_cancelled:
            raise ValidationError(_("This pledge is already cancelled."))
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = user
        locked.cancel_reason = reason
        locked.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        audit.log_entry(locked, audit.CANCEL_PLEDGE, user=user, reason=reason)
    return locked
