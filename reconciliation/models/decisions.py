"""What was decided about a statement line, by whom and why; kept for ever.

A decision is never edited or deleted. Undoing one is a new decision (action REVERSE) that the
original points at through `reversed_by`, the one field that may be set after the fact; the
receipts the original produced are reversed in the ledger with the same reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from donations.models.mixins import AppendOnlyModel, AppendOnlyQuerySet


class DecisionAction(models.TextChoices):
    AUTO_MATCH = "auto", _("Matched automatically by payment code")
    CONFIRM = "confirm", _("Suggestion confirmed")
    SPLIT = "split", _("Split across pledges")
    DONOR = "donor", _("Attached to a donor without a pledge")
    UNIDENTIFIED = "unidentified", _("Recorded as an unidentified gift")
    NOT_DONATION = "not_donation", _("Marked as not a donation")
    REVERSE = "reverse", _("Decision reversed")


class NotDonationReason(models.TextChoices):
    BANK_INTEREST = "interest", _("Bank interest")
    INTERNAL_TRANSFER = "internal", _("Transfer between the Fund's own accounts")
    REFUND = "refund", _("Refund or returned payment")
    DUPLICATE = "duplicate", _("The same transfer already recorded from another source")
    OTHER = "other", _("Other")


class Decision(AppendOnlyModel):
    line = models.ForeignKey(
        "reconciliation.StatementLine",
        verbose_name=_("statement line"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    action = models.CharField(_("decision"), max_length=20, choices=DecisionAction.choices)
    category = models.CharField(
        _("kind"), max_length=20, choices=NotDonationReason.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    receipts = models.ManyToManyField(
        "donations.Receipt",
        verbose_name=_("receipts"),
        blank=True,
        related_name="statement_decisions",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    reversed_by = models.OneToOneField(
        "self",
        verbose_name=_("reversed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reverses",
    )

    mutable_fields = frozenset({"reversed_by"})
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reconciliation decision")
        verbose_name_plural = _("reconciliation decisions")
        ordering = ["-made_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action__in=["not_donation", "reverse"]) | ~models.Q(reason=""),
                name="decision_reason_given",
                violation_error_message=_("Give a reason: it is kept in the record's history."),
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} · {self.line}"

    @property
    def is_reversed(self):
        return self.reversed_by_id is not None

    @property
    def is_reversible(self):
        return self.action != DecisionAction.REVERSE and not self.is_reversed
