"""A commune's official list of households (poor, near-poor, …), imported from XLSX or CSV.

All or nothing: every row is read and checked first; one bad row refuses the whole file with a
Vietnamese message naming the row and the column, and nothing is written. A household already
known by its CCCD number is refused too (no duplicates), as is a CCCD repeated in the file.

Formula-safe: a text cell that a spreadsheet program would run as a formula (starting with
"=", "+", "-", "@": sitewide.spreadsheets.starts_like_formula) is refused, not stored, and the
template offered for download is written through the project's safe XLSX writer. A phone number
is kept as its digits ("+84 912…" becomes "0912…").

The file is read by sitewide.spreadsheet_files, the reader every import shares, bounded against
hostile files (an XLSX that unpacks to gigabytes, a row numbered past Excel's last, cells far to
the right, more rows than a list has); its refusals about the file as a whole are said in its
words, the ones about a row or a cell in this module's.

Private details in the file (CCCD, phone, address, bank account, reason) go only into the
households' records; the log entry of the import names the commune and the count.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.models.donors import normalise_phone
from donations.reports.workbook import Sheet, xlsx_response
from sitewide import spreadsheet_files
from sitewide.spreadsheets import starts_like_formula
from sitewide.text import fold, nfc

from . import audit
from .models import Beneficiary, Category, Gender

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool = False


COLUMNS = [
    Column("head_name", "Họ và tên chủ hộ", required=True),
    Column("head_gender", "Giới tính (Nam/Nữ)", required=True),
    Column("members_count", "Số nhân khẩu", required=True),
    Column("category", "Phân loại", required=True),
    Column("cccd", "Số CCCD"),
    Column("phone", "Số điện thoại"),
    Column("address", "Địa chỉ"),
    Column("bank_account", "Tài khoản ngân hàng"),
    Column("support_reason", "Lý do hỗ trợ"),
]
CATEGORY_WORDS = {
    "ho ngheo": Category.POOR,
    "ngheo": Category.POOR,
    "ho can ngheo": Category.NEAR_POOR,
    "can ngheo": Category.NEAR_POOR,
    "ho moi thoat ngheo": Category.NEWLY_ESCAPED,
    "moi thoat ngheo": Category.NEWLY_ESCAPED,
    "hoan canh dac biet kho khan": Category.ESPECIALLY_DIFFICULT,
    "dac biet kho khan": Category.ESPECIALLY_DIFFICULT,
}
GENDER_WORDS = {"nam": Gender.MALE, "ong": Gender.MALE, "nu": Gender.FEMALE, "ba": Gender.FEMALE}
EXAMPLE = [
    "Trần Thị Lan", "Nữ", 4, "Hộ nghèo", "045180000123", "0912345678",
    "Thôn Cheng, xã Hướng Phùng", "Agribank 3900205123456", "Chồng mất, nuôi 3 con nhỏ",
]  # fmt: skip
TEMPLATE_FILENAME = "mau-danh-sach-ho.xlsx"
REFUSED = gettext_lazy("The list was not imported (nothing was saved): %(problem)s")


def template_response():
    """The template to fill in: the headings and one example row."""
    sheet = Sheet(
        title="Danh sách hộ",
        headings=[column.heading for column in COLUMNS],
        rows=[EXAMPLE],
        widths={"A": 26, "B": 18, "D": 24, "E": 16, "F": 16, "G": 36, "H": 28, "I": 40},
    )
    return xlsx_response(TEMPLATE_FILENAME, [sheet])


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(nfc(str(value)).split())


def read_rows(uploaded):
    """The file's rows holding something, as (row number, list of text) pairs (the first row:
    headings), each numbered as the spreadsheet shows it, blank rows counted; at most
    MAX_ROWS + 2 of them, read no further (import_list refuses a file that has more)."""
    name = (getattr(uploaded, "name", "") or "").lower()
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    if not name.endswith((".xlsx", ".csv")):
        raise ValidationError(_("Choose an XLSX or CSV file."))
    try:
        # A formula is read as written ("=SUM(…)"), so that _parse_row refuses it.
        rows = spreadsheet_files.read_rows(
            data, name, limit=MAX_ROWS + 2, formulas=spreadsheet_files.WRITTEN
        )
    except spreadsheet_files.SpreadsheetError as error:
        if error.row is None:
            raise ValidationError(error.detail) from None
        raise ValidationError(
            _("Row %(row)s: %(message)s") % {"row": error.row, "message": error.detail}
        ) from None
    rows = [(number, [_text(cell) for cell in cells]) for number, cells in rows]
    return [(number, cells) for number, cells in rows if any(cells)]


def _column_positions(headings):
    folded = [fold(heading) for heading in headings]
    positions = {}
    for column in COLUMNS:
        wanted = fold(column.heading.split(" (")[0])
        for index, heading in enumerate(folded):
            if heading == wanted or heading.startswith(wanted):
                positions[column.key] = index
                break
        else:
            if column.required:
                raise ValidationError(
                    REFUSED
                    % {
                        "problem": _("the column “%(column)s” is missing.")
                        % {"column": column.heading}
                    }
                )
    return positions


def _problem(row_number, column, message):
    return ValidationError(
        REFUSED
        % {
            "problem": _("row %(row)s, column “%(column)s”: %(message)s")
            % {"row": row_number, "column": column.heading, "message": message}
        }
    )


def _parse_row(row_number, row, positions, seen_cccd):
    values = {}
    for column in COLUMNS:
        index = positions.get(column.key)
        value = row[index] if index is not None and index < len(row) else ""
        if value and starts_like_formula(value) and column.key != "phone":
            raise _problem(
                row_number, column, _("a cell may not start like a formula (=, +, -, @).")
            )
        if column.required and not value:
            raise _problem(row_number, column, _("this cell is empty."))
        values[column.key] = value
    by_key = {column.key: column for column in COLUMNS}
    gender = GENDER_WORDS.get(fold(values["head_gender"]))
    if gender is None:
        raise _problem(row_number, by_key["head_gender"], _("write Nam or Nữ."))
    category = CATEGORY_WORDS.get(fold(values["category"]))
    if category is None:
        raise _problem(
            row_number,
            by_key["category"],
            _("write Hộ nghèo, Hộ cận nghèo, Hộ mới thoát nghèo or Hoàn cảnh đặc biệt khó khăn."),
        )
    members = values["members_count"]
    if not (members.isascii() and members.isdigit()) or not 1 <= int(members) <= 50:
        raise _problem(row_number, by_key["members_count"], _("write a whole number from 1 to 50."))
    cccd = values["cccd"].replace(" ", "")
    if cccd and not (cccd.isascii() and cccd.isdigit() and len(cccd) == 12):
        raise _problem(row_number, by_key["cccd"], _("a CCCD number has exactly 12 digits."))
    if cccd and cccd in seen_cccd:
        raise _problem(
            row_number,
            by_key["cccd"],
            _("this CCCD number is already on row %(row)s.") % {"row": seen_cccd[cccd]},
        )
    if cccd:
        seen_cccd[cccd] = row_number
    phone = normalise_phone(values["phone"])
    if values["phone"] and not 9 <= len(phone) <= 11:
        raise _problem(row_number, by_key["phone"], _("this is not a phone number."))
    return Beneficiary(
        head_name=values["head_name"],
        head_gender=gender,
        members_count=int(members),
        category=category,
        cccd=cccd,
        phone=phone,
        address=values["address"][:300],
        bank_account=values["bank_account"][:120],
        support_reason=values["support_reason"],
    )


def import_list(uploaded, *, commune, list_year, user):
    """Read, check every row, then write them all in one transaction; returns the count."""
    rows = read_rows(uploaded)
    if len(rows) < 2:
        raise ValidationError(REFUSED % {"problem": _("the file has no households.")})
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError(
            REFUSED % {"problem": _("at most %(count)s households per file.") % {"count": MAX_ROWS}}
        )
    positions = _column_positions(rows[0][1])
    seen = {}
    # The reader's row numbers, not positions in the list: a blank row above a bad one must
    # not shift the number the staff member looks for in Excel.
    households = [_parse_row(number, row, positions, seen) for number, row in rows[1:]]
    known = set(Beneficiary.objects.filter(cccd__in=list(seen)).values_list("cccd", flat=True))
    if known:
        cccd = sorted(known)[0]
        raise _problem(
            seen[cccd],
            next(column for column in COLUMNS if column.key == "cccd"),
            _("a household with this CCCD number is already recorded."),
        )
    with transaction.atomic():
        for household in households:
            household.commune = commune
            household.list_year = list_year
            household.save()
        audit.log_entry(
            commune,
            audit.IMPORT,
            user=user,
            detail=_("%(count)s household(s), list of %(year)s")
            % {"count": len(households), "year": list_year},
        )
    return len(households)
