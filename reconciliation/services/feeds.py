"""Transfer feed calls (SePay, Casso v2): authenticate, read, then take the lines in exactly as a
statement import does (same dedupe, same matching).

A feed line is stored under the bank's reference when the feed gives one, so the same transfer
arriving later in a statement file is recognised as already known; the feed's own transfer id
is kept as a second unique key, which is what makes the service's retries (SePay retries up to
7 times) and replays of a captured call harmless.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reconciliation.statements import StatementError
from reconciliation.statements.feeds import (
    CASSO_SIGNATURE_HEADER,
    FeedAuthError,
    load_json,
    parse_casso,
    parse_sepay,
    verify_casso,
    verify_sepay,
)
from reconciliation.statements.lines import dedupe_key

from ..models import FeedKind
from .intake import Incoming, account_key, take_lines

if TYPE_CHECKING:
    from reconciliation.statements.feeds import FeedLine

    from ..models import FeedSource

WRONG_ACCOUNT = _("The transfer is for account %(account)s, not for this feed's account.")
INACTIVE = _("This transfer feed is switched off.")


@dataclass(frozen=True)
class FeedOutcome:
    new: int
    duplicate: int
    matched: int


def _max_age():
    return settings.RECONCILIATION_FEED_MAX_AGE


def read_call(source: FeedSource, headers: Mapping[str, str], body: bytes) -> list[FeedLine]:
    """The FeedLines of an authenticated call; FeedAuthError before anything is parsed when
    the caller cannot prove it is the feed (SePay), or right after parsing (Casso signs the
    parsed body). StatementError for a body that is not a transfer."""
    if not source.is_active:
        raise FeedAuthError(None, None, INACTIVE)
    if source.kind == FeedKind.SEPAY:
        verify_sepay(
            headers,
            body,
            api_key=source.key() or None,
            hmac_secret=source.hmac_key() or None,
            max_age=_max_age(),
        )
        feed_line = parse_sepay(load_json(body))
        return [feed_line] if feed_line is not None else []
    payload = load_json(body)
    signature = next(
        (
            value
            for name, value in headers.items()
            if name.lower() == CASSO_SIGNATURE_HEADER.lower()
        ),
        None,
    )
    verify_casso(signature, payload, source.key(), max_age=_max_age())
    return parse_casso(payload)


def _same_account(given, account):
    clean = "".join(char for char in str(given) if char.isalnum())
    return clean == account.account_number


def receive_call(source: FeedSource, headers: Mapping[str, str], body: bytes) -> FeedOutcome:
    """Authenticate and read a feed call, then store and match its lines."""
    feed_lines = read_call(source, headers, body)
    account = source.bank_account
    for feed_line in feed_lines:
        if not _same_account(feed_line.account, account):
            raise StatementError(
                None, "accountNumber", WRONG_ACCOUNT, {"account": feed_line.account}
            )
    key = account_key(account)
    incoming = []
    for feed_line in feed_lines:
        feed_key = f"{key}|{feed_line.dedupe_key}"
        line_key = dedupe_key(key, feed_line.line) if feed_line.line.bank_reference else feed_key
        incoming.append(Incoming(line=feed_line.line, key=line_key, feed_key=feed_key))
    result = take_lines(account, incoming, feed_source=source)
    return FeedOutcome(new=result.new, duplicate=result.duplicate, matched=result.matched)
