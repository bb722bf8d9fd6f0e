"""Data of bench/reconcile.py: a fund with four accounts, open pledges in bulk, and the
statement files of 100.000 transfers as Vietcombank, VietinBank, Agribank and BIDV export them.
Seeded: the same arguments give the same files."""

import csv
from datetime import date, datetime, timedelta


def words(text):
    return text.split()


FAMILY = words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý")
MIDDLE = words("Văn Thị Đức Minh Ngọc Thanh Hữu Quang Thu Xuân")
GIVEN = words(
    "An Bình Cường Dũng Hà Hải Hoà Hùng Lan Linh Long Mai Nam Phúc Quân Sơn Tâm Thảo Trang Tuấn "
    "Việt Yến"
)
COMPANIES = ["Công ty TNHH {} ", "Công ty CP Xây dựng {} ", "Hợp tác xã {} ", "Trường THPT {} "]
PLEDGE_AMOUNTS = [
    100_000,
    200_000,
    300_000,
    500_000,
    1_000_000,
    2_000_000,
    5_000_000,
    10_000_000,
    20_000_000,
    50_000_000,
]
GIFT_AMOUNTS = [20_000, 50_000, 100_000, 150_000, 200_000, 300_000, 500_000, 1_000_000]
GIFT_MEMOS = [
    "ung ho dong bao ngheo",
    "Ủng hộ Quỹ Vì người nghèo tỉnh",
    "UNG HO MTTQ",
    "Ủng hộ xây nhà Đại đoàn kết",
    "chuyen tien ung ho",
    "Ung ho ba con vung lu",
    "Góp sức vì người nghèo",
    "ung ho hoc bong cho em",
]
FIRST_DAY = date(2024, 9, 1)
DAYS = 91


