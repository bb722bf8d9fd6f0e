"""Receipts: money or goods that actually arrived. Only these count as "received".

A receipt is written once by donations.services.record_receipt and never edited or deleted;
a mistake is undone by a Reversal, after which the receipt stops counting but stays visible.
The public name is a snapshot of the donor's choice at the time of the gift, so the public
statement needs no join to donors (and cannot leak their contact details).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sitewide.text import fold

from .mixins import AppendOnlyModel, AppendOnlyQuerySet, Disclosure, RecordedByMixin


class Channel(models.TextChoices):
    CASH = "cash", _("Cash at the office")
    BANK = "bank", _("Bank transfer")
    ONLINE = "online", _("Online payment")
    IN_KIND = "in_kind", _("In kind")


class ReceiptQuerySet(AppendOnlyQuerySet):
    def counting(self):
        """Receipts that count towards totals: those not reversed."""
        return self.filter(reversal__isnull=True)

    def reversed(self):
        return self.filter(reversal__isnull=False)

    def search_text(self, query):
        """Staff search: receipt number, donor or payer name (with or without diacritics),
        bank or gateway reference, receipt-book number."""
        query = (query or "").strip()
        if not query:
            return self
        folded = fold(query)
        return self.filter(
            models.Q(number=query.upper())
            | models.Q(donor__name_folded__contains=folded)
            | models.Q(payer_name__icontains=query)
            | models.Q(bank_reference=query)
            | models.Q(gateway_reference=query)
            | models.Q(receipt_book_number=query)
        )


class Receipt(RecordedByMixin, AppendOnlyModel):
    fund = models.ForeignKey(
        "donations.Fund", verbose_name=_("fund"), on_delete=models.PROTECT, related_name="receipts"
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    number = models.CharField(_("receipt number"), max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    amount = models.PositiveBigIntegerField(
        _("amount (đồng)"), help_text=_("For goods: their value in đồng.")
    )
    received_at = models.DateTimeField(_("received at"))

    donor = models.ForeignKey(
        "donations.Donor",
        verbose_name=_("donor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    # Snapshots taken when the gift is recorded, so reports by donor kind and area stay what
    # they were even if the donor's record is later corrected.
    donor_kind = models.CharField(_("donor kind"), max_length=20, blank=True, editable=False)
    area = models.ForeignKey(
        "sitewide.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    payer_name = models.CharField(
        _("payer as written by the bank"),
        max_length=200,
        blank=True,
        help_text=_("Staff only. The counterparty name of a transfer whose donor is unknown."),
    )

    receipt_book_number = models.CharField(_("receipt book number"), max_length=40, blank=True)
    bank_account = models.ForeignKey(
        "donations.BankAccount",
        verbose_name=_("bank account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    bank_reference = models.CharField(_("bank reference"), max_length=80, blank=True)
    gateway = models.CharField(_("payment gateway"), max_length=40, blank=True)
    gateway_reference = models.CharField(_("gateway transaction"), max_length=80, blank=True)
    goods_description = models.CharField(_("goods"), max_length=300, blank=True)
    goods_quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    goods_unit = models.CharField(_("unit"), max_length=40, blank=True)

    memo = models.TextField(
        _("transfer memo"), blank=True, help_text=_("Staff only: never published.")
    )
    note = models.TextField(_("note"), blank=True)

    disclosure = models.CharField(
        _("shown in public as"),
        max_length=20,
        choices=Disclosure.choices,
        default=Disclosure.ANONYMOUS,
    )
    public_name = models.CharField(_("public name"), max_length=200, blank=True, editable=False)
    public_name_folded = models.CharField(max_length=200, blank=True, editable=False)

    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects receipt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text=_("The reversed receipt this one records again with the right details."),
    )

    # A donor may withdraw (or give) consent to be named: the only change a receipt accepts,
    # made by donations.services.change_disclosure and written to the audit log.
    mutable_fields = frozenset({"disclosure", "public_name", "public_name_folded"})

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-received_at", "-id"]
        indexes = [
            # Keyset pagination of the public statement, both directions. On PostgreSQL it
            # carries the folded name, so a name filter walks it without reading the table
            # (donations.public.statement._first_rows); other databases ignore `include`.
            models.Index(
                fields=["campaign", "received_at", "id"],
                include=["public_name_folded"],
                name="receipt_statement",
            ),
            # The statement's amount filter: a range that matches few gifts (or none) is read
            # from here instead of walking the whole campaign in date order.
            models.Index(fields=["campaign", "amount"], name="receipt_statement_amount"),
            models.Index(fields=["fund", "received_at"], name="receipt_fund_time"),
            models.Index(fields=["number"], name="receipt_number"),
            # Goods in kind by item, for a fund's stock (money out): few rows among many.
            models.Index(
                fields=["fund", "goods_description"],
                condition=models.Q(channel="in_kind"),
                name="receipt_goods_stock",
            ),
            # The honour roll sums named gifts per donor; on PostgreSQL straight from the index.
            models.Index(
                fields=["campaign", "donor", "public_name"],
                include=["amount", "id"],
                condition=~models.Q(disclosure="anonymous"),
                name="receipt_honour_roll",
            ),
        ]
        # On PostgreSQL a trigram index on public_name_folded serves the statement's name
        # filter (migration 0005), so a name nobody has does not scan the whole campaign.
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "year", "sequence"], name="receipt_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="receipt_amount_positive",
                violation_error_message=_("The amount must be more than 0 đồng."),
            ),
            models.CheckConstraint(
                condition=~models.Q(channel="cash") | ~models.Q(receipt_book_number=""),
                name="receipt_cash_has_book_number",
                violation_error_message=_("Give the number in the receipt book for cash."),
            ),
            models.CheckConstraint(
                condition=~models.Q(channel="bank") | models.Q(bank_account__isnull=False),
                name="receipt_bank_has_account",
                violation_error_message=_("Choose the bank account the transfer arrived in."),
            ),
            models.CheckConstraint(
                condition=~models.Q(channel="online")
                | (~models.Q(gateway="") & ~models.Q(gateway_reference="")),
                name="receipt_online_has_reference",
                violation_error_message=_(
                    "Give the payment gateway and its transaction reference."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(channel="in_kind") | ~models.Q(goods_description=""),
                name="receipt_goods_described",
                violation_error_message=_("Describe the goods received."),
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
    def giver_label(self):
        """Who gave, for staff lists: the donor record, else the payer the bank or gateway
        named (a transfer matched to no donor), else nothing."""
        if self.donor_id:
            return str(self.donor)
        if self.payer_name:
            return _("%(payer)s (payer)") % {"payer": self.payer_name}
        return ""

    @property
    def status_label(self):
        return _("Reversed") if self.is_reversed else _("Counted")

    @property
    def is_in_kind(self):
        return self.channel == Channel.IN_KIND
