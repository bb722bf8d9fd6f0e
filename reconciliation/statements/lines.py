"""One incoming transfer as read from a statement or a feed, and the keys that dedupe it.

A row number is only a position in one file, so it never identifies a line. Banks that give a
reference (document number, FT number) are deduplicated on (account, reference). For banks
that give none, the line's content is hashed (a time the bank writes in a column of its own is
left out of the hash when its layout was first read without that column, so the keys of files
imported then do not change); two genuinely identical transfers in one file
(same minute, amount, memo and sender: it happens with standing orders and with donors who
press "send" twice) stay two lines because each carries its occurrence count within the file,
and re-importing the same file, or an overlapping period, yields the same keys again.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from unicodedata import normalize

from reconciliation.folding import transliterate
from reconciliation.statements.parse_values import VN_TZ
from sitewide.text import nfc

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_SEPARATOR = "\x1f"  # cannot appear in folded text, so fields never run into each other


@dataclass(frozen=True, slots=True)
class StatementLine:
    """A credit to one of the Fund's accounts: whole đồng, aware local time, NFC memo.

    `row` is the 1-based spreadsheet row (None for a feed line). `occurrence` counts earlier
    lines of the same file with the same content (1 for the first); `parse_statement` sets it.
    """

    row: int | None
    booked_at: datetime
    amount: int
    memo: str
    counterparty_name: str = ""
    counterparty_account: str = ""
    bank_reference: str = ""
    balance: int | None = None
    occurrence: int = 1
    #: The moment the fingerprint hashes when it is not `booked_at`: the date alone, for a
    #: bank layout whose separate time column was not read when its files were first imported.
    keyed_at: datetime | None = None
    # Computed once per line and kept in a slot of its own, not with functools.cached_property
    # (whose lock costs more than a memo's folding on Python 3.11, and whose __dict__ would be
    # an object of its own for each of a statement's 100.000 lines, 0,6 KB each).
    _ascii_memo: str | None = field(default=None, init=False, repr=False, compare=False)
    _content_key: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise ValueError(f"a statement line is a credit of whole đồng > 0, not {self.amount!r}")
        if self.booked_at.tzinfo is None:
            raise ValueError("booked_at must be an aware datetime")
        object.__setattr__(self, "booked_at", self.booked_at.astimezone(VN_TZ))
        if self.keyed_at is not None:
            object.__setattr__(self, "keyed_at", self.keyed_at.astimezone(VN_TZ))
        # sitewide.text.nfc without a call of its own: a statement makes 100.000 lines.
        object.__setattr__(self, "memo", normalize("NFC", self.memo or "").strip())
        name = normalize("NFC", self.counterparty_name or "").strip()
        object.__setattr__(self, "counterparty_name", name)
        object.__setattr__(self, "counterparty_account", _account(self.counterparty_account))
        reference = normalize("NFC", self.bank_reference or "").strip()
        object.__setattr__(self, "bank_reference", reference)

    @property
    def ascii_memo(self):
        """The memo in ASCII, as reconciliation.folding.transliterate gives it."""
        found = self._ascii_memo
        if found is None:
            found = transliterate(self.memo)
            object.__setattr__(self, "_ascii_memo", found)
        return found

    @property
    def content_key(self):
        """See the module function `content_key`."""
        found = self._content_key
        if found is None:
            found = _SEPARATOR.join(
                [
                    _stamp(self.keyed_at or self.booked_at),
                    str(self.amount),
                    _NOT_ALNUM.sub("", self.ascii_memo).upper(),
                    _fold(self.counterparty_name),
                    _fold(self.counterparty_account),
                ]
            )
            object.__setattr__(self, "_content_key", found)
        return found


def _stamp(moment):
    """moment.strftime("%Y-%m-%dT%H:%M:%S"), without strftime's cost for the usual years."""
    if moment.year < 1000:  # strftime writes such a year without its leading zeros
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    return moment.isoformat(timespec="seconds")[:19]


def _account(number):
    """Account numbers are compared without the spaces and dashes people put in them."""
    if number.isascii() and number.isalnum():  # the usual number: nothing to take out
        return number
    return "".join(ch for ch in nfc(number) if ch.isalnum())


def content_key(line):
    """What makes two lines of one file "the same transfer": time as given (`keyed_at` if
    set), amount, memo (folded: diacritics, case and punctuation do not count) and
    counterparty."""
    return line.content_key


def _fold(text):
    """sitewide.text.fold_alnum, transliterating with reconciliation.folding's table."""
    return _NOT_ALNUM.sub("", transliterate(text)).upper() if text else ""


def fingerprint(account, line):
    """sha256 hex of the account and the line's content; see `content_key`."""
    return _fingerprint(_account(account), line)


def _fingerprint(account, line):
    payload = _SEPARATOR.join([account, line.content_key])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def number_occurrences(lines):
    """The lines again, each with `occurrence` = its count among same-content lines so far."""
    seen = Counter()
    numbered = []
    for line in lines:
        key = line.content_key
        seen[key] += 1
        count = seen[key]
        numbered.append(line if line.occurrence == count else replace(line, occurrence=count))
    return numbered


def dedupe_key(account, line):
    """A string that is equal for the same transfer however often it is imported.

    "<account>|ref|<reference>" when the bank gives a reference, else
    "<account>|fp|<fingerprint>|<occurrence>". Short enough (< 200 characters for any real
    reference) to be a unique database column.
    """
    account = _account(account)
    if line.bank_reference:
        return f"{account}|ref|{line.bank_reference.upper()}"
    return f"{account}|fp|{_fingerprint(account, line)}|{line.occurrence}"
