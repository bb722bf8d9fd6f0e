"""Ledger benchmark on PostgreSQL: a million receipts in one campaign, or ten at national scale.

    .venv/bin/python bench/ledger.py [--receipts 1000000] [--export-rows 100000]
                                     [--database chungtay_bench_ledger] [--keep] [--sqlite]

Creates (and afterwards drops, unless --keep) its own database on the server of
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), loads donors and receipts with
COPY in batches (the receipts' indexes built after the load), and prints:
- campaign totals (the public money panel's queries) and, for comparison, the direct SUM
  over the receipts;
- the public statement's first, a middle and the last page, and its filters: a common name
  typed without diacritics ("nguyen van an"), a rare one, an amount range, a day (query, and
  the whole HTTP page);
- the honour roll's first, a middle and the last page, uncached (query, and the whole page);
- the XLSX campaign report of a second campaign with --export-rows receipts: time and peak
  memory (Python allocations by tracemalloc, and the resident size of a separate
  `manage.py export_campaign_report` process).
The donors are drawn from a Vietnamese name distribution (bench/bench_names.py): one donor for every
seven receipts, most gifts anonymous (no known donor, or a donor who chose so).
Targets (issue 3, issue 18): totals, any statement page and filter, any honour-roll page
< 50 ms; export of 100.000 rows < 10 s and < 300 MB.
"""

import argparse
import datetime
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
BATCH = 50_000
START = datetime.datetime(2026, 10, 17, 0, 0, tzinfo=datetime.UTC)
SPAN_SECONDS = 39 * 24 * 3600
SQLITE = False  # --sqlite
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
#: A name the distribution never draws, planted once with a few gifts: the "rare name" filter.
RARE_NAME = "Tôn Nữ Thị Ánh Tuyết"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=1_000_000)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--database", default="chungtay_bench_ledger")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--sqlite", action="store_true", help="SQLite, a file in the temporary folder"
    )
    return parser.parse_args()


def database_url(name):
    """PostgreSQL on SERVER, or with --sqlite a file of that name in the temporary folder."""
    if SQLITE:
        return f"sqlite:///{Path(tempfile.gettempdir()) / name}.sqlite3"
    return f"{SERVER}/{name}"


def recreate_database(name):
    if SQLITE:
        drop_database(name)
        return
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name):
    if SQLITE:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database_url(name)[len('sqlite:///') :]}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(name):
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitewide.settings")
    import django

    django.setup()


def make_tree(count):
    """A home, a campaign index and two campaigns linked to one fund with a bank account."""
    from wagtail.models import Page, Site

    from campaigns.models import CampaignIndexPage, CampaignPage, SupportItem
    from donations.models import BankAccount, CampaignFund, Fund
    from home.models import HomePage
    from sitewide.models import Area

    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Trang chủ", slug="bench-home", hero_heading="Bench")
    )
    Site.objects.update(root_page=home)
    index = home.add_child(instance=CampaignIndexPage(title="Chiến dịch", slug="chien-dich"))
    province = Area.objects.create(name="Tỉnh Quảng Trị", slug="quang-tri", level="province")
    communes = [
        Area.objects.create(name=f"Xã Thứ {n}", slug=f"xa-{n}", level="commune", parent=province)
        for n in range(10)
    ]
    fund = Fund.objects.create(name="Quỹ Vì người nghèo tỉnh", level="province", area=province)
    account = BankAccount.objects.create(
        fund=fund, bank_name="Vietcombank", bank_bin="970436", account_number="0771000160160",
        holder="QUY VI NGUOI NGHEO",
    )  # fmt: skip
    campaigns = []
    for slug, title in [("trieu-luot", "Một triệu lượt ủng hộ"), ("xuat-bao-cao", "Xuất báo cáo")]:
        campaign = index.add_child(
            instance=CampaignPage(
                title=title, slug=slug, intro="Bench", start_date=START.date(),
                end_date=datetime.date(2026, 12, 31), organiser="Ủy ban MTTQ tỉnh",
                target_amount=500_000_000_000,
            )
        )  # fmt: skip
        campaign.save_revision().publish()
        SupportItem.objects.create(
            page=campaign, name="Nhà Đại đoàn kết", unit_cost=60_000_000, target_count=120
        )
        CampaignFund.objects.create(campaign=campaign, fund=fund)
        campaigns.append(campaign)
    donors = copy_donors(communes, max(20_000, count // 7))
    return fund, account, campaigns, donors


def copy_donors(communes, count):
    """COPY ``count`` donors (bench/bench_names.py); returns their public side, one tuple each:
    (id, kind, area id, disclosure, public name, folded public name)."""
    from bench_names import donor as draw_donor
    from django.db import connection

    from donations.models import Donor
    from sitewide.text import fold

    rng = random.Random(18)
    now = stamp(datetime.datetime.now(datetime.UTC))
    columns = (
        "kind, name, organisation, phone, email, address, tax_code, area_id, public_display, "
        "note, created_at, name_folded, organisation_folded"
    )
    drawn = [draw_donor(rng, number) for number in range(count - 1)]
    drawn.append((RARE_NAME, "individual", "full"))
    with connection.cursor() as cursor:
        for start in range(0, count, BATCH):
            rows = []
            for number in range(start, min(count, start + BATCH)):
                name, kind, display = drawn[number]
                rows.append([
                    kind, name, "", f"09{number:08d}", "", "", "",
                    communes[number % len(communes)].pk, display, "", now, fold(name), "",
                ])  # fmt: skip
            write_rows(cursor, "donations_donor", columns, rows)
    ids = list(Donor.objects.order_by("pk").values_list("pk", flat=True))
    donors = []
    probe = Donor()
    for number, (pk, (name, kind, display)) in enumerate(zip(ids, drawn, strict=True)):
        probe.name, probe.kind = name, kind
        public = probe.public_name(display)
        donors.append(
            (pk, kind, communes[number % len(communes)].pk, display, public, fold(public))
        )
    print(f"  {len(donors):,} donors")
    return donors


def stamp(moment):
    """A moment as the database stores it: ISO with its offset (PostgreSQL), naive UTC text
    (Django's SQLite form)."""
    if SQLITE:
        return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment.isoformat()


def write_rows(cursor, table, columns, rows):
    """COPY the rows (PostgreSQL), or insert them in one executemany (SQLite); None is NULL."""
    if SQLITE:
        marks = ", ".join(["%s"] * len(columns.split(",")))
        insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - bench names
        cursor.executemany(insert, rows)
        return
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value) for value in row) + "\n")
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        copy.write(buffer.getvalue())


