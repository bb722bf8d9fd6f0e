"""The statement layouts of the banks the Fund banks with, recognised from their headers.

Each layout lists, per role, the header names that bank uses in Vietnamese and English (its
exports differ between channels and years), the roles whose presence identifies it, words of
its title rows ("NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM") that name the bank, and its BINs.

Columns alone can be ambiguous: Vietcombank's second layout has BIDV's headers exactly. So a
bank named in the title rows wins, and a bank so named needs only the date, credit and memo
columns (its exports without a reference column are still its own); an unnamed file must show
the layout's whole signature. Header names are written here already folded (see mapping.fold).
"""

from dataclasses import dataclass

from reconciliation.statements.mapping import (
    REQUIRED_ROLES,
    header_forms,
    normalise_header,
    resolve_columns,
)


@dataclass(frozen=True)
class Layout:
    bank: str
    label: str
    columns: dict
    signature: tuple = REQUIRED_ROLES
    hints: tuple = ()
    amount_style: str = "auto"
    #: The bank's identification numbers (NAPAS BIN), as a BankAccount stores them.
    bins: tuple = ()

    def aliases(self):
        return self.columns

    def resolve(self, header_cells, named=False):
        """{role: index} if this header row is this bank's, else None. A bank `named` in the
        title rows needs only the required roles, not its whole signature."""
        found = resolve_columns(header_cells, self.columns)
        if found is None:
            return None
        wanted = REQUIRED_ROLES if named else self.signature
        if any(
            role not in found and not self._in_date(role, header_cells, found) for role in wanted
        ):
            return None
        return found

    def _in_date(self, role, header_cells, found):
        """Whether the date column's header also names `role`, the document number ("Ngày GD/
        TNX Date Số CT/ Doc No"): Vietcombank then writes both in one cell, number after date."""
        if role != "reference" or "date" not in found:
            return False
        wanted = {normalise_header(alias) for alias in self.columns.get(role, ())}
        return bool(header_forms(header_cells[found["date"]]) & wanted)


VIETCOMBANK = Layout(
    bank="vietcombank",
    label="Vietcombank",
    columns={
        "date": ("ngay giao dich", "transaction date", "ngay gd", "tnx date"),
        "reference": ("so ct", "doc no", "so chung tu", "so but toan", "so tham chieu"),
        "debit": ("so tien ghi no", "debit"),
        "credit": ("so tien ghi co", "credit"),
        "balance": ("so du", "balance"),
        "memo": ("noi dung chi tiet", "transactions in detail", "mo ta"),
    },
    signature=(*REQUIRED_ROLES, "reference"),
    hints=("vietcombank", "ngoai thuong", "vcb"),
    bins=("970436",),
)

VIETINBANK = Layout(
    bank="vietinbank",
    label="VietinBank",
    columns={
        "date": ("ngay giao dich", "thoi gian giao dich", "ngay gd", "transaction date"),
        "memo": ("mo ta giao dich", "noi dung giao dich", "transaction description"),
        "debit": ("ghi no", "debit"),
        "credit": ("ghi co", "credit"),
        "balance": ("so du", "balance"),
        "counterparty_name": ("ten doi ung", "ten tai khoan doi ung", "corresponsive name"),
        "counterparty_account": ("so tk doi ung", "tai khoan doi ung", "corresponsive account"),
    },
    signature=(*REQUIRED_ROLES, "counterparty_name"),
    hints=("vietinbank", "cong thuong"),
    bins=("970415",),
)

BIDV = Layout(
    bank="bidv",
    label="BIDV",
    columns={
        "date": ("ngay giao dich", "ngay hieu luc", "transaction date"),
        "reference": ("so tham chieu", "so giao dich", "reference"),
        "debit": ("so tien ghi no", "ghi no", "debit"),
        "credit": ("so tien ghi co", "ghi co", "credit"),
        "balance": ("so du", "balance"),
        "memo": ("mo ta", "description"),
    },
    signature=(*REQUIRED_ROLES, "reference"),
    hints=("bidv", "dau tu va phat trien"),
    bins=("970418",),
)

AGRIBANK = Layout(
    bank="agribank",
    label="Agribank",
    columns={
        "date": ("ngay gd", "ngay giao dich", "ngay"),
        "time": ("gio gd", "gio giao dich", "gio", "thoi gian gd", "thoi gian", "time"),
        "debit": ("no", "phat sinh no", "debit"),
        "credit": ("co", "phat sinh co", "credit"),
        "balance": ("so du", "balance"),
        "memo": ("dien giai", "noi dung dien giai"),
    },
    hints=("agribank", "nong nghiep va phat trien nong thon"),
    bins=("970405", "970499"),
)

MB = Layout(
    bank="mb",
    label="MB",
    columns={
        "date": ("ngay giao dich", "transaction date"),
        "reference": ("so tham chieu", "so but toan", "ma giao dich", "reference no"),
        "debit": ("phat sinh no", "debit"),
        "credit": ("phat sinh co", "credit"),
        "balance": ("so du", "balance"),
        "memo": ("noi dung", "description"),
        "counterparty_name": ("ten tk doi ung", "ten tai khoan doi ung", "counter account name"),
        "counterparty_account": ("tk doi ung", "so tk doi ung", "counter account"),
    },
    hints=("mbbank", "mb bank", "quan doi", "military commercial"),
    bins=("970422",),
)

#: In this order, BIDV before Vietcombank, ties of equal columns are broken: a file with BIDV's
#: headers and no bank in its title rows has always been read as BIDV.
LAYOUTS = (BIDV, VIETCOMBANK, VIETINBANK, AGRIBANK, MB)
BY_BANK = {layout.bank: layout for layout in LAYOUTS}


def banks_named(title_rows):
    """The banks (layout codes, in LAYOUTS order) whose name the title rows print."""
    title = f" {normalise_header(' '.join(str(c) for row in title_rows for c in row if c))} "
    return tuple(
        layout.bank for layout in LAYOUTS if any(f" {hint} " in title for hint in layout.hints)
    )


def banks_of_account(bank_bin, bank_name):
    """The banks an account of the Fund is at, by its BIN or by the name staff gave its bank
    (either is enough: a name such as "Ngân hàng Đầu tư và Phát triển" names BIDV)."""
    name = f" {normalise_header(bank_name)} "
    return {
        layout.bank
        for layout in LAYOUTS
        if bank_bin in layout.bins
        or f" {layout.bank} " in name
        or any(f" {hint} " in name for hint in layout.hints)
    }


def detect_layout(header_cells, title_rows):
    """(layout, {role: index}) for the best-matching bank, or None.

    A bank named in the title rows wins (and needs only the required columns); otherwise the
    layout that recognises most columns, ties broken by the order of LAYOUTS.
    """
    named = banks_named(title_rows)
    best = None
    for order, layout in enumerate(LAYOUTS):
        is_named = layout.bank in named
        found = layout.resolve(header_cells, named=is_named)
        if found is None:
            continue
        score = (is_named, len(found), -order)
        if best is None or score > best[0]:
            best = (score, layout, found)
    return None if best is None else best[1:]


def header_words():
    """Folded date and credit header names of every layout: a data row whose date or credit
    cell reads like one is a repeated or second-language header row, not a transfer."""
    words = set()
    for layout in LAYOUTS:
        for role in ("date", "credit"):
            words.update(layout.columns.get(role, ()))
    return frozenset(words)
