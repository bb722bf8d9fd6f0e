"""Support's write operations: the admin's forms, the import and the demo all call these.

Each function checks first (a ValidationError with a Vietnamese message, nothing changed), then
in one transaction locks the rows it changes, writes and logs (support.audit). Money itself is
written only by the ledger: paying a decision line calls donations.services.record_voucher
under the line's authority key, which support.authority resolves.

Segregation of duties: a decision is approved or returned only by a member of the Fund's board
(the permission support.approve_decision), never by the person who proposed it; the database
refuses an approved decision whose approver is its proposer too (a check constraint).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations.models import Fund, Voucher
from donations.services import record_voucher

from . import audit, funding
from .models import (
    Beneficiary,
    Consent,
    Decision,
    DecisionLine,
    DecisionRevocation,
    House,
    HousePhoto,
    SupportLevel,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from wagtail.images.models import Image

    from campaigns.models import CampaignPage
    from stories.models import StoryPage

APPROVE_PERMISSION = "support.approve_decision"
STAGE_ORDER = [
    House.Stage.APPROVED,
    House.Stage.STARTED,
    House.Stage.COMPLETED,
    House.Stage.HANDED_OVER,
]


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


def _not_in_future(day: datetime.date, field: str) -> None:
    if day is None:
        raise ValidationError({field: _("Give the date.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


def _check_editable(decision: Decision) -> None:
    if not decision.is_editable:
        raise ValidationError(
            _("An approved decision is not edited; revoke it with a reason instead.")
        )


def _check_household(fund: Fund, beneficiary: Beneficiary) -> None:
    """A commune fund supports its own commune's households."""
    if fund.level == Fund.Level.COMMUNE and beneficiary.commune_id != fund.area_id:
        raise ValidationError(
            {
                "beneficiaries": _("%(household)s is not in this fund's commune.")
                % {"household": beneficiary.household_title()}
            }
        )


def _write_lines(decision, beneficiaries, amount):
    existing = set(decision.lines.values_list("beneficiary_id", flat=True))
    new = [b for b in beneficiaries if b.pk not in existing]
    for beneficiary in new:
        _check_household(decision.fund, beneficiary)
    amount = decision.support_level.amount if amount is None else amount
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    DecisionLine.objects.bulk_create(
        [DecisionLine(decision=decision, beneficiary=b, amount=amount) for b in new]
    )
    return len(new)


