"""Demo statements: last week's exports of three of the Fund's banks, so that `make run` shows
the reconciliation queue with work in it, as Front staff find it on a Monday morning.

The Vietcombank and VietinBank files are imported through the same service as the admin's
upload: transfers that carry a pledge's payment code for exactly what is outstanding are
matched at once; a partial payment, a mistyped code, small gifts without a code and the bank's
interest wait in the queue. The BIDV file is only written (under MEDIA_ROOT/demo-statements/)
for staff to upload themselves. Called by `load_demo_content` after donations.demo; once the
demo's imports exist it does nothing, and the import's own dedupe would refuse a second copy.
Staff open these files too, so their cells go through sitewide.spreadsheets like any export.
"""

import csv
import datetime
import io
from pathlib import Path

from anyascii import anyascii
from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook

from donations.models import BankAccount, Pledge, PledgeStatus
from sitewide.spreadsheets import SafeWriter, safe_row

from .models import StatementImport
from .services import import_statement

FOLDER = "demo-statements"
# (name shown in the bank's memo, amount) of gifts sent without any payment code.
SMALL_GIFTS = [
    ("NGUYEN THI MAI", 500_000),
    ("TRAN VAN HUNG", 200_000),
    ("LE THI THU HUONG", 1_000_000),
    ("PHAM QUOC BAO", 300_000),
    ("HOANG MINH TAM", 2_000_000),
    ("DO THI LAN", 150_000),
    ("VO VAN KIET", 5_000_000),
]


def _folder():
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _payer(pledge):
    return anyascii(pledge.donor.name).upper()


def _mistype(code):
    """The code with one character changed, as a donor types it from a printed letter."""
    swap = "7" if code[4] != "7" else "8"
    return code[:4] + swap + code[5:]


def _open_pledges():
    """The demo's open pledges with something outstanding, oldest first (deterministic)."""
    pledges = (
        Pledge.objects.with_paid()
        .filter(cancelled_at__isnull=True, outstanding__gt=0, amount__lte=500_000_000)
        .exclude(code="")
        .select_related("donor")
        .order_by("pk")
    )
    return [p for p in pledges if p.status in (PledgeStatus.OPEN, PledgeStatus.PARTLY_PAID)]


def _money(amount, style):
    if style == "dot":
        return f"{amount:,}".replace(",", ".")
    return f"{amount:,}".replace(",", ".") + ",00"


