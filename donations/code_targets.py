"""What a payment code in a memo points at (a CodeTarget), and who else can answer for codes.

Payment codes are the ledger's (donations.codes makes and finds them). Pledges carry them, and
so do records of apps above the ledger, such as online giving's bank-transfer gifts. Such an
app describes its records as CodeTargets through a CodeResolver and registers it from its own
AppConfig.ready():

    from donations.code_targets import register
    register(TransferGiftResolver())        # giving/apps.py, with giving/code_targets.py

Whoever matches money to codes reads `registered()` here: reconciliation looks pledges up
itself (reconciliation.matching) and asks each registered resolver for the codes still
unknown. So the ledger knows no app above it, reconciliation never imports giving, and giving
never learns how statements are read.
"""

from dataclasses import dataclass, field
from typing import Any

from donations.models import Disclosure


@dataclass
class CodeTarget:
    """One record a code points at, with what it still expects to receive.

    `outstanding` is the amount that matches it automatically (a pledge's outstanding amount);
    with `accepts_any_amount` (an online transfer gift, where the amount received counts,
    whatever the donor first typed) any amount matches once. The receipt goes to
    `fund_id`/`campaign_id`, from `donor` (None for an unknown donor) shown as `disclosure`
    (None: as the donor chose). With `pledge`, the receipt is allocated to it; with `resolver`,
    the resolver records the receipt itself.
    """

    code: str
    outstanding: int
    fund_id: int
    campaign_id: int | None
    donor: Any = None
    pledge: Any = None
    disclosure: str | None = None
    resolver: "CodeResolver | None" = None
    obj: Any = None
    label: str = ""
    accepts_any_amount: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def is_pledge(self):
        return self.pledge is not None

    def receipt_disclosure(self):
        if self.disclosure:
            return self.disclosure
        return self.donor.public_display if self.donor is not None else Disclosure.ANONYMOUS


class CodeResolver:
    """Interface for records other than pledges that payment codes identify.

    `resolve` must answer for many codes in one query and lock the rows it returns (SELECT …
    FOR UPDATE, id order) because it runs inside the caller's transaction (a statement import);
    it returns only records of `fund_id` that still wait for money. `record` runs in the same
    transaction, once per matched line, and returns the receipt it recorded through the ledger's
    services for `line` (a bank line with amount, booked_at, bank_reference, memo and
    counterparty_name: reconciliation's StatementLine) arrived in `account`. `release` runs when
    staff reverse a decision, after its receipts were reversed in the ledger, in the same
    transaction: whatever `record` linked to those receipts must wait for money again, or it
    would stay "paid" by money that no longer counts.
    """

    name = ""

    def resolve(self, codes, *, fund_id):
        raise NotImplementedError

    def record(self, target, line, account, *, user=None):
        raise NotImplementedError

    def release(self, receipts, *, user=None):
        """Undo the links of this resolver's records to `receipts` (all reversed by now)."""


_resolvers = []


def register(resolver):
    """Add a resolver (once per name; registering the same name again replaces it)."""
    _resolvers[:] = [known for known in _resolvers if known.name != resolver.name]
    _resolvers.append(resolver)
    return resolver


def unregister(name):
    _resolvers[:] = [known for known in _resolvers if known.name != name]


def registered():
    return tuple(_resolvers)
