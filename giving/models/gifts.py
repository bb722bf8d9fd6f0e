"""An online gift: what a donor started on a campaign page, before and after the money arrives.

A gift is an *intent* until a verified VNPay IPN (or querydr answer, or reconciliation of a bank
transfer) links it to a ledger Receipt; only that receipt counts in any total. A gift is not a
pledge either: nobody promised anything, so transfer intents never inflate "pledged" figures.
Contact details and the donor's message are Front staff's only; the public sees the receipt's
public name, built from the donor's disclosure choice when the money is recorded.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from donations.models import Disclosure, Donor, DonorKind


class GiftMethod(models.TextChoices):
    VNPAY = "vnpay", _("VNPay (card, banking app, QR)")
    TRANSFER = "transfer", _("Bank transfer (VietQR)")


class GiftStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    EXPIRED = "expired", _("Expired without payment")
    PARTLY_REFUNDED = "partly_refunded", _("Partly refunded")
    REFUNDED = "refunded", _("Refunded")


RECEIVED_STATUSES = frozenset({GiftStatus.PAID, GiftStatus.PARTLY_REFUNDED, GiftStatus.REFUNDED})


def new_token():
    """The secret part of a gift's status page URL: 128 random bits, neither guessable nor
    sequential, so one donor cannot walk through other people's gifts."""
    return secrets.token_urlsafe(16)


def public_name_of(name, disclosure):
    """The name a receipt would publish for this choice ("" = anonymous donor).

    Built with the ledger's own Donor.public_name on an unsaved donor, so the preview a donor
    sees and the name the receipt publishes can never disagree.
    """
    if disclosure == Disclosure.ANONYMOUS or not (name or "").strip():
        return ""
    return Donor(name=name.strip(), kind=donor_kind_for(disclosure)).public_name(disclosure)


def donor_kind_for(disclosure):
    return DonorKind.ORGANISATION if disclosure == Disclosure.ORGANISATION else DonorKind.INDIVIDUAL


class OnlineGiftQuerySet(models.QuerySet):
    def pending_vnpay(self):
        return self.filter(method=GiftMethod.VNPAY, status=GiftStatus.PENDING)


class OnlineGift(models.Model):
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="online_gifts",
    )
    method = models.CharField(_("payment method"), max_length=10, choices=GiftMethod.choices)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=GiftStatus.choices,
        default=GiftStatus.PENDING,
        db_index=True,
    )

    disclosure = models.CharField(
        _("shown in public as"),
        max_length=20,
        choices=Disclosure.choices,
        default=Disclosure.ANONYMOUS,
    )
    donor_name = models.CharField(_("name (person or organisation)"), max_length=200, blank=True)
    consent = models.BooleanField(
        _("agreed to be published as chosen"),
        default=False,
        help_text=_("Required for any choice other than anonymous (Decree 13/2023)."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    message = models.TextField(
        _("message to the organisers"), blank=True, help_text=_("Staff only: never published.")
    )

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    payment_code = models.CharField(_("payment code"), max_length=12, unique=True, editable=False)
    txn_ref = models.CharField(_("transaction reference"), max_length=100, editable=False)
    vnp_create_date = models.CharField(
        _("VNPay create date"),
        max_length=14,
        blank=True,
        editable=False,
        help_text=_("yyyyMMddHHmmss in Vietnam time, as sent to VNPay; querydr needs it back."),
    )
    bank_account = models.ForeignKey(
        "donations.BankAccount",
        verbose_name=_("bank account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a transfer: the account shown in the QR code."),
    )
    transaction_no = models.CharField(_("VNPay transaction number"), max_length=40, blank=True)
    response_code = models.CharField(_("VNPay response code"), max_length=4, blank=True)
    transaction_status = models.CharField(_("VNPay transaction status"), max_length=4, blank=True)
    bank_code = models.CharField(_("bank"), max_length=20, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    receipt = models.OneToOneField(
        "donations.Receipt",
        verbose_name=_("receipt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online_gift",
        help_text=_("The receipt that counts for this gift (after a partial refund: the new one)."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    receipt_email_sent_at = models.DateTimeField(_("receipt e-mail sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OnlineGiftQuerySet.as_manager()
    # A gift is a payment record, not content: Wagtail's reference index ("usage" of pages and
    # snippets) would cost a task and several queries on every IPN for nothing.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("online gift")
        verbose_name_plural = _("online gifts")
        ordering = ["-created_at", "-id"]
        permissions = [("refund_onlinegift", "Can refund online gift")]
        constraints = [
            models.UniqueConstraint(
                fields=["method", "txn_ref"],
                name="giving_txn_ref_unique_per_method",
                violation_error_message=_("This transaction reference is already used."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="giving_amount_positive",
                violation_error_message=_("The amount must be more than 0 đồng."),
            ),
            models.CheckConstraint(
                condition=models.Q(disclosure="anonymous") | models.Q(consent=True),
                name="giving_named_needs_consent",
                violation_error_message=_("Publishing a name needs the donor's consent."),
            ),
        ]

    def __str__(self):
        return f"{self.payment_code} · {self.get_method_display()}"

    def clean(self):
        super().clean()
        if self.disclosure != Disclosure.ANONYMOUS:
            if not self.donor_name.strip():
                raise ValidationError({"donor_name": _("Give the name to publish.")})
            if not self.consent:
                raise ValidationError({"consent": _("Publishing a name needs your consent.")})

    @property
    def public_name(self):
        """How the gift will appear in public; "" means "Nhà hảo tâm ẩn danh"."""
        return public_name_of(self.donor_name, self.disclosure)

    @property
    def is_pending(self):
        return self.status == GiftStatus.PENDING

    @property
    def is_received(self):
        return self.status in RECEIVED_STATUSES

    @property
    def is_vnpay(self):
        return self.method == GiftMethod.VNPAY

    @property
    def is_transfer(self):
        return self.method == GiftMethod.TRANSFER

    @property
    def transfer_memo(self):
        """What the donor writes in the transfer: the code first, so a cut memo keeps it."""
        return f"{self.payment_code} UNG HO"
