"""Audit log entries for the ledger, in Wagtail's log (ModelLogEntry) so the admin's history
views and the site history report show who did what to which money record, when and why.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, get_active_log_context, log
from wagtail.log_actions import registry as log_registry

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


def entry_data(amount: int | None = None, reason: str = "", detail: object = "") -> dict:
    data = {}
    if amount is not None:
        data["amount"] = int(amount)
    if reason:
        data["reason"] = reason
    if detail:
        data["detail"] = str(detail)
    return data


def log_entry(
    instance: Model,
    action: str,
    *,
    user: AbstractBaseUser | None,
    amount: int | None = None,
    reason: str = "",
    detail: object = "",
) -> BaseLogEntry | None:
    return log(instance, action, user=user, data=entry_data(amount, reason, detail))


#: Log entries per INSERT (SQLite's limit of parameters lowers it by itself).
LOG_BATCH = 1000


def log_entries(
    entries: Sequence[tuple[Model, dict]],
    action: str,
    *,
    user: AbstractBaseUser | None,
) -> list[BaseLogEntry]:
    """The entries log_entry would write, one per (saved instance, entry_data(…)) of
    ``entries`` (all of one model logged in ModelLogEntry, as every ledger record is), in bulk
    inserts: what Wagtail's log() fills in (the
    instance's label and content type, the user or the one of the request's log context, the
    time) is filled in the same way. They share the request's uuid, or outside a request one
    drawn for the batch (Wagtail's uuid groups the entries of one action).
    """
    if not entries:
        return []
    first = entries[0][0]
    log_model = log_registry.get_log_model_for_model(type(first))
    if log_model is None:  # as log() does for a model with no log
        return []
    context = get_active_log_context()
    user = user or context.user
    batch_uuid = context.uuid or uuid.uuid4()
    content_type = ContentType.objects.get_for_model(first, for_concrete_model=False)
    now = timezone.now()
    rows = []
    for instance, data in entries:
        if type(instance) is not type(first) or instance.pk is None:
            raise ValueError(f"Cannot log {instance!r} with the entries of {type(first)}.")
        rows.append(
            log_model(
                content_type=content_type,
                label=log_model.objects.get_instance_title(instance),
                action=action,
                timestamp=now,
                data=data,
                user=user,
                uuid=batch_uuid,
                object_id=str(instance.pk),
            )
        )
    return log_model.objects.bulk_create(rows, batch_size=LOG_BATCH)
