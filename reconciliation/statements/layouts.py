"""The statement layouts of the banks the Fund banks with, recognised from their headers.

Each layout lists, per role, the header names that bank uses in Vietnamese and English (its
exports differ between channels and years), the roles whose presence identifies it, and words
of its title rows ("NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM") that settle a tie when two banks
use the same headers. Header names are written here already folded (see mapping.fold).
"""

from dataclasses import dataclass

from reconciliation.statements.mapping import REQUIRED_ROLES, normalise_header, resolve_columns


@dataclass(frozen=True)
class Layout:
    bank: str
    label: str
    columns: dict
    signature: tuple = REQUIRED_ROLES
    hints: tuple = ()
    amount_style: str = "auto"

    def aliases(self):
        return self.columns

    def resolve(self, header_cells):
        """{role: index} if this header row is this bank's, else None."""
        found = resolve_columns(header_cells, self.columns)
        if found is None or any(role not in found for role in self.signature):
            return None
        return found


VIETCOMBANK = Layout(
    bank="vietcombank",
    label="Vietcombank",
    columns={
        "date": ("ngay giao dich", "transaction date", "ngay gd"),
        "reference": ("so ct", "doc no", "so chung tu", "so but toan"),
        "debit": ("so tien ghi no", "debit"),
        "credit": ("so tien ghi co", "credit"),
        "balance": ("so du", "balance"),
        "memo": ("noi dung chi tiet", "transactions in detail"),
    },
    signature=(*REQUIRED_ROLES, "reference"),
    hints=("vietcombank", "ngoai thuong", "vcb"),
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
)

AGRIBANK = Layout(
    bank="agribank",
    label="Agribank",
    columns={
        "date": ("ngay gd", "ngay giao dich", "ngay"),
        "debit": ("no", "phat sinh no", "debit"),
        "credit": ("co", "phat sinh co", "credit"),
        "balance": ("so du", "balance"),
        "memo": ("dien giai", "noi dung dien giai"),
    },
    hints=("agribank", "nong nghiep va phat trien nong thon"),
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
)

LAYOUTS = (VIETCOMBANK, VIETINBANK, BIDV, AGRIBANK, MB)


def detect_layout(header_cells, title_rows):
    """(layout, {role: index}) for the best-matching bank, or None.

    A bank named in the title rows wins; otherwise the layout that recognises most columns.
    """
    title = f" {normalise_header(' '.join(str(c) for row in title_rows for c in row if c))} "
    best = None
    for order, layout in enumerate(LAYOUTS):
        found = layout.resolve(header_cells)
        if found is None:
            continue
        named = any(f" {hint} " in title for hint in layout.hints)
        score = (named, len(found), -order)
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
