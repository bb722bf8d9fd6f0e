"""Pledges in bulk from an XLSX or CSV file (after a ceremony, or a department's list).

All or nothing: the file is read and every row checked before anything is written; the first
bad cell refuses the whole file with a Vietnamese sentence naming its row and column. A file
that passes becomes a PledgeImport holding the rows and, for each, the donor it will use (by
tax code, then phone, then name without diacritics) or the one it will create; nothing is
written to the ledger until staff confirm. Confirming matches again (a donor may have been
added meanwhile), creates the new donors once each (two rows naming the same new donor share
it), and records every pledge through donations.services.record_pledges (record_pledge's rules
for many at once), each with its payment code, in one transaction. Both steps work in bulk,
a few queries per thousand rows: a file of MAX_ROWS rows is confirmed well inside a web
request (bench/pledge_import.py), where one query or more per row took minutes.

Optional columns earmark a pledge for a commune (by its name, with or without "xã" and
diacritics), a support type and the donor's own words; a commune not found is refused like any
bad cell.

Formulas are never run: an XLSX cell holding a formula, or text starting with "=", is refused
("type the value itself"), and the template file is written through the formula-safe
workbook writer. The file is read by sitewide.spreadsheet_files, the reader every import
shares, bounded against hostile files (an XLSX that unpacks to gigabytes, a row numbered past
Excel's last, cells far to the right, more rows than a file of pledges has).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.models import Donor, DonorKind, SupportType
from donations.models.donors import normalise_phone, tax_code_validator
from donations.services import PledgeRefused, record_pledges
from mobilisation.models import CeremonyPledge, PledgeImport
from sitewide import spreadsheet_files
from sitewide.forms import DateField, MoneyField
from sitewide.models import Area
from sitewide.spreadsheet_files import FormulaCell
from sitewide.text import fold

from .ceremonies import checked_donor, save_donors
from .donors import match_donor_ids

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

# key: (heading in the template, other headings accepted, compared folded)
COLUMNS = {
    "name": (
        gettext_lazy("Name of unit or person"),
        ["ten", "ten don vi", "ho ten", "ho va ten", "don vi", "nha hao tam"],
    ),
    "kind": (gettext_lazy("Kind"), ["loai", "loai nha hao tam", "doi tuong"]),
    "tax_code": (gettext_lazy("Tax code"), ["mst", "ma so thue"]),
    "phone": (gettext_lazy("Phone"), ["dien thoai", "so dien thoai", "sdt"]),
    "amount": (
        gettext_lazy("Amount or value (đồng)"),
        ["so tien", "gia tri", "so tien (dong)", "so tien dang ky"],
    ),
    "goods": (gettext_lazy("Goods (if in kind)"), ["hang hoa", "hien vat"]),
    "due_on": (gettext_lazy("Due on (dd/mm/yyyy)"), ["han nop", "han", "han thanh toan"]),
    "note": (gettext_lazy("Note"), ["ghi chu"]),
    # Optional: the earmark ("a business adopts a commune").
    "earmark_area": (
        gettext_lazy("Commune supported (earmark)"),
        ["xa", "xa nhan ho tro", "xa duoc ho tro", "dia chi ung ho", "ung ho co dia chi"],
    ),
    "earmark_type": (
        gettext_lazy("Support type (earmark)"),
        ["loai ho tro", "hang muc ho tro", "hang muc"],
    ),
    "earmark_label": (
        gettext_lazy("Earmark, in the donor's words"),
        ["noi dung dia chi ung ho", "noi dung ho tro"],
    ),
}
REQUIRED = ("name", "amount")
KIND_WORDS = {
    "doanh nghiep": DonorKind.BUSINESS,
    "cong ty": DonorKind.BUSINESS,
    "ca nhan": DonorKind.INDIVIDUAL,
    "ho gia dinh": DonorKind.HOUSEHOLD,
    "gia dinh": DonorKind.HOUSEHOLD,
    "to chuc": DonorKind.ORGANISATION,
    "co quan": DonorKind.ORGANISATION,
    "don vi": DonorKind.ORGANISATION,
    "kieu bao": DonorKind.OVERSEAS,
    "to chuc co quan": DonorKind.ORGANISATION,
    "co quan to chuc": DonorKind.ORGANISATION,
}
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


class ImportRefused(Exception):
    """The file cannot be imported; str() says where and why, in the staff's language."""


