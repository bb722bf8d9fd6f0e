"""Pledges: what a donor announced (often on stage at a launch ceremony) and by when.

A pledge holds no money. What it has been paid is the sum of the live allocations of receipts
to it, so its status is derived, never stored, and cannot drift from the money.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sitewide.text import fold

from .spending import SupportType


class PledgeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid in full")
    OVERPAID = "overpaid", _("Overpaid")
    CANCELLED = "cancelled", _("Cancelled")


def paid_subquery():
    """Sum of the live (not reversed) allocations to the outer pledge, 0 when none."""
    from .ledger import Allocation

    paid = (
        Allocation.objects.filter(pledge=models.OuterRef("pk"), reversal__isnull=True)
        .order_by()
        .values("pledge")
        .annotate(total=models.Sum("amount"))
        .values("total")
    )
    return Coalesce(models.Subquery(paid, output_field=models.BigIntegerField()), 0)


class PledgeQuerySet(models.QuerySet):
    def with_paid(self):
        """Annotate ``paid``, ``outstanding`` and ``status_value`` in the same query."""
        queryset = self.annotate(paid=paid_subquery())
        return queryset.annotate(
            outstanding=models.Case(
                models.When(cancelled_at__isnull=False, then=0),
                default=Greatest(models.F("amount") - models.F("paid"), 0),
                output_field=models.BigIntegerField(),
            ),
            status_value=models.Case(
                models.When(cancelled_at__isnull=False, then=models.Value(PledgeStatus.CANCELLED)),
                models.When(paid=0, then=models.Value(PledgeStatus.OPEN)),
                models.When(
                    paid__lt=models.F("amount"), then=models.Value(PledgeStatus.PARTLY_PAID)
                ),
                models.When(paid=models.F("amount"), then=models.Value(PledgeStatus.PAID)),
                default=models.Value(PledgeStatus.OVERPAID),
                output_field=models.CharField(),
            ),
        )

    def active(self):
        return self.filter(cancelled_at__isnull=True)

    def search_text(self, query):
        """Pledges by payment code, or by donor name typed with or without diacritics."""
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(
            models.Q(code=query.upper())
            | models.Q(donor__name_folded__contains=fold(query))
            | models.Q(donor__phone__contains=query)
        )

    def with_status(self, status):
        return self.with_paid().filter(status_value=status)

    def overdue(self, on=None):
        """Not cancelled, due before ``on`` (today), still owing something."""
        on = on or timezone.localdate()
        return self.with_paid().filter(cancelled_at__isnull=True, due_on__lt=on, outstanding__gt=0)


class Pledge(models.Model):
    donor = models.ForeignKey(
        "donations.Donor", verbose_name=_("donor"), on_delete=models.PROTECT, related_name="pledges"
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    fund = models.ForeignKey(
        "donations.Fund", verbose_name=_("fund"), on_delete=models.PROTECT, related_name="pledges"
    )
    amount = models.PositiveBigIntegerField(
        _("amount (đồng)"), help_text=_("For goods: their value in đồng.")
    )
    in_kind = models.BooleanField(_("in kind"), default=False)
    goods_description = models.CharField(
        _("goods"), max_length=300, blank=True, help_text=_("E.g. 200 tấn xi măng.")
    )
    pledged_on = models.DateField(_("pledged on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    event = models.CharField(
        _("event or source"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Lễ phát động Ngày vì người nghèo 17/10/2026, a letter, a phone call."),
    )
    code = models.CharField(_("payment code"), max_length=12, unique=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    # The earmark ("a business adopts a commune"): where the donor wants the money to go. It
    # follows the money into transfers to that commune's fund and the support paid there
    # (donations.earmarks); money stays fungible, so it is a wish followed, not a sub-account.
    earmark_area = models.ForeignKey(
        "sitewide.Area",
        verbose_name=_("earmarked for commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune"},
    )
    earmark_support_type = models.CharField(
        _("earmarked for support type"),
        max_length=20,
        choices=SupportType.choices,
        blank=True,
    )
    earmark_label = models.CharField(
        _("earmark"),
        max_length=200,
        blank=True,
        help_text=_("As the donor puts it, e.g. 10 Nhà Đại đoàn kết tại xã A Dơi."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)

    # What an edit form may change; the money terms are fixed once recorded, and cancelling
    # goes through donations.services.cancel_pledge.
    editable_fields = frozenset({"due_on", "event", "note"})
    mutable_fields = editable_fields | {"cancelled_at", "cancelled_by", "cancel_reason"}

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-pledged_on", "-id"]
        indexes = [models.Index(fields=["campaign", "due_on"], name="pledge_campaign_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="pledge_amount_positive",
                violation_error_message=_("The amount must be more than 0 đồng."),
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__isnull=True)
                | models.Q(due_on__gte=models.F("pledged_on")),
                name="pledge_due_not_before_pledged",
                violation_error_message=_("The due date cannot be before the pledge date."),
            ),
            models.CheckConstraint(
                condition=models.Q(in_kind=False) | ~models.Q(goods_description=""),
                name="pledge_goods_described",
                violation_error_message=_("Describe the goods pledged."),
            ),
            models.CheckConstraint(
                condition=models.Q(cancelled_at__isnull=True, cancel_reason="")
                | (models.Q(cancelled_at__isnull=False) & ~models.Q(cancel_reason="")),
                name="pledge_cancel_has_reason",
                violation_error_message=_("A cancelled pledge needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.donor}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            from .mixins import ImmutableRecordError

            update_fields = kwargs.get("update_fields")
            if update_fields is None:
                kwargs["update_fields"] = sorted(self.editable_fields)
            elif not set(update_fields) <= self.mutable_fields:
                raise ImmutableRecordError(
                    _("A pledge's donor, amount and code are fixed; cancel it and record anew.")
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from .mixins import ImmutableRecordError

        raise ImmutableRecordError(_("Pledges are never deleted; cancel them with a reason."))

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    def _paid(self):
        if hasattr(self, "paid"):
            return self.paid
        total = self.allocations.filter(reversal__isnull=True).aggregate(
            total=models.Sum("amount")
        )["total"]
        return total or 0

    @property
    def paid_amount(self):
        return self._paid()

    @property
    def outstanding_amount(self):
        if hasattr(self, "outstanding"):
            return self.outstanding
        return 0 if self.is_cancelled else max(self.amount - self._paid(), 0)

    @property
    def status(self):
        if hasattr(self, "status_value"):
            return self.status_value
        paid = self._paid()
        if self.is_cancelled:
            return PledgeStatus.CANCELLED
        if paid == 0:
            return PledgeStatus.OPEN
        if paid < self.amount:
            return PledgeStatus.PARTLY_PAID
        if paid == self.amount:
            return PledgeStatus.PAID
        return PledgeStatus.OVERPAID

    def get_status_display(self):
        return PledgeStatus(self.status).label

    def is_overdue(self, on=None):
        on = on or timezone.localdate()
        return bool(self.due_on and self.due_on < on and self.outstanding_amount > 0)
