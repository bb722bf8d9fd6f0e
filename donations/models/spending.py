"""Money out: payment vouchers (phiếu chi), transfers between funds, their counters and day
buckets, and which funds a commune account works on.

- Voucher: money or goods leaving a fund, numbered PC-<year>-<n> per fund and year. A support
  voucher pays what an *authority* allows (a line of an approved spending decision, resolved
  through donations.spending: the ledger never imports the app that keeps the decisions); a
  transfer voucher is the out-side of a FundTransfer. Written once by
  donations.services.record_voucher, never edited or deleted; undone by a Reversal. Only the
  handover record (biên bản bàn giao) is added later, once, by attach_handover.
- FundTransfer: money leaving one fund and entering another (province → commune), or entering
  a fund from above (the central fund): not spending. Its in-side is numbered PT-<year>-<n> in
  the receiving fund; its out-side is a Voucher in the giving fund. A transfer of a campaign's
  money carries the campaign on both sides (the campaign's disclosure lists it apart from
  support, and the receiving fund's support under the campaign is the campaign's spending).
- DocumentCounter: the last PC or PT number given per fund and year (as ReceiptCounter is for
  BN numbers), locked while a number is taken.
- SpendingTotal: running sums of money out and transfers by day, flow, support type, area,
  campaign and the other fund of a transfer, kept in the same transaction as each voucher,
  transfer and reversal (the analogue of LedgerTotal, which keeps money received). A fund's
  balance for any period is a few sums over both tables; roll-ups net transfers between funds
  of the same subtree out through ``other_fund``.
- FundDayTotal: a fund's money on one day, in four sums (received, spent, transferred in and
  out), kept in the same transactions as the two tables above. A balance's opening and a
  roll-up read a few hundred of these rows instead of the finer buckets.
- FundAssignment: a commune Front account works on the funds it is assigned to (and their
  children): donations.scoping.visible_funds.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from donations.storage import private_storage
from sitewide.support_types import SupportType

from .mixins import AppendOnlyModel, AppendOnlyQuerySet


class VoucherQuerySet(AppendOnlyQuerySet):
    def live(self):
        """Vouchers that count: those not reversed."""
        return self.filter(reversal__isnull=True)


def handover_upload_to(instance, filename):
    return f"handovers/{instance.fund_id}/{instance.year}/{instance.number}-{filename}"


class Voucher(AppendOnlyModel):
    class Kind(models.TextChoices):
        SUPPORT = "support", _("Support")
        TRANSFER_OUT = "transfer_out", _("Transfer to another fund")

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        BANK = "bank", _("Bank transfer")
        GOODS = "goods", _("Goods")

    fund = models.ForeignKey(
        "donations.Fund", verbose_name=_("fund"), on_delete=models.PROTECT, related_name="vouchers"
    )
    number = models.CharField(_("voucher number"), max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    method = models.CharField(_("paid in"), max_length=10, choices=Method.choices)
    amount = models.PositiveBigIntegerField(
        _("amount (đồng)"), help_text=_("For goods: their value in đồng.")
    )
    paid_on = models.DateField(_("paid on"))

    authority_key = models.CharField(_("authority"), max_length=100, blank=True, db_index=True)
    authority_label = models.CharField(_("under"), max_length=300, blank=True)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    content = models.CharField(_("content"), max_length=500, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    support_type = models.CharField(
        _("support type"), max_length=20, choices=SupportType.choices, blank=True
    )
    area = models.ForeignKey(
        "sitewide.Area",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vouchers",
    )
    goods_item = models.CharField(_("goods"), max_length=300, blank=True)
    goods_quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    goods_unit = models.CharField(_("unit"), max_length=40, blank=True)

    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    # The handover record (biên bản bàn giao): private, served to Front staff only.
    handover_file = models.FileField(
        _("handover record"),
        storage=private_storage,
        upload_to=handover_upload_to,
        blank=True,
        max_length=300,
    )
    handover_received_by = models.CharField(_("received by"), max_length=200, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    handover_place = models.CharField(_("handed over at"), max_length=200, blank=True)
    handover_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handover recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handover_recorded_at = models.DateTimeField(_("handover recorded at"), null=True, blank=True)

    mutable_fields = frozenset(
        {
            "handover_file",
            "handover_received_by",
            "handed_over_on",
            "handover_place",
            "handover_recorded_by",
            "handover_recorded_at",
        }
    )

    objects = VoucherQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment voucher")
        verbose_name_plural = _("payment vouchers")
        ordering = ["-paid_on", "-id"]
        indexes = [
            models.Index(fields=["fund", "paid_on"], name="voucher_fund_day"),
            models.Index(fields=["number"], name="voucher_number"),
            # Goods given out, for a fund's stock: few vouchers among many.
            models.Index(
                fields=["fund", "paid_on"],
                condition=models.Q(method="goods"),
                name="voucher_goods_stock",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "year", "sequence"], name="voucher_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="voucher_amount_positive",
                violation_error_message=_("The amount must be more than 0 đồng."),
            ),
            models.CheckConstraint(
                condition=~models.Q(method="goods")
                | (~models.Q(goods_item="") & models.Q(goods_quantity__gt=0)),
                name="voucher_goods_described",
                violation_error_message=_("Name the goods and their quantity."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="support") | ~models.Q(authority_key=""),
                name="voucher_support_has_authority",
                violation_error_message=_("A support voucher pays under an approved decision."),
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_reversed(self):
        try:
            return self.reversal is not None
        except models.ObjectDoesNotExist:
            return False

    @property
    def has_handover(self):
        return self.handed_over_on is not None

    @property
    def status_label(self):
        return _("Reversed") if self.is_reversed else _("Counted")


class FundTransferQuerySet(AppendOnlyQuerySet):
    def live(self):
        return self.filter(reversal__isnull=True)


class FundTransfer(AppendOnlyModel):
    """Money from one fund to another (``from_fund``), or from above (``source_name``)."""

    from_fund = models.ForeignKey(
        "donations.Fund",
        verbose_name=_("from fund"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_out",
    )
    source_name = models.CharField(
        _("received from"),
        max_length=200,
        blank=True,
        help_text=_("For money from above: e.g. Quỹ Vì người nghèo Trung ương."),
    )
    to_fund = models.ForeignKey(
        "donations.Fund",
        verbose_name=_("to fund"),
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    transferred_on = models.DateField(_("transferred on"))
    # Whose money it is: a campaign collecting into from_fund; its out-voucher carries it too.
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_transfers",
    )
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    content = models.CharField(_("content"), max_length=500, blank=True)
    # The receiving fund's in-record (phiếu thu), PT-<year>-<n>.
    number = models.CharField(_("in-record number"), max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)
    out_voucher = models.OneToOneField(
        Voucher,
        verbose_name=_("out-voucher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfer",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FundTransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund transfer")
        verbose_name_plural = _("fund transfers")
        ordering = ["-transferred_on", "-id"]
        indexes = [
            models.Index(fields=["to_fund", "transferred_on"], name="transfer_to_day"),
            models.Index(fields=["from_fund", "transferred_on"], name="transfer_from_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["to_fund", "year", "sequence"], name="transfer_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="transfer_amount_positive",
                violation_error_message=_("The amount must be more than 0 đồng."),
            ),
            models.CheckConstraint(
                condition=(models.Q(from_fund__isnull=False) & models.Q(out_voucher__isnull=False))
                | (models.Q(from_fund__isnull=True) & ~models.Q(source_name="")),
                name="transfer_has_a_source",
                violation_error_message=_(
                    "A transfer comes from another fund (with its voucher) or from a named source."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(from_fund=models.F("to_fund")),
                name="transfer_between_two_funds",
                violation_error_message=_("A fund cannot transfer money to itself."),
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_reversed(self):
        try:
            return self.reversal is not None
        except models.ObjectDoesNotExist:
            return False

    @property
    def source_label(self):
        return str(self.from_fund) if self.from_fund_id else self.source_name

    @property
    def status_label(self):
        return _("Reversed") if self.is_reversed else _("Counted")


class DocumentCounter(models.Model):
    """The last number of a kind of document (PC vouchers, PT in-records) per fund and year."""

    fund = models.ForeignKey("donations.Fund", on_delete=models.PROTECT, related_name="+")
    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document counter")
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "prefix", "year"], name="document_counter_unique"
            )
        ]

    def __str__(self):
        return f"{self.prefix} {self.fund_id}/{self.year}: {self.last_sequence}"


class Flow(models.TextChoices):
    """What a SpendingTotal bucket sums."""

    SPENT = "spent", _("Spent in money")
    GOODS_OUT = "goods_out", _("Given in goods")
    TRANSFER_OUT = "transfer_out", _("Transferred out")
    TRANSFER_IN = "transfer_in", _("Transferred in")


class SpendingTotal(models.Model):
    """Sums of live vouchers and transfers for one bucket: exactly one row per bucket key
    (nullable columns under COALESCE in the unique index, as LedgerTotal's)."""

    fund = models.ForeignKey("donations.Fund", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    flow = models.CharField(max_length=20, choices=Flow.choices)
    support_type = models.CharField(max_length=20, blank=True)
    area = models.ForeignKey("sitewide.Area", null=True, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        "campaigns.CampaignPage", null=True, on_delete=models.CASCADE, related_name="+"
    )
    # The fund on the other side of a transfer (NULL: from above, or not a transfer).
    other_fund = models.ForeignKey(
        "donations.Fund", null=True, on_delete=models.CASCADE, related_name="+"
    )
    amount = models.BigIntegerField(default=0)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("spending total")
        indexes = [models.Index(fields=["fund", "day"], name="spending_total_fund")]
        constraints = [
            models.UniqueConstraint(
                "fund",
                "day",
                "flow",
                "support_type",
                Coalesce("area", 0),
                Coalesce("campaign", 0),
                Coalesce("other_fund", 0),
                name="spending_total_one_row_per_bucket",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.flow}: {self.amount}"


class FundDayTotal(models.Model):
    """A fund's money on one day (goods in kind left out): exactly one row per fund and day.

    Updated by donations.services.totals.add_to_buckets and
    donations.services.holdings.add_to_spending, the only writers of the finer buckets, so every
    service and the statement import keep it in their own transaction; rebuilt from the records
    by donations.services.holdings.rebuild_fund_day_totals and checked by verify_ledger."""

    fund = models.ForeignKey("donations.Fund", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    received = models.BigIntegerField(default=0)
    spent = models.BigIntegerField(default=0)
    transferred_in = models.BigIntegerField(default=0)
    transferred_out = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("fund day total")
        constraints = [
            models.UniqueConstraint(fields=["fund", "day"], name="fund_day_total_one_row"),
        ]

    def __str__(self):
        return f"{self.fund_id} {self.day}: {self.net}"

    @property
    def net(self):
        return self.received + self.transferred_in - self.spent - self.transferred_out


class FundAssignment(models.Model):
    """A commune Front account works on this fund (and the funds that report to it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="fund_assignments",
    )
    fund = models.ForeignKey(
        "donations.Fund",
        verbose_name=_("fund"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )

    class Meta:
        verbose_name = _("fund assignment")
        verbose_name_plural = _("fund assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "fund"], name="fund_assignment_unique")
        ]

    def __str__(self):
        return f"{self.user} → {self.fund}"