def _kind_key(text):
    """ "Tổ chức, cơ quan" → "to chuc co quan": folded, punctuation as spaces."""
    return " ".join(_NOT_ALNUM.sub(" ", fold(text)).split())


def _kind_words():
    words = {_kind_key(word): kind for word, kind in KIND_WORDS.items()}
    for kind in DonorKind:
        words[_kind_key(kind.value)] = kind
        words[_kind_key(str(kind.label))] = kind
        with translation.override("vi"):
            words[_kind_key(str(kind.label))] = kind
    return words


def _commune_key(text):
    """ "Xã A Dơi" and "a doi" alike: folded, punctuation as spaces, the word "xã" dropped."""
    words = _kind_key(text).split()
    if words and words[0] in {"xa", "phuong", "dac", "thi"}:
        words = words[2:] if words[:2] in (["dac", "khu"], ["thi", "tran"]) else words[1:]
    return " ".join(words)


def _communes():
    """{commune key: [Area, …]} of the communes in force today."""
    found = {}
    for area in Area.objects.current().filter(level=Area.Level.COMMUNE):
        found.setdefault(_commune_key(area.name), []).append(area)
    return found


def _support_type_words():
    words = {}
    for support_type in SupportType:
        words[_kind_key(support_type.value)] = support_type
        words[_kind_key(str(support_type.label))] = support_type
        with translation.override("vi"):
            words[_kind_key(str(support_type.label))] = support_type
    return words


def headings():
    return [str(COLUMNS[key][0]) for key in COLUMNS]


def _heading_keys():
    keys = {}
    for key, (label, aliases) in COLUMNS.items():
        keys[fold(str(label))] = key
        with translation.override("vi"):
            keys[fold(str(label))] = key
        for alias in aliases:
            keys[alias] = key
    return keys


