"""Recording and cancelling pledges: one at a time (record_pledge: a form, a live entry) or a
file of them at once (record_pledges: mobilisation's import), by the same checks."""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations import codes
from donations.models import Pledge, SupportType
from sitewide.bulk import select_in
from sitewide.caching.invalidation import money_changed
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
    pledge = _checked(
        donor=donor,
        amount=amount,
        user=user,
        campaign=campaign,
        fund=fund,
        pledged_on=pledged_on,
        due_on=due_on,
        event=event,
        in_kind=in_kind,
        goods_description=goods_description,
        note=note,
        earmark_area=earmark_area,
        earmark_support_type=earmark_support_type,
        earmark_label=earmark_label,
    )
    with transaction.atomic():
        for _attempt in range(CODE_ATTEMPTS):
            pledge.code = codes.new_code()
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


class PledgeRefused(ValidationError):
    """record_pledges refused one of its pledges: that pledge's ValidationError, with ``index``
    its place in the list given (so an import can name the row)."""

    def __init__(self, index: int, error: ValidationError):
        super().__init__(error)
        self.index = index


#: What each pledge given to record_pledges may say, and its default: record_pledge's
#: arguments but ``user`` (``donor`` and ``amount`` have none).
PLEDGE_ARGUMENTS = {
    name: parameter.default
    for name, parameter in inspect.signature(record_pledge).parameters.items()
    if name != "user"
}
REQUIRED = frozenset(
    name for name, default in PLEDGE_ARGUMENTS.items() if default is inspect.Parameter.empty
)


def record_pledges(
    *, pledges: Sequence[Mapping[str, Any]], user: AbstractBaseUser | None = None
) -> list[Pledge]:
    """Many pledges at once (a file of them): the batch twin of record_pledge.

    Each item of ``pledges`` holds record_pledge's keyword arguments (``donor`` and ``amount``
    at least; ``user`` is given once). Every pledge is checked first, by the same checks; the
    first one refused stops everything before anything is written, with PledgeRefused naming
    its index. Then, in one transaction, all are written or none: each gets a payment code of
    the same generator (donations.codes), drawn apart from one another and from the codes
    pledges already hold (looked up in a few queries), inserted by bulk_create; should another
    transaction take one of them meanwhile, the unique constraint refuses the insert inside a
    savepoint and the codes taken are drawn again, as record_pledge does for one. The audit log
    gets the entry record_pledge writes for each (audit.log_entries), and the money version of
    cached pages moves once (post_save, which does it per pledge, is not sent by a bulk
    insert). Pledges keep no running totals (their figures are summed from the pledges:
    totals.pledge_figures), so there is no bucket to update. The donors must exist already.
    """
    funds = {}
    unsaved = []
    for index, arguments in enumerate(pledges):
        unknown = set(arguments) - set(PLEDGE_ARGUMENTS)
        missing = REQUIRED - set(arguments)
        if unknown or missing:
            raise TypeError(
                f"record_pledges(): pledge {index} has unknown arguments {sorted(unknown)} "
                f"or lacks {sorted(missing)}"
            )
        values = {**PLEDGE_ARGUMENTS, **arguments}
        try:
            unsaved.append(_checked(**values, user=user, funds=funds))
        except ValidationError as error:
            raise PledgeRefused(index, error) from None
    if not unsaved:
        return []
    with transaction.atomic():
        _insert_with_fresh_codes(unsaved)
        audit.log_entries(
            [(pledge, audit.entry_data(pledge.amount, detail=pledge.code)) for pledge in unsaved],
            audit.RECORD_PLEDGE,
            user=user,
        )
        money_changed()
    return unsaved


def _insert_with_fresh_codes(unsaved):
    """Give each pledge a code no other pledge holds, and insert them all."""
    for pledge in unsaved:
        pledge.code = codes.new_code()
    for _attempt in range(CODE_ATTEMPTS):
        if _redraw(unsaved, taken=_codes_in_use([pledge.code for pledge in unsaved])):
            continue  # look the new ones up too
        try:
            with transaction.atomic():
                Pledge.objects.bulk_create(unsaved, batch_size=1000)
            break
        except IntegrityError:
            # Another transaction wrote a pledge with one of these codes since we looked.
            if not _codes_in_use([pledge.code for pledge in unsaved]):
                raise
            for pledge in unsaved:
                pledge.pk = None
    else:
        raise RuntimeError("No free payment codes after several attempts.")
    if any(pledge.pk is None for pledge in unsaved):  # a database that returns no ids
        ids = dict(select_in(Pledge, "code", [pledge.code for pledge in unsaved], "id"))
        for pledge in unsaved:
            pledge.pk = ids[pledge.code]


def _codes_in_use(drawn):
    return {code for (code,) in select_in(Pledge, "code", drawn)}


def _redraw(unsaved, *, taken):
    """Draw again each code already ``taken`` or drawn for an earlier pledge of the batch
    (5000 codes of 32⁵ hold the same one twice about one time in three); how many were."""
    seen = set(taken)
    redrawn = 0
    for pledge in unsaved:
        if pledge.code in seen:
            redrawn += 1
            for _attempt in range(CODE_ATTEMPTS):
                pledge.code = codes.new_code()
                if pledge.code not in seen:
                    break
            else:
                raise RuntimeError("No free payment code after several attempts.")
        seen.add(pledge.code)
    return redrawn


def _checked(
    *,
    donor,
    amount,
    user,
    campaign,
    fund,
    pledged_on,
    due_on,
    event,
    in_kind,
    goods_description,
    note,
    earmark_area,
    earmark_support_type,
    earmark_label,
    funds=None,
) -> Pledge:
    """The pledge record_pledge (and record_pledges) will write, checked, without its code, or
    ValidationError naming the field at fault. ``funds`` keeps fund_for's answers of a batch
    by (fund, campaign), so a file of one campaign asks for its fund once."""
    whole_dong(amount)
    if funds is None:
        fund = fund_for(fund, campaign)
    else:
        key = (getattr(fund, "pk", None), getattr(campaign, "pk", None))
        if key not in funds:
            funds[key] = fund_for(fund, campaign)
        fund = funds[key]
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
    return Pledge(
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
        created_by=user,
    )


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
