"""Which column of a statement holds what, for any bank.

Columns are named by their header text, not by position: banks insert and reorder columns
between exports, and a Front staff member can read "Ngày GD" off the file but not "column 7".
Headers are compared on a folded form (diacritics, đ, case and punctuation ignored), and a
bilingual header "Phát sinh có/Credit" answers to either half.
"""

import re
from dataclasses import asdict, dataclass, fields

from reconciliation.folding import transliterate
from reconciliation.statements.parse_values import AMOUNT_STYLES

ROLES = (
    "date",
    "time",
    "credit",
    "debit",
    "memo",
    "reference",
    "counterparty_name",
    "counterparty_account",
    "balance",
)
REQUIRED_ROLES = ("date", "credit", "memo")

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_PART_BREAKS = re.compile(r"[/\n|]")
_PARENTHESES = re.compile(r"\([^)]*\)")


def normalise_header(text):
    """ "Số tiền ghi có (VND)" → "so tien ghi co vnd": how headers are compared.

    _NOT_ALNUM.sub(" ", sitewide.text.fold(text)).strip(), transliterating with
    reconciliation.folding's table: every row's memo is compared with the summary labels."""
    return _NOT_ALNUM.sub(" ", transliterate(str(text or "")).lower()).strip()


def header_forms(text):
    """Every form a header answers to: the whole, each half of a bilingual header, and each of
    those without a parenthesised unit ("(VND)")."""
    raw = str(text or "")
    pieces = [raw, *_PART_BREAKS.split(raw)]
    forms = set()
    for piece in pieces:
        for variant in (piece, _PARENTHESES.sub(" ", piece)):
            form = normalise_header(variant)
            if form:
                forms.add(form)
    return forms


def resolve_columns(header_cells, aliases):
    """{role: column index} for a header row, or None if a required role has no column.

    `aliases` maps role → accepted header names. A column whose whole header matches wins over
    one where only half of a bilingual header does; a column serves one role only.
    """
    wholes = [normalise_header(cell) for cell in header_cells]
    forms = [header_forms(cell) for cell in header_cells]
    taken = set()
    found = {}
    for role in ROLES:
        wanted = {normalise_header(alias) for alias in aliases.get(role, ())} - {""}
        if not wanted:
            continue
        index = _first(wholes, wanted, taken)
        if index is None:
            index = next(
                (i for i, form in enumerate(forms) if i not in taken and form & wanted), None
            )
        if index is not None:
            found[role] = index
            taken.add(index)
    if any(role not in found for role in REQUIRED_ROLES):
        return None
    return found


def _first(wholes, wanted, taken):
    return next((i for i, whole in enumerate(wholes) if i not in taken and whole in wanted), None)


@dataclass(frozen=True)
class ColumnMapping:
    """An explicit description of a statement layout, for banks we do not recognise.

    Every column is given by its header text as written in the file; empty means "absent".
    `amount_style` is "auto", "vn" ("1.000.000,00") or "en" ("1,000,000.00"). With
    `signed_amount`, the credit column holds one signed amount per row and negatives are
    debits. A plain dataclass so it can be stored as JSON (`to_dict` / `from_dict`).
    """

    date: str
    credit: str
    memo: str
    debit: str = ""
    time: str = ""
    reference: str = ""
    counterparty_name: str = ""
    counterparty_account: str = ""
    balance: str = ""
    amount_style: str = "auto"
    signed_amount: bool = False
    bank: str = ""

    def __post_init__(self):
        for role in REQUIRED_ROLES:
            if not normalise_header(getattr(self, role)):
                raise ValueError(f"the {role} column must be named")
        if self.amount_style not in AMOUNT_STYLES:
            raise ValueError(f"amount_style must be one of {AMOUNT_STYLES}")

    def aliases(self):
        """{role: (header,)} for the roles this mapping names."""
        return {role: (getattr(self, role),) for role in ROLES if getattr(self, role)}

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        """Build from stored JSON, refusing unknown keys and wrong types rather than guessing."""
        known = {field.name: field for field in fields(cls)}
        unknown = set(data) - set(known)
        if unknown:
            raise ValueError(f"unknown column mapping keys: {sorted(unknown)}")
        for key, value in data.items():
            expected = bool if known[key].type in (bool, "bool") else str
            if not isinstance(value, expected):
                raise ValueError(f"{key} must be a {expected.__name__}")
        return cls(**data)
