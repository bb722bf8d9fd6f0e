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

from collections.abc import Callable, Iterable
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
    # Why nothing may be paid under an approved authority (e.g. its support was paid before
    # the ledger was kept), in the reader's language; empty: payable.
    refusal: str = ""


Resolver = Callable[[str, bool], "Authority | None"]
ManyResolver = Callable[[Iterable[str]], "dict[str, Authority]"]

_resolvers: dict[str, Resolver] = {}
_many_resolvers: dict[str, ManyResolver] = {}


def register_authority(
    prefix: str, resolve: Resolver, resolve_many: ManyResolver | None = None
) -> None:
    """Called from an app's ready(); registering a prefix again replaces its resolver.

    ``resolve_many(keys)`` (optional) answers many keys at once, without locks, as
    {key: Authority} for those it knows: verify_ledger checks every voucher's authority and
    uses it when given, instead of asking ``resolve`` once per key."""
    if ":" in prefix:
        raise ValueError("An authority prefix has no colon: the key is '<prefix>:<id>'.")
    _resolvers[prefix] = resolve
    if resolve_many is None:
        _many_resolvers.pop(prefix, None)
    else:
        _many_resolvers[prefix] = resolve_many


def unregister_authority(prefix: str) -> None:
    """For tests that register a resolver of their own."""
    _resolvers.pop(prefix, None)
    _many_resolvers.pop(prefix, None)


def prefix_of(key: str) -> str:
    return key.partition(":")[0]


def resolve_authority(key: str, *, lock: bool = False) -> Authority | None:
    """The authority behind ``key``, or None when no app knows it."""
    resolve = _resolvers.get(prefix_of(key or ""))
    if resolve is None:
        return None
    return resolve(key, lock)


def resolve_authorities(keys: Iterable[str]) -> dict[str, Authority]:
    """{key: Authority} for the keys some app knows (no locks): for checks and listings."""
    by_prefix: dict[str, list[str]] = {}
    for key in keys:
        by_prefix.setdefault(prefix_of(key or ""), []).append(key)
    found: dict[str, Authority] = {}
    for prefix, prefix_keys in by_prefix.items():
        if prefix in _many_resolvers:
            found.update(_many_resolvers[prefix](prefix_keys))
        elif prefix in _resolvers:
            for key in prefix_keys:
                authority = _resolvers[prefix](key, False)
                if authority is not None:
                    found[key] = authority
    return found
