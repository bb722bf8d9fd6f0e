"""Wagtail audit log actions of reconciliation: imports and each decision on a line.

The receipts, allocations and reversals a decision causes are logged by the ledger itself
(donations.services.audit); these entries say why, on the statement line or the import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.utils.functional import Promise
    from wagtail.log_actions import LogActionRegistry
    from wagtail.models import BaseLogEntry

    from ..models import Decision, StatementLine

IMPORT = "reconciliation.import"
DECIDE = "reconciliation.line.decide"
REVERSE = "reconciliation.line.reverse"


class ImportFormatter(LogFormatter):
    label = _("Import statement")

    def format_message(self, log_entry: BaseLogEntry) -> str:
        data = log_entry.data or {}
        return _(
            "Statement imported: %(new)s new lines, %(duplicate)s already known, "
            "%(matched)s matched automatically, %(left)s left for the queue"
        ) % {key: data.get(key, 0) for key in ("new", "duplicate", "matched", "left")}


class DecideFormatter(LogFormatter):
    label = _("Decide on a statement line")

    def format_message(self, log_entry: BaseLogEntry) -> str:
        data = log_entry.data or {}
        return str(data.get("what", _("Decision recorded")))

    def format_comment(self, log_entry: BaseLogEntry) -> str:
        return (log_entry.data or {}).get("reason", "")


class ReverseFormatter(DecideFormatter):
    label = _("Reverse a reconciliation decision")


def register_actions(actions: LogActionRegistry) -> None:
    """Called from the register_log_actions hook in reconciliation/wagtail_hooks.py."""
    actions.register_action(IMPORT)(ImportFormatter)
    actions.register_action(DECIDE)(DecideFormatter)
    actions.register_action(REVERSE)(ReverseFormatter)


def log_decision(
    line: StatementLine,
    decision: Decision,
    *,
    user: AbstractBaseUser | None,
    what: str | Promise,
    reason: str = "",
) -> BaseLogEntry | None:
    action = REVERSE if decision.action == "reverse" else DECIDE
    data = {"what": str(what), "decision": decision.pk}
    if reason:
        data["reason"] = reason
    return log(line, action, user=user, data=data)