def propose_decision(
    *,
    fund: Fund,
    support_level: SupportLevel,
    title: str,
    user: AbstractBaseUser,
    beneficiaries: Sequence[Beneficiary] = (),
    amount: int | None = None,
    campaign: CampaignPage | None = None,
    submit: bool = True,
    paid_before_ledger: bool = False,
) -> Decision:
    """A decision of ``fund`` under ``support_level``, one line per household at ``amount``
    (default: the level's amount), waiting for the board's approval (or a draft). With
    ``paid_before_ledger``, a decision whose support was paid before the Fund's books were
    kept here, recorded for history: approved, it is followed like any other, but nothing is
    paid under it (pay_line and the ledger refuse)."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what the decision is for.")})
    if submit and not beneficiaries:
        raise ValidationError({"beneficiaries": _("Choose at least one household.")})
    now = timezone.now()
    with transaction.atomic():
        decision = Decision.objects.create(
            fund=fund,
            campaign=campaign,
            support_level=support_level,
            title=title,
            status=Decision.Status.PROPOSED if submit else Decision.Status.DRAFT,
            proposed_by=user,
            proposed_at=now if submit else None,
            created_at=now,
            paid_before_ledger=bool(paid_before_ledger),
        )
        _write_lines(decision, list(beneficiaries), amount)
        audit.log_entry(decision, audit.PROPOSE, user=user, amount=total(decision), detail=title)
    return decision


def total(decision: Decision) -> int:
    from django.db.models import Sum

    return decision.lines.aggregate(total=Sum("amount"))["total"] or 0


def add_decision_lines(
    decision: Decision,
    *,
    beneficiaries: Iterable[Beneficiary],
    user: AbstractBaseUser,
    amount: int | None = None,
) -> int:
    """Add households to a decision not yet approved; returns how many were new."""
    with transaction.atomic():
        decision = _locked(decision)
        _check_editable(decision)
        added = _write_lines(decision, list(beneficiaries), amount)
        if added:
            audit.log_entry(
                decision,
                audit.CHANGE_LINES,
                user=user,
                amount=total(decision),
                detail=_("%(count)s household(s) added") % {"count": added},
            )
    return added


def remove_decision_line(line: DecisionLine, *, user: AbstractBaseUser) -> None:
    with transaction.atomic():
        decision = _locked(line.decision)
        _check_editable(decision)
        household = line.beneficiary.household_title()
        DecisionLine.objects.filter(pk=line.pk).delete()
        audit.log_entry(
            decision,
            audit.CHANGE_LINES,
            user=user,
            amount=total(decision),
            detail=_("%(household)s removed") % {"household": household},
        )


def submit_decision(decision: Decision, *, user: AbstractBaseUser) -> Decision:
    """A draft or a returned decision goes (again) to the board."""
    with transaction.atomic():
        decision = _locked(decision)
        if decision.status not in (Decision.Status.DRAFT, Decision.Status.RETURNED):
            raise ValidationError(_("Only a draft or a returned decision can be proposed."))
        if not decision.lines.exists():
            raise ValidationError(_("Add at least one household before proposing."))
        decision.status = Decision.Status.PROPOSED
        decision.proposed_by = user
        decision.proposed_at = timezone.now()
        decision.save(update_fields=["status", "proposed_by", "proposed_at"])
        audit.log_entry(decision, audit.PROPOSE, user=user, amount=total(decision))
    return decision


def _check_board_member(decision: Decision, user: AbstractBaseUser) -> None:
    if not user.has_perm(APPROVE_PERMISSION):
        raise ValidationError(_("Only the Fund's board approves or returns decisions."))
    if decision.proposed_by_id == user.pk:
        raise ValidationError(
            _("You proposed this decision: another member of the board must approve it.")
        )
    if decision.status != Decision.Status.PROPOSED:
        raise ValidationError(_("This decision is not waiting for approval."))


def approve_decision(
    decision: Decision,
    *,
    user: AbstractBaseUser,
    number: str,
    decided_on: datetime.date,
) -> Decision:
    """The board approves: the decision gets its number and date, becomes read-only, and its
    house lines become houses to follow."""
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Give the decision's number.")})
    _not_in_future(decided_on, "decided_on")
    with transaction.atomic():
        decision = _locked(decision)
        _check_board_member(decision, user)
        if not decision.lines.exists():
            raise ValidationError(_("A decision without households cannot be approved."))
        if (
            Decision.objects.filter(
                fund=decision.fund_id, number=number, decided_on__year=decided_on.year
            )
            .exclude(pk=decision.pk)
            .exists()
        ):
            raise ValidationError(
                {"number": _("This fund already has a decision with this number this year.")}
            )
        decision.status = Decision.Status.APPROVED
        decision.number = number
        decision.decided_on = decided_on
        decision.approved_by = user
        decision.approved_at = timezone.now()
        decision.returned_reason = ""
        decision.save(
            update_fields=[
                "status",
                "number",
                "decided_on",
                "approved_by",
                "approved_at",
                "returned_reason",
            ]
        )
        funding.recount(decision)
        if decision.support_level.is_house:
            House.objects.bulk_create(
                [House(line=line, approved_on=decided_on) for line in decision.lines.all()]
            )
        audit.log_entry(decision, audit.APPROVE, user=user, amount=total(decision), detail=number)
    return decision


def return_decision(decision: Decision, *, user: AbstractBaseUser, reason: str) -> Decision:
    """The board sends the proposal back with a reason; staff correct it and propose again."""
    reason = _reason(reason)
    with transaction.atomic():
        decision = _locked(decision)
        _check_board_member(decision, user)
        decision.status = Decision.Status.RETURNED
        decision.returned_reason = reason
        decision.save(update_fields=["status", "returned_reason"])
        audit.log_entry(decision, audit.RETURN, user=user, reason=reason)
    return decision


def live_vouchers(decision: Decision):
    keys = [line.authority_key for line in decision.lines.all()]
    return Voucher.objects.live().filter(authority_key__in=keys)


def revoke_decision(
    decision: Decision, *, user: AbstractBaseUser, reason: str
) -> DecisionRevocation:
    """An approved decision on which nothing is paid (or everything paid was reversed) is
    revoked by a new entry; the decision stays, marked, and nothing more is paid under it."""
    reason = _reason(reason)
    with transaction.atomic():
        decision = _locked(decision)
        if not decision.is_approved:
            raise ValidationError(_("Only an approved decision is revoked."))
        if DecisionRevocation.objects.filter(decision=decision).exists():
            raise ValidationError(_("This decision is already revoked."))
        if live_vouchers(decision).exists():
            raise ValidationError(
                _("Money was paid under this decision: reverse its vouchers first.")
            )
        revocation = DecisionRevocation.objects.create(
            decision=decision, reason=reason, created_by=user
        )
        audit.log_entry(decision, audit.REVOKE, user=user, reason=reason)
    return revocation


def paid_on_line(line: DecisionLine) -> int:
    from django.db.models import Sum

    paid = Voucher.objects.live().filter(authority_key=line.authority_key)
    return paid.aggregate(total=Sum("amount"))["total"] or 0


def lines_with_paid(lines=None):
    """The decision lines (all, or the queryset given) with ``key`` (their authority key) and
    ``paid`` (what the live vouchers under each pay, None when nothing), in one query."""
    from django.db.models import CharField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Cast, Concat

    from .models import AUTHORITY_PREFIX

    paid = (
        Voucher.objects.live()
        .filter(authority_key=OuterRef("key"))
        .values("authority_key")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    lines = DecisionLine.objects.all() if lines is None else lines
    return lines.annotate(
        key=Concat(Value(f"{AUTHORITY_PREFIX}:"), Cast("pk", CharField()), output_field=CharField())
    ).annotate(paid=Subquery(paid))


def pay_line(
    line: DecisionLine,
    *,
    amount: int,
    method: str,
    paid_on: datetime.date,
    user: AbstractBaseUser,
    place: str = "",
    content: str = "",
    goods_item: str = "",
    goods_quantity: int | None = None,
    goods_unit: str = "",
) -> Voucher:
    """A payment voucher (phiếu chi) under an approved decision's line, in money or in goods
    received in kind, written by the ledger, which checks the decision, the line's remainder,
    the fund's balance (for goods: the item's stock) and that the one paying is not the
    approver. A decision paid before the ledger is refused there too (its Authority's
    refusal), nothing written."""
    if not content:
        # The level's own name (data, in Vietnamese): the voucher keeps it whatever language
        # the request or the command that writes it runs in.
        content = f"{line.decision.support_level.name} – {line.decision.label()}"
    return record_voucher(
        authority_key=line.authority_key,
        amount=amount,
        paid_on=paid_on,
        method=method,
        user=user,
        content=content,
        place=place,
        goods_item=goods_item,
        goods_quantity=goods_quantity,
        goods_unit=goods_unit,
    )


def advance_house_stage(
    house: House,
    *,
    stage: str,
    on: datetime.date,
    user: AbstractBaseUser,
    photos: Sequence[Image] = (),
) -> House:
    """Move a house to the next stage (started, completed, handed over) on a date, with the
    photos of that stage."""
    if stage not in STAGE_ORDER[1:]:
        raise ValidationError({"stage": _("Choose the house's next stage.")})
    _not_in_future(on, "on")
    with transaction.atomic():
        house = House.objects.select_for_update().get(pk=house.pk)
        if STAGE_ORDER.index(stage) != STAGE_ORDER.index(house.stage) + 1:
            raise ValidationError(
                {
                    "stage": _("The house is at “%(stage)s”: stages follow one another.")
                    % {"stage": house.get_stage_display()}
                }
            )
        previous = house.stage_date(house.stage)
        if previous is not None and on < previous:
            raise ValidationError({"on": _("This date is before the previous stage's date.")})
        house.stage = stage
        setattr(house, f"{stage}_on", on)
        house.save(update_fields=["stage", f"{stage}_on"])
        for image in photos:
            HousePhoto.objects.create(house=house, stage=stage, image=image)
        audit.log_entry(house, audit.HOUSE_STAGE, user=user, detail=house.get_stage_display())
    return house


def add_house_photo(
    house: House, *, image: Image, user: AbstractBaseUser, caption: str = "", stage: str = ""
) -> HousePhoto:
    stage = stage or house.stage
    if STAGE_ORDER.index(stage) > STAGE_ORDER.index(house.stage):
        raise ValidationError({"stage": _("The house has not reached this stage yet.")})
    photo = HousePhoto.objects.create(house=house, stage=stage, image=image, caption=caption)
    audit.log_entry(house, audit.HOUSE_PHOTO, user=user, detail=photo.get_stage_display())
    return photo


def late_houses(*, days: int | None = None, today: datetime.date | None = None):
    """Houses started more than ``days`` ago (settings.SUPPORT_HOUSE_LATE_DAYS, 180) and not
    completed."""
    from django.conf import settings

    days = settings.SUPPORT_HOUSE_LATE_DAYS if days is None else days
    today = today or timezone.localdate()
    return House.objects.filter(
        stage=House.Stage.STARTED, started_on__lt=today - datetime.timedelta(days=days)
    )


def change_consent(
    beneficiary: Beneficiary,
    *,
    consent: str,
    on: datetime.date,
    user: AbstractBaseUser,
) -> Beneficiary:
    """Record the household's consent (with its date) or its withdrawal (back to the masked
    name, at once: every cached page is made stale by support.caching)."""
    if consent not in Consent.values:
        raise ValidationError({"consent": _("Choose what the household agrees to.")})
    _not_in_future(on, "on")
    with transaction.atomic():
        beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
        if consent == Consent.MASKED:
            if beneficiary.consent != Consent.MASKED:
                beneficiary.consent_withdrawn_on = on
        else:
            beneficiary.consent_on = on
            beneficiary.consent_withdrawn_on = None
        beneficiary.consent = consent
        beneficiary.save(update_fields=["consent", "consent_on", "consent_withdrawn_on"])
        audit.log_entry(
            beneficiary, audit.CONSENT, user=user, detail=beneficiary.get_consent_display()
        )
    return beneficiary


PRIVATE_FIELDS = ("cccd", "phone", "address", "bank_account", "support_reason")


def erase_private_details(
    beneficiary: Beneficiary, *, reason: str, user: AbstractBaseUser
) -> Beneficiary:
    """Erase the household's private details at its request (CCCD, phone, address, bank
    account, the reason for support) and withdraw any consent to be named, in one step that is
    logged with the reason. The head's name, the commune and the support received stay: the
    decisions and vouchers that name the household are accounting records the Fund must keep,
    and they keep their own copy of the recipient's name. Nothing erased can be restored."""
    reason = _reason(reason)
    today = timezone.localdate()
    with transaction.atomic():
        beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
        for field in PRIVATE_FIELDS:
            setattr(beneficiary, field, "")
        if beneficiary.consent != Consent.MASKED:
            beneficiary.consent = Consent.MASKED
            beneficiary.consent_withdrawn_on = today
        beneficiary.erased_on = today
        beneficiary.save(
            update_fields=[*PRIVATE_FIELDS, "consent", "consent_withdrawn_on", "erased_on"]
        )
        audit.log_entry(beneficiary, audit.ERASE, user=user, detail=reason)
    return beneficiary


def link_story(
    line: DecisionLine, *, story: StoryPage | None, user: AbstractBaseUser
) -> DecisionLine:
    """Link (or unlink) a story about the household's support. A story names the household, so
    it needs the household's consent to a story."""
    with transaction.atomic():
        line = (
            DecisionLine.objects.select_for_update().select_related("beneficiary").get(pk=line.pk)
        )
        if story is not None and line.beneficiary.consent != Consent.STORY:
            raise ValidationError(
                {"story": _("The household has not agreed to a story: record its consent first.")}
            )
        line.story = story
        line.save(update_fields=["story"])
        audit.log_entry(line.decision, audit.STORY, user=user, detail=story.title if story else "—")
    return line
