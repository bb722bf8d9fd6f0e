"""Whose statement a file says it is: the bank and the account number of its title rows.

Banks print their name ("NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM (BIDV)") and the
account ("Số tài khoản: 21510001234567", "Tài khoản: …", "Account No: …") above the table.
Every dedupe key starts with the account the file is imported for, so a file imported under
the wrong account would put its transfers in the queue a second time; comparing what the title
rows say with the account chosen refuses that before anything is stored.

Only the title rows count. Column headers alone never name a bank (Vietcombank's second layout
has BIDV's headers exactly), and a file whose title rows name neither bank nor account cannot
be checked: that is said on the import's report, and the dedupe keys stay what they are.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from reconciliation.statements.errors import StatementError
from reconciliation.statements.layouts import BY_BANK, banks_named, banks_of_account
from sitewide.text import fold

#: "Số tài khoản", "Tài khoản số", "Số TK", "STK", "Account No.", "A/C No", then the other
#: language's label ("Số tài khoản/Account No", "Số TK (Account number)"), then ":".
_ACCOUNT = re.compile(
    r"\b(?:so\s+tai\s+khoan|tai\s+khoan(?:\s+so)?|so\s+tk|s?tk"
    r"|account(?:\s+(?:no|number))?|a\s*/\s*c(?:\s+no)?)\.?"
    r"(?:\s*[/(]\s*[a-z .]*\)?)?"
    r"[\s:.|]*"
    r"(?P<number>\d[\d*x]*(?:[ .\-][\d*x]+)*)"
)
_SEPARATORS = re.compile(r"[ .\-]")
#: A date after a bare "Tài khoản" label cell is the period, not an account number.
_DATE_LIKE = re.compile(r"\d{4}[.\-]\d{1,2}[.\-]\d{1,2}|\d{1,2}[.\-]\d{1,2}[.\-]\d{2,4}")
_MASK = re.compile(r"[*x]+")
#: Account numbers are 6 to 19 digits (BankAccount.account_number); shorter numbers after an
#: "account" label are something else (a page, a row).
_DIGITS = (6, 20)
_CELL_BREAK = " | "  # joins a row's cells: never inside a number, so cells never run together

WRONG_BANK_AND_NUMBER = _(
    "This file is the %(bank)s statement of account %(number)s, but the account chosen is "
    "%(chosen)s. Nothing was stored: choose the account this file belongs to."
)
WRONG_BANK = _(
    "This file is a %(bank)s statement, but the account chosen is %(chosen)s. Nothing was "
    "stored: choose the account this file belongs to."
)
WRONG_NUMBER = _(
    "This file is the statement of account %(number)s, but the account chosen is %(chosen)s. "
    "Nothing was stored: choose the account this file belongs to."
)


@dataclass(frozen=True)
class FileIdentity:
    """The banks (layout codes) and account numbers a file's title rows print; both empty
    when it names neither. Account numbers keep the bank's masking ("0071****567")."""

    banks: tuple = ()
    accounts: tuple = ()

    @property
    def names_nothing(self):
        return not self.banks and not self.accounts

    @property
    def bank_labels(self):
        return tuple(BY_BANK[bank].label for bank in self.banks)

    def as_json(self):
        """What the import stores and its report shows: bank names, account numbers."""
        return {"banks": list(self.bank_labels), "accounts": list(self.accounts)}


def read_identity(title_rows):
    """The FileIdentity of the rows above a statement's header row (lists of cell values)."""
    accounts = []
    for cells in title_rows:
        text = _CELL_BREAK.join(_cell_text(cell) for cell in cells if _cell_text(cell))
        for match in _ACCOUNT.finditer(fold(text)):
            if _DATE_LIKE.fullmatch(match["number"]):
                continue
            number = _SEPARATORS.sub("", match["number"])
            digits = sum(char.isdigit() for char in number)
            if _DIGITS[0] <= digits <= _DIGITS[1] and number not in accounts:
                accounts.append(number)
    return FileIdentity(banks=banks_named(title_rows), accounts=tuple(accounts))


def _cell_text(value):
    """A cell as text; a number cell holding an account number loses no digits (71.0 → "71")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def same_account(printed, number):
    """Whether an account number printed in a file is `number`. Leading zeros do not count
    (a number cell drops them); each masked run ("****") stands for one or more digits."""
    printed = printed.lower().lstrip("0")
    number = "".join(char for char in str(number) if char.isalnum()).lstrip("0")
    if not _MASK.search(printed):
        return printed == number
    pattern = r"\d+".join(re.escape(part) for part in _MASK.split(printed))
    return re.fullmatch(pattern, number) is not None


def check_identity(identity, *, bank_bin, bank_name, account_number, chosen):
    """Refuse (StatementError, no row or column) a file whose title rows name another bank or
    another account number than the account chosen; `chosen` is how that account is shown."""
    banks_agree = not identity.banks or bool(
        banks_of_account(bank_bin, bank_name) & set(identity.banks)
    )
    numbers_agree = not identity.accounts or any(
        same_account(printed, account_number) for printed in identity.accounts
    )
    if banks_agree and numbers_agree:
        return
    if identity.banks and identity.accounts:
        message = WRONG_BANK_AND_NUMBER
    else:
        message = WRONG_BANK if identity.banks else WRONG_NUMBER
    raise StatementError(
        None,
        None,
        message,
        {
            "bank": " / ".join(identity.bank_labels),
            "number": ", ".join(identity.accounts),
            "chosen": chosen,
        },
    )
