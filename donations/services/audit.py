"""Audit log entries for the ledger, in Wagtail's log (ModelLogEntry) so the admin's history
views and the site history report show who did what to which money record, when and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.db.models import Model
    from django.utils.functional import Promise
    from wagtail.log_actions import LogActionRegistry
    from wagtail.models import BaseLogEntry

RECORD_PLEDGE = "donations.pledge.record"
CANCEL_PLEDGE = "donations.pledge.cancel"
RECORD_RECEIPT = "donations.receipt.record"
REVERSE_RECEIPT = "donations.receipt.reverse"
CHANGE_DISCLOSURE = "donations.receipt.disclosure"
ALLOCATE = "donations.allocation.record"
REVERSE_ALLOCATION = "donations.allocation.reverse"
RECORD_VOUCHER = "donations.voucher.record"
REVERSE_VOUCHER = "donations.voucher.reverse"
ATTACH_HANDOVER = "donations.voucher.handover"
RECORD_TRANSFER = "donations.transfer.record"
REVERSE_TRANSFER = "donations.transfer.reverse"

ACTIONS = {
    RECORD_PLEDGE: (_("Record pledge"), _("Pledge recorded")),
    CANCEL_PLEDGE: (_("Cancel pledge"), _("Pledge cancelled")),
    RECORD_RECEIPT: (_("Record receipt"), _("Receipt recorded")),
    REVERSE_RECEIPT: (_("Reverse receipt"), _("Receipt reversed")),
    CHANGE_DISCLOSURE: (_("Change public display"), _("Public display changed")),
    ALLOCATE: (_("Allocate receipt to pledge"), _("Receipt allocated to a pledge")),
    REVERSE_ALLOCATION: (_("Reverse allocation"), _("Allocation reversed")),
    RECORD_VOUCHER: (_("Record payment voucher"), _("Payment voucher recorded")),
    REVERSE_VOUCHER: (_("Reverse payment voucher"), _("Payment voucher reversed")),
    ATTACH_HANDOVER: (_("Attach handover record"), _("Handover record attached")),
    RECORD_TRANSFER: (_("Record fund transfer"), _("Fund transfer recorded")),
    REVERSE_TRANSFER: (_("Reverse fund transfer"), _("Fund transfer reversed")),
}


def make_formatter(label: str | Promise, message: str | Promise) -> type[LogFormatter]:
    """A formatter that shows the amount in the message and the reason as the comment."""

    class LedgerLogFormatter(LogFormatter):
        def format_message(self, log_entry: BaseLogEntry) -> str:
            from sitewide.formatting import format_vnd

            data = log_entry.data or {}
            text = str(message)
            if data.get("amount"):
                text = f"{text}: {format_vnd(data['amount'])}"
            if data.get("detail"):
                text = f"{text} ({data['detail']})"
            if data.get("reason"):
                text = f"{text}. {_('Reason')}: {data['reason']}"
            return text

        def format_comment(self, log_entry: BaseLogEntry) -> str:
            return (log_entry.data or {}).get("reason", "")

    LedgerLogFormatter.label = label
    return LedgerLogFormatter


def register_actions(actions: LogActionRegistry) -> None:
    """Called from the register_log_actions hook in donations/wagtail_hooks.py."""
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action)(make_formatter(label, message))


def log_entry(
    instance: Model,
    action: str,
    *,
    user: AbstractBaseUser | None,
    amount: int | None = None,
    reason: str = "",
    detail: object = "",
) -> BaseLogEntry | None:
    data = {}
    if amount is not None:
        data["amount"] = int(amount)
    if reason:
        data["reason"] = reason
    if detail:
        data["detail"] = str(detail)
    return log(instance, action, user=user, data=data)