def vietcombank_rows(account, days, pledges):
    first, last = days[0], days[-1]
    title = [
        ["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM (VIETCOMBANK)"],
        ["SAO KÊ TÀI KHOẢN"],
        [f"Số tài khoản: {account.account_number} - {anyascii(account.holder).upper()}"],
        [f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"],
        [],
        ["Ngày giao dịch", "Số CT", "Số tiền ghi nợ", "Số tiền ghi có", "Số dư",
         "Nội dung chi tiết"],
    ]  # fmt: skip
    credits = []
    if len(pledges) > 0:
        p = pledges[0]
        credits.append(
            (p.outstanding, f"MBVCB.{6986253000 + p.pk}.{p.code} ung ho quy vi nguoi ngheo.CT tu "
             f"0071000{p.pk:06d} {_payer(p)} toi {account.account_number}")
        )  # fmt: skip
    if len(pledges) > 1:
        p = pledges[1]
        credits.append(
            (p.outstanding, f"IBFT {p.code.lower()} {_payer(p)} ung ho ngay vi nguoi ngheo")
        )
    if len(pledges) > 2:
        p = pledges[2]
        credits.append((p.outstanding, f"{_payer(p)} ung ho theo cam ket {_mistype(p.code)}"))
    for name, amount in SMALL_GIFTS[:4]:
        credits.append((amount, f"{name} chuyen tien ung ho nguoi ngheo"))
    credits.append((38_450, "Lãi tiền gửi tháng 11"))
    rows, balance = [], 1_250_000_000
    rows.append([f"{first:%d/%m/%Y}", "", "", "", _money(balance, "dot"), "Số dư đầu kỳ"])
    for number, (amount, memo) in enumerate(credits):
        balance += amount
        day = days[min(number, len(days) - 1)]
        rows.append(
            [f"{day:%d/%m/%Y}", f"5{number + 101}.{day:%d%m}{number:02d}", "",
             _money(amount, "dot"), _money(balance, "dot"), memo]
        )  # fmt: skip
    balance -= 11_000
    rows.append([f"{last:%d/%m/%Y}", "5199.00001", "11.000", "", _money(balance, "dot"),
                 "Phí quản lý tài khoản"])  # fmt: skip
    return title + rows


def vietinbank_rows(account, days, pledges):
    first, last = days[0], days[-1]
    table = [
        ["NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM - VIETINBANK"],
        ["LỊCH SỬ GIAO DỊCH TÀI KHOẢN"],
        [f"Tài khoản: {account.account_number}", f"Từ ngày: {first:%d/%m/%Y}",
         f"Đến ngày: {last:%d/%m/%Y}"],
        ["STT", "Ngày giao dịch", "Mô tả giao dịch", "Ghi nợ", "Ghi có", "Số dư", "Tên đối ứng",
         "Số TK đối ứng"],
    ]  # fmt: skip
    credits = []
    if len(pledges) > 3:
        p = pledges[3]
        credits.append(
            (p.outstanding, f"CT nhanh 247 den: {_payer(p)} chuyen tien {p.code}", _payer(p))
        )
    if len(pledges) > 4:
        p = pledges[4]  # half of what is outstanding: staff confirm it against the pledge
        credits.append((p.outstanding // 2, f"{p.code} ung ho dot 1 - {_payer(p)}", _payer(p)))
    for name, amount in SMALL_GIFTS[4:]:
        credits.append((amount, f"CT nhanh 247 den: {name} ung ho ba con ngheo", name))
    balance = 86_400_000
    for number, (amount, memo, payer) in enumerate(credits, start=1):
        balance += amount
        day = days[(number * 2) % len(days)]
        table.append(
            [str(number), f"{day:%d/%m/%Y} {9 + number:02d}:{number * 7 % 60:02d}:05", memo, "",
             _money(amount, "dot"), _money(balance, "dot"), payer, f"10587{number:07d}"]
        )  # fmt: skip
    return table


def bidv_rows(account, days, pledges):
    first, last = days[0], days[-1]
    table = [
        ["NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM (BIDV)"],
        ["SAO KÊ TÀI KHOẢN"],
        [f"Số tài khoản: {account.account_number}"],
        [f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"],
        ["STT", "Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Số dư",
         "Mô tả"],
    ]  # fmt: skip
    credits = [(1_500_000, "Ủng hộ người nghèo - Đoàn Văn Đức")]
    if len(pledges) > 5:
        p = pledges[5]
        credits.append((p.outstanding, f"REM Tfr Ac: 12{p.pk:08d} {p.code} {_payer(p)} ung ho"))
    balance = 0
    for number, (amount, memo) in enumerate(credits, start=1):
        balance += amount
        day = days[-number]
        table.append(
            [str(number), f"{day:%d/%m/%Y} 10:1{number}:00", f"FT26{day:%j}{number:05d}", "",
             _money(amount, "comma"), _money(balance, "comma"), memo]
        )  # fmt: skip
    return table


def _csv_bytes(table, delimiter):
    buffer = io.StringIO(newline="")
    SafeWriter(csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")).writerows(table)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode()


def _xlsx_bytes(table):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sao ke"
    for row in table:
        sheet.append(safe_row(row))
    raw = io.BytesIO()
    workbook.save(raw)
    return raw.getvalue()


def last_week(today=None):
    """Monday to Sunday of the week before `today`'s."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    return [monday + datetime.timedelta(days=offset) for offset in range(7)]


def _account(bank_name):
    return BankAccount.objects.filter(bank_name=bank_name, fund__isnull=False).first()


def load():
    """Write the three files and import two of them; nothing when already done."""
    vcb, vtb, bidv = _account("Vietcombank"), _account("VietinBank"), _account("BIDV")
    if not (vcb and vtb and bidv):
        return
    if StatementImport.objects.filter(file_name__startswith="demo-").exists():
        return
    days, pledges = last_week(), _open_pledges()
    folder = _folder()
    files = [
        (vcb, "demo-vietcombank.csv", _csv_bytes(vietcombank_rows(vcb, days, pledges), ","), True),
        (vtb, "demo-vietinbank.csv", _csv_bytes(vietinbank_rows(vtb, days, pledges), ";"), True),
        (bidv, "demo-bidv.xlsx", _xlsx_bytes(bidv_rows(bidv, days, pledges)), False),
    ]
    for account, name, data, imported in files:
        (folder / name).write_bytes(data)
        if imported:
            import_statement(account=account, file_bytes=data, filename=name)