def person(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def ascii_upper(text):
    from sitewide.text import fold

    return fold(text).upper()


def build_ledger(rng, pledge_count):
    """A fund, four accounts, a campaign and `pledge_count` open pledges, in bulk."""
    from campaigns.models import CampaignIndexPage
    from donations import codes
    from donations.models import BankAccount, CampaignFund, Donor, Fund, Pledge
    from sitewide.models import Area
    from sitewide.text import fold
    from tests.campaigns.conftest import make_campaign
    from tests.home.conftest import make_home

    area = Area.objects.create(name="Tỉnh Quảng Trị", slug="quang-tri", level="province")
    fund = Fund.objects.create(
        name="Quỹ Vì người nghèo tỉnh Quảng Trị", level="province", area=area
    )
    accounts = {
        key: BankAccount.objects.create(
            fund=fund, bank_name=name, bank_bin=bin_, account_number=number, holder="UBMTTQ TINH"
        )
        for key, name, bin_, number in [
            ("vcb", "Vietcombank", "970436", "0071001234567"),
            ("vietin", "VietinBank", "970415", "113000123456"),
            ("agri", "Agribank", "970405", "3700205123456"),
            ("bidv", "BIDV", "970418", "21510001234567"),
        ]
    }
    index = CampaignIndexPage(title="Chiến dịch", slug="chien-dich")
    make_home().add_child(instance=index)
    campaign = make_campaign(index)
    CampaignFund.objects.create(campaign=campaign, fund=fund)

    donors = []
    for number in range(pledge_count // 3):
        if number % 10 == 0:
            name = rng.choice(COMPANIES).format(rng.choice(GIVEN) + " " + rng.choice(GIVEN))
            kind = "business"
        else:
            name, kind = person(rng), "individual"
        name = name.strip()
        donors.append(Donor(kind=kind, name=name, name_folded=fold(name), public_display="masked"))
    donors = Donor.objects.bulk_create(donors, batch_size=2000)
    used = set()
    pledges = []
    while len(pledges) < pledge_count:
        code = codes.new_code()
        if code in used:
            continue
        used.add(code)
        pledged_on = FIRST_DAY - timedelta(days=rng.randrange(30))
        pledges.append(
            Pledge(
                donor=rng.choice(donors),
                campaign=campaign,
                fund=fund,
                amount=rng.choice(PLEDGE_AMOUNTS),
                pledged_on=pledged_on,
                due_on=pledged_on + timedelta(days=60),
                code=code,
                event="Lễ phát động Ngày vì người nghèo",
            )
        )
    pledges = Pledge.objects.bulk_create(pledges, batch_size=2000)
    return accounts, campaign, pledges


def code_memo(rng, code, donor_name):
    name = ascii_upper(donor_name)
    style = rng.randrange(6)
    if style == 0:
        return (
            f"MBVCB.{rng.randrange(10**9, 10**10)}.{code} ung ho quy vi nguoi ngheo.CT tu "
            f"{rng.randrange(10**12, 10**13)} {name} toi 0071001234567 UY BAN MTTQ VN TINH"
        )
    if style == 1:
        return f"IBFT Ủng hộ đồng bào nghèo - {code.lower()} - {donor_name}"
    if style == 2:
        return f"{name} chuyen tien ung ho {code[:4]} {code[4:]}"
    if style == 3:
        return f"REM Tfr Ac: {rng.randrange(10**9, 10**10)} {code} ung ho"
    if style == 4:
        return f"CT nhanh 247 den: {name} chuyen tien {code} ung ho"
    return f"{code} {donor_name} ủng hộ Quỹ Vì người nghèo"


def mistype(code):
    from donations.codes import ALPHABET

    position = 4
    replacement = next(ch for ch in ALPHABET if ch != code[position])
    return code[:position] + replacement + code[position + 1 :]


def transfers(rng, pledges, line_count):
    """[(amount, memo, sender)] of `line_count` distinct credits, in no particular order."""
    pool = list(pledges)
    rng.shuffle(pool)
    share = len(pool) / 20_000
    take = {
        "full": int(14_000 * share),
        "split": int(1_000 * share),
        "partial": int(2_000 * share),
        "mistyped": int(500 * share),
        "truncated": int(500 * share),
    }
    lines = []
    for pledge in pool[: take["full"]]:
        lines.append(
            (pledge.amount, code_memo(rng, pledge.code, pledge.donor.name), pledge.donor.name)
        )
    twice = lines[: int(500 * share)]  # the donor pressed "send" twice
    lines.extend(twice)
    start = take["full"]
    for position in range(take["split"]):
        first, second = pool[start + 2 * position], pool[start + 2 * position + 1]
        memo = f"{ascii_upper(first.donor.name)} ung ho {first.code} va {second.code}"
        lines.append((first.amount + second.amount, memo, first.donor.name))
    start += 2 * take["split"]
    for pledge in pool[start : start + take["partial"]]:
        lines.append(
            (
                pledge.amount // 2,
                code_memo(rng, pledge.code, pledge.donor.name) + " dot 1",
                pledge.donor.name,
            )
        )
    start += take["partial"]
    for pledge in pool[start : start + take["mistyped"]]:
        lines.append(
            (pledge.amount, f"Ung ho {mistype(pledge.code)} {pledge.donor.name}", pledge.donor.name)
        )
    start += take["mistyped"]
    for pledge in pool[start : start + take["truncated"]]:
        lines.append(
            (
                pledge.amount,
                f"{ascii_upper(pledge.donor.name)} ung ho {pledge.code[:6]}",
                pledge.donor.name,
            )
        )
    while len(lines) < line_count:
        sender = person(rng)
        lines.append((rng.choice(GIFT_AMOUNTS), f"{rng.choice(GIFT_MEMOS)} - {sender}", sender))
    rng.shuffle(lines)
    return lines[:line_count]


def moments(rng, count):
    """Booking times spread over three months, in order, down to the second."""
    seconds = sorted(rng.randrange(DAYS * 86_400) for _ in range(count))
    base = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day)
    return [base + timedelta(seconds=second) for second in seconds]


def vn_amount(amount):
    return f"{amount:,}".replace(",", ".")


#: Lines per statement file at most; a longer export is cut (an upload is at most 10 MB).
FILE_ROWS = 80_000


def write_files(rng, workdir, lines):
    """The statements of the four accounts; returns [(file name, account key)] in import order."""
    from tests.reconciliation.fixtures.statements.bank_rows import VCB_HEADER, VCB_TITLE

    total = len(lines)
    cuts = [0, int(total * 0.40), int(total * 0.67), int(total * 0.95), total]
    parts = [lines[cuts[i] : cuts[i + 1]] for i in range(4)]
    files = []

    def write_csv(name, key, head, rows, tail=(), delimiter=","):
        """One export, cut into files of at most FILE_ROWS lines (as a bank's export by period)
        when longer: an upload is at most 10 MB and 200.000 rows."""
        chunks = [rows[start : start + FILE_ROWS] for start in range(0, len(rows), FILE_ROWS)]
        for number, chunk in enumerate(chunks or [[]], 1):
            part = name if len(chunks) <= 1 else name.replace(".csv", f"-{number}.csv")
            last = number == max(len(chunks), 1)
            with open(workdir / part, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
                writer.writerows([*head, *chunk, *(tail if last else ())])
            files.append((part, key))

    # Vietcombank: two exports whose periods overlap (the overlap comes back as duplicates).
    vcb = [
        [
            when.strftime("%d/%m/%Y"),
            f"{5000 + n // 100_000}.{n:05d}",
            "",
            vn_amount(amount),
            "",
            memo,
        ]
        for n, ((amount, memo, _sender), when) in enumerate(
            zip(parts[0], moments(rng, len(parts[0])), strict=True)
        )
    ]
    for n in range(0, len(vcb), 97):  # bank fees between the credits
        vcb.insert(n, [vcb[n][0], f"9{n:06d}", "11.000", "", "", "Phí quản lý tài khoản"])
    half, overlap = len(vcb) // 2, len(vcb) // 20
    head = [*VCB_TITLE, VCB_HEADER]
    total_row = [["Tổng cộng", "", "", "", "", ""]]
    write_csv("vcb-1.csv", "vcb", head, vcb[: half + overlap], tail=total_row)
    write_csv("vcb-2.csv", "vcb", head, vcb[half:])

    # VietinBank: semicolons, sender columns, no reference (fingerprints).
    header = [
        "STT",
        "Ngày giao dịch",
        "Mô tả giao dịch",
        "Ghi nợ",
        "Ghi có",
        "Số dư",
        "Tên đối ứng",
        "Số TK đối ứng",
    ]
    rows = [
        [
            str(n + 1),
            when.strftime("%d/%m/%Y %H:%M:%S"),
            memo,
            "",
            vn_amount(amount),
            "",
            ascii_upper(sender),
            str(rng.randrange(10**11, 10**12)),
        ]
        for n, ((amount, memo, sender), when) in enumerate(
            zip(parts[1], moments(rng, len(parts[1])), strict=True)
        )
    ]
    title = [["NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM"], header]
    write_csv("vietinbank.csv", "vietin", title, rows, delimiter=";")

    # Agribank: comma thousands, no reference, two overlapping exports.
    header = ["STT", "Ngày GD", "Số bút toán", "Nợ", "Có", "Số dư", "Diễn giải"]
    rows = [
        [str(n + 1), when.strftime("%d/%m/%Y %H:%M"), f"{n:06d}", "", f"{amount:,}", "", memo]
        for n, ((amount, memo, _sender), when) in enumerate(
            zip(parts[2], moments(rng, len(parts[2])), strict=True)
        )
    ]
    half, overlap = len(rows) // 2, len(rows) // 20
    title = [["NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM - AGRIBANK"], header]
    write_csv("agribank-1.csv", "agri", title, rows[: half + overlap])
    write_csv("agribank-2.csv", "agri", title, rows[half:])

    # BIDV: the XLSX part.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sao ke")
    sheet.append(["NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM (BIDV)"])
    sheet.append(
        [
            "STT",
            "Ngày giao dịch",
            "Số tham chiếu",
            "Số tiền ghi nợ",
            "Số tiền ghi có",
            "Số dư",
            "Mô tả",
        ]
    )
    for n, ((amount, memo, _sender), when) in enumerate(
        zip(parts[3], moments(rng, len(parts[3])), strict=True)
    ):
        sheet.append(
            [
                str(n + 1),
                when.strftime("%d/%m/%Y %H:%M:%S"),
                f"FT24{n:09d}",
                "",
                f"{vn_amount(amount)},00",
                "",
                memo,
            ]
        )
    workbook.save(workdir / "bidv.xlsx")
    files.append(("bidv.xlsx", "bidv"))
    return files
