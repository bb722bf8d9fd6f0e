"""What authorises a payment voucher, as the ledger learns it from the apps above it.

A support voucher pays under an *authority*: a line of an approved spending decision, kept by
the support app (which imports the ledger, never the reverse). That app registers, in its
AppConfig.ready(), a resolver for its prefix of keys ("support.decisionline" for keys such as
"support.decisionline:42"); the ledger asks the resolver whenever it records a voucher, prints
one, or checks the books (verify_ledger), and copies onto the voucher what it must print
(label, recipient, approver) so the voucher stays readable whatever becomes of the decision.

``resolve(key, lock)``: with lock=True (inside the voucher's transaction) the resolver takes
SELECT … FOR UPDATE on its rows, so the decision cannot be revoked nor its line changed while
the voucher is written. It returns None for a key it does not know.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Authority:
    key: str  # stable, e.g. "support.decisionline:42"
    label: str  # printed on the voucher: "Quyết định số 12/QĐ-BVĐ ngày 05/11/2025"
    fund_id: int
    ceiling: int  # all live vouchers under this key together may not exceed it
    approved: bool  # False: refused ("the decision is not approved")
    approver_id: int | None  # printed as the voucher's approver
    recipient_name: str  # e.g. "Hộ ông Hồ Văn Lục" (full name: vouchers are staff-only)
    support_type: str  # a donations.models.SupportType value
    area_id: int | None  # the commune where the support goes (roll-ups by commune)
    campaign_id: int | None


Resolver = Callable[[str, bool], "Authority | None"]

_resolvers: dict[str, Resolver] = {}


def register_authority(prefix: str, resolve: Resolver) -> None:
    """Called from an app's ready(); registering a prefix again replaces its resolver."""
    if ":" in prefix:
        raise ValueError("An authority prefix has no colon: the key is '<prefix>:<id>'.")
    _resolvers[prefix] = resolve


def unregister_authority(prefix: str) -> None:
    """For tests that register a resolver of their own."""
    _resolvers.pop(prefix, None)


def prefix_of(key: str) -> str:
    return key.partition(":")[0]


def resolve_authority(key: str, *, lock: bool = False) -> Authority | None:
    """The authority behind ``key``, or None when no app knows it."""
    resolve = _resolvers.get(prefix_of(key or ""))
    if resolve is None:
        return None
    return resolve(key, lock)