def _column_name(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def read_cells(data, filename):
    """[(row number, [value, …]), …] of the file's rows holding something (headings first),
    each numbered as the spreadsheet shows it, blank rows counted; at most
    MAX_ROWS + 2 of them, read no further (parse_rows refuses a file that has more); or
    ImportRefused. An XLSX cell holding a formula comes back as the FormulaCell marker."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 5 MB: split it."))
    name = (filename or "").lower()
    if not name.endswith((".xlsx", ".csv", ".txt")):
        raise ImportRefused(_("Send an XLSX or CSV file (the template is an XLSX file)."))
    try:
        rows = spreadsheet_files.read_rows(
            data, name, limit=MAX_ROWS + 2, formulas=spreadsheet_files.MARKED
        )
    except spreadsheet_files.SpreadsheetError as error:
        if error.row is None:
            raise ImportRefused(error.detail) from None
        raise ImportRefused(
            _("Row %(row)s: %(message)s") % {"row": error.row, "message": error.detail}
        ) from None
    return rows


def _refuse(row, column, message):
    raise ImportRefused(
        _("Row %(row)s, column %(column)s: %(message)s")
        % {"row": row, "column": column, "message": message}
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_rows(numbered):
    """The rows of the file (read_cells' numbered rows) as dicts ready to import, or
    ImportRefused at the first bad cell, named by the row number the spreadsheet shows (not
    by a position in the list, which blank rows left out would shift)."""
    cells = [
        (number, row)
        for number, row in numbered
        if any(_text(v) for v in row if not isinstance(v, FormulaCell))
    ]
    if not cells:
        raise ImportRefused(_("The file is empty."))
    keys = _heading_keys()
    columns = {}
    for index, heading in enumerate(cells[0][1]):
        key = keys.get(fold(_text(heading)).rstrip(":"))
        if key and key not in columns:
            columns[key] = index
    missing = [str(COLUMNS[key][0]) for key in REQUIRED if key not in columns]
    if missing:
        raise ImportRefused(
            _("The first row must name the columns; missing: %(columns)s. Use the template.")
            % {"columns": ", ".join(missing)}
        )
    if len(cells) - 1 > MAX_ROWS:
        raise ImportRefused(_("At most %(max)s pledges per file: split it.") % {"max": MAX_ROWS})
    lookups = {"kinds": _kind_words(), "communes": None, "support_types": _support_type_words()}
    if "earmark_area" in columns:
        lookups["communes"] = _communes()
    rows = []
    for number, raw in cells[1:]:
        rows.append(_parse_row(number, raw, columns, lookups))
    if not rows:
        raise ImportRefused(_("The file has headings but no pledge."))
    return rows


def _parse_row(number, raw, columns, lookups):
    kind_words = lookups["kinds"]
    values = {}
    for key, index in columns.items():
        value = raw[index] if index < len(raw) else None
        heading = f"{_column_name(index)} ({COLUMNS[key][0]})"
        if isinstance(value, FormulaCell) or (
            isinstance(value, str) and value.lstrip().startswith("=")
        ):
            _refuse(number, heading, _("a formula; type the value itself."))
        values[key] = (value, heading)

    def text(key):
        return _text(values[key][0]) if key in values else ""

    def where(key):
        return values[key][1]

    name = text("name")
    if not name:
        _refuse(number, where("name"), _("the name is empty."))
    if len(name) > 200:
        _refuse(number, where("name"), _("the name is longer than 200 characters."))
    tax_code = text("tax_code")
    if tax_code:
        try:
            tax_code_validator(tax_code)
        except ValidationError as error:
            _refuse(number, where("tax_code"), error.messages[0])
    phone = normalise_phone(text("phone"))
    if text("phone") and not 9 <= len(phone) <= 11:
        _refuse(
            number,
            where("phone"),
            _("“%(value)s” is not a phone number.") % {"value": text("phone")},
        )
    kind_text = text("kind")
    if kind_text:
        kind = kind_words.get(_kind_key(kind_text))
        if kind is None:
            _refuse(
                number,
                where("kind"),
                _(
                    "“%(value)s” is not a kind of donor (Doanh nghiệp, Cá nhân, Hộ gia đình, "
                    "Tổ chức, cơ quan, Kiều bào)."
                )
                % {"value": kind_text},
            )
    else:
        kind = DonorKind.BUSINESS if tax_code else DonorKind.INDIVIDUAL
    amount_value = values["amount"][0]
    try:
        amount = MoneyField(min_value=1).clean(
            amount_value if isinstance(amount_value, int) else _text(amount_value)
        )
    except ValidationError as error:
        _refuse(number, where("amount"), error.messages[0])
    if isinstance(amount_value, float) and not amount_value.is_integer():
        _refuse(number, where("amount"), _("an amount is whole đồng, without a decimal part."))
    due_on = None
    if "due_on" in values and values["due_on"][0] not in (None, ""):
        value = values["due_on"][0]
        if isinstance(value, datetime.datetime):
            due_on = value.date()
        elif isinstance(value, datetime.date):
            due_on = value
        else:
            try:
                due_on = DateField().clean(_text(value))
            except ValidationError:
                _refuse(
                    number,
                    where("due_on"),
                    _("“%(value)s” is not a date dd/mm/yyyy.") % {"value": _text(value)},
                )
    goods = text("goods")
    if len(goods) > 300:
        _refuse(number, where("goods"), _("the goods are described in more than 300 characters."))
    earmark = _parse_earmark(number, text, where, lookups)
    return {
        **earmark,
        "row": number,
        "name": name,
        "kind": str(kind),
        "tax_code": tax_code,
        "phone": phone,
        "amount": amount,
        "goods": goods,
        "due_on": due_on.isoformat() if due_on else "",
        "note": text("note"),
    }


def _parse_earmark(number, text, where, lookups):
    """The row's earmark: the commune by its name (with or without "xã", without diacritics
    too), the support type by its name; a type or words without a commune are refused."""
    commune_text, type_text, label = (
        text("earmark_area"),
        text("earmark_type"),
        text("earmark_label"),
    )
    area = None
    if commune_text:
        found = lookups["communes"].get(_commune_key(commune_text), [])
        if not found:
            _refuse(
                number,
                where("earmark_area"),
                _("“%(value)s” is not the name of a commune in force.") % {"value": commune_text},
            )
        if len(found) > 1:
            _refuse(
                number,
                where("earmark_area"),
                _("“%(value)s” names more than one commune: %(names)s.")
                % {"value": commune_text, "names": "; ".join(str(a) for a in found)},
            )
        area = found[0]
    support_type = ""
    if type_text:
        support_type = lookups["support_types"].get(_kind_key(type_text))
        if support_type is None:
            _refuse(
                number,
                where("earmark_type"),
                _("“%(value)s” is not a support type (%(types)s).")
                % {"value": type_text, "types": ", ".join(str(t.label) for t in SupportType)},
            )
    if (support_type or label) and area is None:
        column = "earmark_type" if support_type else "earmark_label"
        _refuse(number, where(column), _("an earmark needs the commune it is for."))
    if len(label) > 200:
        _refuse(number, where("earmark_label"), _("the earmark is longer than 200 characters."))
    return {
        "earmark_area": area.pk if area else None,
        "earmark_area_name": area.name if area else "",
        "earmark_type": str(support_type or ""),
        "earmark_label": label,
    }


def _donor_key(row):
    if row["tax_code"]:
        return ("tax_code", row["tax_code"])
    if row["phone"]:
        return ("phone", row["phone"])
    return ("name", fold(row["name"]))


def with_matches(rows):
    """The rows, each with the donor it will use ("donor_id", "match") or, for a donor to
    create, "same_as": the first row creating the same donor."""
    first_new = {}
    matched = []
    found = match_donor_ids([(row["name"], row["tax_code"], row["phone"]) for row in rows])
    for row, (donor_id, how) in zip(rows, found, strict=True):
        row = {**row, "donor_id": donor_id, "match": how, "same_as": None}
        if donor_id is None:
            key = _donor_key(row)
            if key in first_new:
                row["same_as"] = first_new[key]
            else:
                first_new[key] = row["row"]
        matched.append(row)
    return matched


def _check_dates(rows, pledged_on):
    for row in rows:
        if row["due_on"] and datetime.date.fromisoformat(row["due_on"]) < pledged_on:
            column = str(COLUMNS["due_on"][0])
            _refuse(
                row["row"],
                column,
                _("the due date is before the pledge date %(day)s.")
                % {"day": pledged_on.strftime("%d/%m/%Y")},
            )


def pledged_on_for(campaign, ceremony):
    return ceremony.held_on if ceremony is not None else timezone.localdate()


def stage_import(*, data, filename, campaign, ceremony=None, user=None):
    """Read and check the file; a PledgeImport awaiting confirmation, or ImportRefused."""
    if ceremony is not None and ceremony.campaign_id != campaign.pk:
        raise ImportRefused(_("The ceremony belongs to another campaign."))
    rows = parse_rows(read_cells(data, filename))
    _check_dates(rows, pledged_on_for(campaign, ceremony))
    return PledgeImport.objects.create(
        campaign=campaign,
        ceremony=ceremony,
        filename=(filename or "")[:255],
        rows=with_matches(rows),
        created_by=user,
    )


def confirm_import(pledge_import, *, user=None):
    """Write every pledge of the import (once), or refuse with ImportRefused.

    In bulk, so that a file of MAX_ROWS confirms well inside a web request: the donors are
    matched in a few queries, the new ones checked one by one and inserted together, the
    pledges written by donations.services.record_pledges (every rule of record_pledge), the
    ceremony's entries and the import's links inserted together.
    """
    with transaction.atomic():
        locked = PledgeImport.objects.select_for_update().get(pk=pledge_import.pk)
        if locked.confirmed_at is not None:
            raise ImportRefused(_("This file has already been imported."))
        campaign, ceremony = locked.campaign, locked.ceremony
        pledged_on = pledged_on_for(campaign, ceremony)
        event = (
            ceremony.name if ceremony else _("Imported from %(file)s") % {"file": locked.filename}
        )
        rows = with_matches(locked.rows)
        earmarked = {row["earmark_area"] for row in rows if row.get("earmark_area")}
        areas = Area.objects.in_bulk(earmarked)
        donors = Donor.objects.in_bulk({row["donor_id"] for row in rows if row["donor_id"]})
        created = {}
        for row in rows:
            key = _donor_key(row)
            if row["donor_id"] or key in created:
                continue
            try:
                created[key] = checked_donor(
                    name=row["name"], kind=row["kind"], phone=row["phone"],
                    tax_code=row["tax_code"],
                )  # fmt: skip
            except ValidationError as error:
                raise _refused_row(row, error) from None
        save_donors(list(created.values()))
        common = {"campaign": campaign, "pledged_on": pledged_on, "event": event}
        try:
            pledges = record_pledges(
                pledges=[
                    {
                        **common,
                        **_pledge_terms(row, areas),
                        "donor": donors[row["donor_id"]]
                        if row["donor_id"]
                        else created[_donor_key(row)],
                    }
                    for row in rows
                ],
                user=user,
            )
        except PledgeRefused as error:
            raise _refused_row(rows[error.index], error) from None
        if ceremony is not None:
            CeremonyPledge.objects.bulk_create(
                [CeremonyPledge(ceremony=ceremony, pledge=pledge) for pledge in pledges],
                batch_size=1000,
            )
        links = PledgeImport.pledges.through
        links.objects.bulk_create(
            [links(pledgeimport_id=locked.pk, pledge_id=pledge.pk) for pledge in pledges],
            batch_size=1000,
        )
        locked.confirmed_at = timezone.now()
        locked.confirmed_by = user
        locked.save(update_fields=["confirmed_at", "confirmed_by"])
    return pledges


def _pledge_terms(row, areas):
    """What a staged row says of its pledge, as record_pledge's arguments."""
    return {
        "amount": row["amount"],
        "due_on": datetime.date.fromisoformat(row["due_on"]) if row["due_on"] else None,
        "in_kind": bool(row["goods"]),
        "goods_description": row["goods"],
        "note": row["note"],
        "earmark_area": areas.get(row.get("earmark_area")),
        "earmark_support_type": row.get("earmark_type", ""),
        "earmark_label": row.get("earmark_label", ""),
    }


def _refused_row(row, error):
    return ImportRefused(
        _("Row %(row)s: %(message)s") % {"row": row["row"], "message": " ".join(error.messages)}
    )


def template_rows():
    """Two example rows for the template file."""
    return [
        [
            "Công ty Cổ phần Xi măng Miền Trung",
            "Doanh nghiệp",
            "3200123456",
            "",
            500_000_000,
            "",
            "31/12/2026",
            "",
            "Xã A Dơi",
            "Xây mới nhà Đại đoàn kết",
            "10 Nhà Đại đoàn kết tại xã A Dơi",
        ],
        [
            "Trần Thị Bích",
            "Cá nhân",
            "",
            "0912345678",
            2_000_000,
            "",
            "",
            "Ủng hộ xây nhà",
            "",
            "",
            "",
        ],
        [
            "Hợp tác xã Nông nghiệp Hướng Phùng",
            "Tổ chức, cơ quan",
            "",
            "",
            30_000_000,
            "3 tấn gạo",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
