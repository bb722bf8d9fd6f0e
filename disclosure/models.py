"""Which money record each entry of the public record publishes (disclosure.publishing).

One row per published line: a receipt, a payment voucher or a correction (the reversal of a
published receipt or voucher), and the index of its entry. Both sides are unique, so a line is
published exactly once and an entry publishes one line; verify_ledger checks that every record
that should be published has its row (disclosure/integrity.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedLine(models.Model):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        VOUCHER = "voucher", _("Payment voucher")
        CORRECTION = "correction", _("Correction")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    record_id = models.BigIntegerField(_("record"))
    entry = models.OneToOneField(
        "public_record.Entry",
        verbose_name=_("entry"),
        on_delete=models.PROTECT,
        related_name="published_line",
    )

    class Meta:
        verbose_name = _("published line")
        verbose_name_plural = _("published lines")
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="published_line_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id} → #{self.entry_id}"