def receipt_indexes(drop):
    """Drop the receipts' plain indexes before the load (returning their definitions), or with
    drop=False build them again afterwards; COPY into an indexed table is several times slower."""
    from django.db import connection

    if SQLITE:
        return
    with connection.cursor() as cursor:
        if not drop:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for definition in receipt_indexes.definitions:
                cursor.execute(definition)
            cursor.execute("ALTER TABLE donations_receipt ENABLE TRIGGER ALL")
            return
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'donations_receipt' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = 'donations_receipt'::regclass)"
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX "{name}"')
        # The bench's rows are consistent by construction: no foreign-key check per row.
        cursor.execute("ALTER TABLE donations_receipt DISABLE TRIGGER ALL")
        receipt_indexes.definitions = [definition for _name, definition in found]


def copy_receipts(fund, account, campaign, donors, count, first_sequence):
    """COPY ``count`` receipts into the campaign, in batches; returns the last sequence."""
    from bench_names import gift_amount
    from django.db import connection

    rng = random.Random(campaign.pk)
    columns = (
        "fund_id, campaign_id, number, year, sequence, channel, amount, received_at, donor_id, "
        "donor_kind, area_id, payer_name, receipt_book_number, bank_account_id, bank_reference, "
        "gateway, gateway_reference, goods_description, goods_quantity, goods_unit, memo, note, "
        "disclosure, public_name, public_name_folded, corrects_id, recorded_at, recorded_by_id"
    )
    channels = ["bank"] * 6 + ["cash", "online", "online", "in_kind"]
    now = stamp(datetime.datetime.now(datetime.UTC))
    sequence = first_sequence
    done = 0
    with connection.cursor() as cursor:
        while done < count:
            size = min(BATCH, count - done)
            rows = []
            for _ in range(size):
                sequence += 1
                channel = rng.choice(channels)
                # Most gifts come from no known donor (a transfer with no name, a box).
                donor = rng.choice(donors) if rng.random() < 0.55 else None
                pk, kind, area, display, public, folded = donor or (
                    None,
                    "",
                    None,
                    "anonymous",
                    "",
                    "",
                )
                moment = START + datetime.timedelta(seconds=rng.randrange(SPAN_SECONDS))
                row = [
                    fund.pk, campaign.pk, f"BN-2026-{sequence:06d}", 2026, sequence, channel,
                    gift_amount(rng, kind), stamp(moment), pk, kind, area, "",
                    f"Q{sequence}" if channel == "cash" else "",
                    account.pk if channel == "bank" else None,
                    f"FT{sequence}" if channel == "bank" else "",
                    "vnpay" if channel == "online" else "",
                    str(sequence) if channel == "online" else "",
                    "Gạo" if channel == "in_kind" else "", None, "", "", "",
                    display, public, folded,
                    None, now, None,
                ]  # fmt: skip
                rows.append(row)
            write_rows(cursor, "donations_receipt", columns, rows)
            done += size
            print(f"  {campaign.slug}: {done:,} receipts", end="\r", flush=True)
    print()
    return sequence


