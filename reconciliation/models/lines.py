"""A credit on one of the Fund's accounts, as read from a statement or pushed by a feed.

A line is stored once per transfer (its dedupe key is unique), whatever how many statements or
feed retries bring it. Its state says what the Fund made of it; the money itself is in the
ledger's receipts, which the line's decisions point at.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LineState(models.TextChoices):
    UNMATCHED = "unmatched", _("Waiting in the queue")
    MATCHED = "matched", _("Matched to a pledge")
    SPLIT = "split", _("Split across pledges")
    DONOR = "donor", _("Attached to a donor")
    UNIDENTIFIED = "unidentified", _("Unidentified gift")
    NOT_DONATION = "not_donation", _("Not a donation")
    REVERSED = "reversed", _("Decision reversed: back in the queue")


#: States of the lines staff still have to decide on.
QUEUE_STATES = (LineState.UNMATCHED, LineState.REVERSED)


class StatementLineQuerySet(models.QuerySet):
    def in_queue(self):
        return self.filter(state__in=QUEUE_STATES)


class StatementLine(models.Model):
    bank_account = models.ForeignKey(
        "donations.BankAccount",
        verbose_name=_("bank account"),
        on_delete=models.PROTECT,
        related_name="statement_lines",
    )
    statement_import = models.ForeignKey(
        "reconciliation.StatementImport",
        verbose_name=_("statement import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
    )
    feed_source = models.ForeignKey(
        "reconciliation.FeedSource",
        verbose_name=_("transfer feed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
    )
    dedupe_key = models.CharField(_("dedupe key"), max_length=255, unique=True, editable=False)
    feed_key = models.CharField(
        _("feed transfer id"), max_length=120, unique=True, null=True, blank=True, editable=False
    )
    row = models.PositiveIntegerField(_("row in the file"), null=True, blank=True)
    booked_at = models.DateTimeField(_("booked at"))
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    memo = models.TextField(_("transfer memo"), blank=True, help_text=_("Staff only."))
    counterparty_name = models.CharField(_("sender"), max_length=200, blank=True)
    counterparty_account = models.CharField(_("sender's account"), max_length=40, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=80, blank=True)
    codes = models.CharField(_("payment codes in the memo"), max_length=200, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=LineState.choices, default=LineState.UNMATCHED
    )
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    objects = StatementLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["-booked_at", "-id"]
        indexes = [
            models.Index(fields=["state", "booked_at"], name="line_queue"),
            models.Index(fields=["bank_account", "booked_at"], name="line_account_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="line_amount_positive",
                violation_error_message=_("The amount must be more than 0 đồng."),
            ),
        ]

    def __str__(self):
        from sitewide.formatting import format_datetime, format_vnd

        return f"{format_datetime(self.booked_at)} · {format_vnd(self.amount)}"

    @property
    def code_list(self):
        return self.codes.split()

    @property
    def in_queue(self):
        return self.state in QUEUE_STATES
