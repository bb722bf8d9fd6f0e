"""Refunds of VNPay gifts, started by Front staff with a reason.

A refund row is written *before* VNPay is asked (status "requested"), under the gift's row lock,
so two staff members clicking at once cannot refund more than was paid; it ends as "done" (the
ledger reversal is recorded in the same transaction) or "refused" (VNPay said no, nothing in
the ledger changed). A row left "requested" means VNPay's answer never came: staff check it in
VNPay's portal before trying again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Sent to VNPay, no answer yet")
    DONE = "done", _("Refunded")
    REFUSED = "refused", _("Refused by VNPay")


class GiftRefund(models.Model):
    gift = models.ForeignKey(
        "giving.OnlineGift",
        verbose_name=_("online gift"),
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    amount = models.PositiveBigIntegerField(_("amount refunded (đồng)"))
    full = models.BooleanField(_("full refund"), default=False)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.REQUESTED
    )
    response_code = models.CharField(_("VNPay response code"), max_length=4, blank=True)
    gateway_message = models.CharField(_("VNPay's answer"), max_length=300, blank=True)
    transaction_no = models.CharField(_("VNPay refund transaction"), max_length=40, blank=True)
    reversed_receipt = models.ForeignKey(
        "donations.Receipt",
        verbose_name=_("reversed receipt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kept_receipt = models.ForeignKey(
        "donations.Receipt",
        verbose_name=_("receipt for the part kept"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="giving_refund_amount_positive",
                violation_error_message=_("The amount must be more than 0 đồng."),
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="giving_refund_has_reason",
                violation_error_message=_("Give a reason: it is kept in the record's history."),
            ),
        ]

    def __str__(self):
        return f"{self.gift.payment_code} −{self.amount}"