def finish_load(fund, campaign, last_sequence, reversals):
    """Counter, a few reversals, running totals rebuilt from the receipts, fresh statistics."""
    from django.db import connection

    from donations.models import Receipt, ReceiptCounter, Reversal
    from donations.services.honour import rebuild_honour_totals
    from donations.services.totals import rebuild_ledger_totals

    ReceiptCounter.objects.create(fund=fund, year=2026, last_sequence=last_sequence)
    ids = Receipt.objects.filter(campaign=campaign).order_by("?").values_list("id", flat=True)
    Reversal.objects.bulk_create(
        Reversal(receipt_id=pk, reason="Bench: chuyển khoản bị hoàn") for pk in ids[:reversals]
    )
    rebuild_ledger_totals()
    started = time.perf_counter()
    rebuild_honour_totals()
    print(f"  honour roll rebuilt from the receipts in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if SQLITE else "VACUUM ANALYZE")


def timed(function, repeat=15):
    function()  # warm the cache, as a live server would be
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


def report(label, figures, target=None):
    median, worst = figures
    verdict = ""
    if target is not None:
        verdict = "  OK" if median < target else f"  OVER {target} ms"
    print(f"  {label:<46} median {median:8.1f} ms   max {worst:8.1f} ms{verdict}")


def measure_queries(campaign):
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client, override_settings

    from donations.models import Receipt
    from donations.public.checks import find_gifts
    from donations.public.honour import honour_count, honour_page
    from donations.public.statement import StatementFilters, statement_page, statement_rows
    from donations.services import totals
    from donations.views.public import HONOUR_PAGE_SIZE

    print("Campaign totals (1 campaign, all receipts):")
    report(
        "campaign_totals() for the money panel", timed(lambda: totals.campaign_totals(campaign)), 50
    )
    report(
        "direct SUM over the receipts (not used live)",
        timed(lambda: totals.direct_received(campaign=campaign), 5),
    )

    filters = StatementFilters()
    first = statement_page(campaign, filters)
    middle_cursor = first.older_cursor
    for _ in range(2000):  # 100.000 rows down
        middle_cursor = statement_page(campaign, filters, after=middle_cursor).older_cursor
    print("Public statement, query only (50 rows a page):")
    report("first page", timed(lambda: statement_page(campaign, filters)), 50)
    report(
        "page 2.001 (after 100.000 rows)",
        timed(lambda: statement_page(campaign, filters, after=middle_cursor)),
        50,
    )
    report("last page", timed(lambda: statement_page(campaign, filters, last=True)), 50)
    day = (START + datetime.timedelta(days=20)).date()
    for label, filters in [
        ("amount ≥ 2.000.000", StatementFilters(amount_min=2_000_000)),
        ("amount 5.000.000–10.000.000", StatementFilters(amount_min=5_000_000, amount_max=10**7)),
        ("amount ≥ 1.000.000.000 (few gifts)", StatementFilters(amount_min=10**9)),
        ("one day", StatementFilters(date_from=day, date_to=day)),
        ("name 'nguyen van an' (common, no marks)", StatementFilters(name="nguyen van an")),
        ("name 'nguyen' (the commonest family)", StatementFilters(name="nguyen")),
        ("name 'cong ty tnhh'", StatementFilters(name="cong ty tnhh")),
        ("name 'ton nu thi' (one donor)", StatementFilters(name="ton nu thi")),
        ("name 'khong co ai' (nobody)", StatementFilters(name="khong co ai")),
        ("name 'nguyen van an' on one day", StatementFilters(name="nguyen van an", date_from=day,
                                                            date_to=day)),
    ]:  # fmt: skip
        report(f"first page, {label}", timed(lambda f=filters: statement_page(campaign, f), 5), 50)
        report(
            f"last page, {label}",
            timed(lambda f=filters: statement_page(campaign, f, last=True), 5),
            50,
        )
    common = StatementFilters(name="nguyen van an")
    print(f"  ('nguyen van an' matches {statement_rows(campaign, common).count():,} gifts)")

    rows = honour_count(campaign)
    pages = max(1, -(-rows // HONOUR_PAGE_SIZE))
    print(f"Honour roll ({rows:,} names, {pages:,} pages of {HONOUR_PAGE_SIZE}), query only:")
    for label, page in [("first page", 1), ("middle page", pages // 2 + 1), ("last page", pages)]:
        start = (page - 1) * HONOUR_PAGE_SIZE
        report(
            f"{label} ({page:,})",
            timed(lambda s=start: honour_page(campaign, s, HONOUR_PAGE_SIZE + 1)),
            50,
        )
    print("Other public queries:")
    number = Receipt.objects.filter(campaign=campaign).values_list("number", "amount").first()
    report("check-my-gift by receipt number", timed(lambda: find_gifts(*number)))

    client = Client()
    # Templates without `collectstatic`: plain static storage instead of the hashed manifest.
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    override_settings(STORAGES=plain).enable()
    url = f"/ung-ho/{campaign.slug}/sao-ke/"
    assert client.get(url).status_code == 200

    def uncached(address):
        cache.clear()  # the honour roll's own page cache, and any page or fragment kept
        return client.get(address)

    print("Whole HTTP pages, uncached (Django test client, templates included):")
    report("statement, first page", timed(lambda: uncached(url)), 50)
    report("statement, last page", timed(lambda: uncached(url + "?trang=cuoi")), 50)
    report("statement, ?ten=nguyen+van+an", timed(lambda: uncached(url + "?ten=nguyen+van+an")), 50)
    report(
        "statement, ?tu_so_tien=5.000.000&den_so_tien=10.000.000",
        timed(lambda: uncached(url + "?tu_so_tien=5.000.000&den_so_tien=10.000.000")),
        50,
    )
    honour_url = f"/ung-ho/{campaign.slug}/vinh-danh/"
    for label, page in [("first", 1), ("middle", pages // 2 + 1), ("last", pages)]:
        address = f"{honour_url}?trang={page}" if page > 1 else honour_url
        assert uncached(address).status_code == 200, address
        report(f"honour roll, {label} page", timed(lambda a=address: uncached(a)), 50)
    report("campaign page with the money panel", timed(lambda: uncached(campaign.url)))


def measure_export(campaign, database):
    from donations.reports.campaign import write_campaign_report

    print("XLSX campaign report (summary, pledges per donor, receipt list):")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "report.xlsx"
        started, cpu = time.perf_counter(), time.process_time()
        write_campaign_report(campaign, target)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        size = target.stat().st_size / 1e6
        print(f"  in process: {seconds:6.2f} s ({cpu:.2f} s of CPU), file {size:.1f} MB")

        tracemalloc.start()
        write_campaign_report(campaign, target)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  peak Python allocations (tracemalloc): {peak / 1e6:6.1f} MB")

        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-c", PEAK_AT_EXIT, str(ROOT / "manage.py"),
             "export_campaign_report", campaign.slug, "--output", str(target),
             "--skip-checks"],  # a bench has no signing key
            check=True, env={**os.environ, "DATABASE_URL": database_url(database)},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime
        peak = [line.split()[1] for line in child.stderr.splitlines() if line.startswith("VmHWM")]
        rss = int(peak[-1]) / 1024 if peak else float("nan")
        print(
            f"  manage.py export_campaign_report: {seconds:6.2f} s ({cpu:.2f} s of CPU), "
            f"peak resident {rss:6.1f} MB"
        )


#: Runs manage.py and prints the process's own peak resident size (VmHWM) when it exits: not
#: getrusage's ru_maxrss of the children, which Linux carries across fork and exec, so the
#: child reported the bench's own peak (709 MB after loading ten million receipts).
PEAK_AT_EXIT = """
import atexit, runpy, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("VmHWM " + line.split()[1] + "\\n")
atexit.register(peak)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def machine():
    """Load and the speed of a plain Python loop, to read the figures against."""
    started = time.process_time()
    total = 0
    for number in range(10_000_000):
        total += number
    loop = time.process_time() - started
    load = os.getloadavg()[0]
    print(f"Machine: {os.cpu_count()} CPUs, load {load:.1f}, 10M-step Python loop {loop:.2f} s CPU")


def main():
    args = parse_args()
    global SQLITE  # noqa: PLW0603 - read by the loaders; set once, before any of them runs
    SQLITE = args.sqlite
    machine()
    recreate_database(args.database)
    try:
        setup_django(args.database)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"Migrated in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        fund, account, (big, small), donors = make_tree(args.receipts)
        receipt_indexes(drop=True)
        last = copy_receipts(fund, account, big, donors, args.receipts, 0)
        last = copy_receipts(fund, account, small, donors, args.export_rows, last)
        copied = time.perf_counter()
        receipt_indexes(drop=False)
        print(f"  indexes built in {time.perf_counter() - copied:.1f} s")
        finish_load(fund, big, last, reversals=max(1, args.receipts // 1000))
        seconds = time.perf_counter() - started
        print(f"Loaded {args.receipts + args.export_rows:,} receipts in {seconds:.1f} s")
        measure_queries(big)
        measure_export(small, args.database)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(args.database)


if __name__ == "__main__":
    main()
