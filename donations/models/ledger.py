"""Allocations, reversals and the two bookkeeping tables the services maintain.

- Allocation: part of a receipt paying a pledge. One transfer may pay several pledges and one
  pledge may be paid by several transfers, so this is the many-to-many with amounts.
- Reversal: the only way to undo a receipt or an allocation, with a reason and a person.
- ReceiptCounter: the last number given per fund and year, locked while a number is taken, so
  numbers have no gaps and no duplicates under concurrency.
- LedgerTotal: running sums of counting receipts by day, channel, donor kind and area, kept in
  the same transaction as each receipt and reversal, one row per bucket (a unique index over
  the bucket key, NULL campaign and area included, so writers upsert instead of racing).
  Summing 1.000.000 receipts for a campaign page takes ~150 ms on PostgreSQL; summing a few
  hundred buckets takes ~1 ms. The buckets can always be rebuilt from the receipts
  (donations.services.totals.rebuild_ledger_totals) and a test checks they agree.
- GoodsTotal: the same for goods received in kind, by item and unit (quantity, value, gifts),
  so the disclosure's "goods by item" reads a few rows instead of every in-kind receipt.
"""

import functools
import operator

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .mixins import AppendOnlyModel, AppendOnlyQuerySet


class Allocation(AppendOnlyModel):
    receipt = models.ForeignKey(
        "donations.Receipt",
        verbose_name=_("receipt"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    pledge = models.ForeignKey(
        "donations.Pledge",
        verbose_name=_("pledge"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("allocated at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("allocated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="allocation_amount_positive",
                violation_error_message=_("The amount must be more than 0 đồng."),
            ),
        ]

    def __str__(self):
        return f"{self.receipt_id} → {self.pledge_id}: {self.amount}"

    @property
    def is_reversed(self):
        try:
            return self.reversal is not None
        except models.ObjectDoesNotExist:
            return False


def _exactly_one_of(*names):
    """Q: exactly one of the nullable foreign keys ``names`` is set."""
    alternatives = []
    for name in names:
        one = models.Q(**{f"{name}__isnull": False})
        for other in names:
            if other != name:
                one &= models.Q(**{f"{other}__isnull": True})
        alternatives.append(one)
    return functools.reduce(operator.or_, alternatives)


class Reversal(AppendOnlyModel):
    """Undoes exactly one receipt, allocation, payment voucher or fund transfer; the original
    stays, marked as reversed. (Reversing a transfer reverses its out-voucher too: two
    reversals, one per record.)"""

    TARGETS = ("receipt", "allocation", "voucher", "transfer")

    receipt = models.OneToOneField(
        "donations.Receipt",
        verbose_name=_("receipt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    allocation = models.OneToOneField(
        Allocation,
        verbose_name=_("allocation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    voucher = models.OneToOneField(
        "donations.Voucher",
        verbose_name=_("payment voucher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    transfer = models.OneToOneField(
        "donations.FundTransfer",
        verbose_name=_("fund transfer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("reversed at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reversed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reversal")
        verbose_name_plural = _("reversals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_of("receipt", "allocation", "voucher", "transfer"),
                name="reversal_exactly_one_target",
                violation_error_message=_(
                    "A reversal undoes exactly one receipt, allocation, voucher or transfer."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="reversal_has_reason",
                violation_error_message=_("Give a reason: it is kept in the record's history."),
            ),
        ]

    def __str__(self):
        return _("Reversal of %(target)s") % {"target": self.target}

    @property
    def target(self):
        for name in self.TARGETS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None


class ReceiptCounter(models.Model):
    fund = models.ForeignKey("donations.Fund", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("receipt counter")
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="receipt_counter_unique")
        ]

    def __str__(self):
        return f"{self.fund_id}/{self.year}: {self.last_sequence}"


class LedgerTotal(models.Model):
    """Sums of counting receipts for one bucket: exactly one row per bucket key.

    The key has two nullable columns (campaign, area). A plain unique constraint would let
    NULLs repeat (SQLite, and PostgreSQL without NULLS NOT DISTINCT), so the index is on
    COALESCE(…, 0): the same expression works on both databases and is the conflict target of
    donations.services.totals.add_to_buckets' INSERT … ON CONFLICT DO UPDATE.
    """

    fund = models.ForeignKey("donations.Fund", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        "campaigns.CampaignPage", null=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    channel = models.CharField(max_length=10)
    donor_kind = models.CharField(max_length=20, blank=True)
    area = models.ForeignKey("sitewide.Area", null=True, on_delete=models.CASCADE, related_name="+")
    amount = models.BigIntegerField(default=0)
    gifts = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("ledger total")
        indexes = [
            models.Index(fields=["campaign", "day"], name="ledger_total_campaign"),
            models.Index(fields=["fund", "day"], name="ledger_total_fund"),
        ]
        constraints = [
            models.UniqueConstraint(
                "fund",
                Coalesce("campaign", 0),
                "day",
                "channel",
                "donor_kind",
                Coalesce("area", 0),
                name="ledger_total_one_row_per_bucket",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.channel}: {self.amount}"


class GoodsTotal(models.Model):
    """Goods received in kind by fund, campaign, item and unit, from counting receipts: kept
    with LedgerTotal in the same transaction (donations.services.totals.add_to_totals), one row
    per key (the same COALESCE unique index), rebuilt with it."""

    fund = models.ForeignKey("donations.Fund", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        "campaigns.CampaignPage", null=True, on_delete=models.CASCADE, related_name="+"
    )
    item = models.CharField(max_length=300)
    unit = models.CharField(max_length=40, blank=True)
    quantity = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)
    gifts = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("goods total")
        indexes = [models.Index(fields=["campaign", "item"], name="goods_total_campaign")]
        constraints = [
            models.UniqueConstraint(
                "fund",
                Coalesce("campaign", 0),
                "item",
                "unit",
                name="goods_total_one_row_per_item",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.quantity} {self.unit}"
