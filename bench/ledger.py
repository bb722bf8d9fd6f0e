"""Ledger benchmark on PostgreSQL: 1.000.000 receipts in one campaign.

    .venv/bin/python bench/ledger.py [--receipts 1000000] [--export-rows 100000]
                                     [--database chungtay_bench_ledger] [--keep]

Creates (and afterwards drops, unless --keep) its own database on the server of
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), loads the receipts with COPY
in batches, and prints:
- campaign totals (the public money panel's queries) and, for comparison, the direct SUM
  over the receipts;
- the public statement's first, a middle and the last page (query, and the whole HTTP page);
- the XLSX campaign report of a second campaign with --export-rows receipts: time and peak
  memory (Python allocations by tracemalloc, and the resident size of a separate
  `manage.py export_campaign_report` process).
Targets (issue 3): totals and any statement page < 50 ms; export of 100.000 rows < 10 s and
< 300 MB.
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
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Hà", "Võ Minh Khoa"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=1_000_000)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--database", default="chungtay_bench_ledger")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def recreate_database(name):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(name):
    os.environ["DATABASE_URL"] = f"{SERVER}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitewide.settings")
    import django

    django.setup()


def make_tree():
    """A home, a campaign index and two campaigns linked to one fund with a bank account."""
    from wagtail.models import Page, Site

    from campaigns.models import CampaignIndexPage, CampaignPage, SupportItem
    from donations.models import BankAccount, CampaignFund, Donor, DonorKind, Fund
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
    kinds = [DonorKind.INDIVIDUAL] * 6 + [
        DonorKind.BUSINESS,
        DonorKind.HOUSEHOLD,
        DonorKind.OVERSEAS,
    ]
    donors = Donor.objects.bulk_create(
        Donor(
            name=f"{NAMES[n % len(NAMES)]} {n}", kind=kinds[n % len(kinds)],
            phone=f"09{n:08d}", area=communes[n % len(communes)],
        )
        for n in range(20_000)
    )  # fmt: skip
    return fund, account, campaigns, donors


def copy_receipts(fund, account, campaign, donors, count, first_sequence):
    """COPY ``count`` receipts into the campaign, in batches; returns the last sequence."""
    from django.db import connection

    from sitewide.text import fold

    rng = random.Random(campaign.pk)
    columns = (
        "fund_id, campaign_id, number, year, sequence, channel, amount, received_at, donor_id, "
        "donor_kind, area_id, payer_name, receipt_book_number, bank_account_id, bank_reference, "
        "gateway, gateway_reference, goods_description, goods_quantity, goods_unit, memo, note, "
        "disclosure, public_name, public_name_folded, corrects_id, recorded_at, recorded_by_id"
    )
    channels = ["bank"] * 6 + ["cash", "online", "online", "in_kind"]
    amounts = [50_000, 100_000, 200_000, 200_000, 500_000, 500_000, 1_000_000, 2_000_000]
    now = datetime.datetime.now(datetime.UTC).isoformat()
    sequence = first_sequence
    done = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        while done < count:
            size = min(BATCH, count - done)
            buffer = io.StringIO()
            for _ in range(size):
                sequence += 1
                channel = rng.choice(channels)
                donor = rng.choice(donors) if rng.random() < 0.6 else None
                named = donor is not None and rng.random() < 0.4
                public = donor.name if named else ""
                moment = START + datetime.timedelta(seconds=rng.randrange(SPAN_SECONDS))
                row = [
                    fund.pk, campaign.pk, f"BN-2026-{sequence:06d}", 2026, sequence, channel,
                    rng.choice(amounts), moment.isoformat(),
                    donor.pk if donor else "\\N", donor.kind if donor else "",
                    donor.area_id if donor else "\\N", "",
                    f"Q{sequence}" if channel == "cash" else "",
                    account.pk if channel == "bank" else "\\N",
                    f"FT{sequence}" if channel == "bank" else "",
                    "vnpay" if channel == "online" else "",
                    str(sequence) if channel == "online" else "",
                    "Gạo" if channel == "in_kind" else "", "\\N", "", "", "",
                    "full" if named else "anonymous", public, fold(public) if public else "",
                    "\\N", now, "\\N",
                ]  # fmt: skip
                buffer.write("\t".join(str(value) for value in row) + "\n")
            buffer.seek(0)
            with raw.copy(f"COPY donations_receipt ({columns}) FROM STDIN") as copy:
                copy.write(buffer.read())
            done += size
            print(f"  {campaign.slug}: {done:,} receipts", end="\r", flush=True)
    print()
    return sequence


def finish_load(fund, campaign, last_sequence, reversals):
    """Counter, a few reversals, running totals rebuilt from the receipts, fresh statistics."""
    from django.db import connection

    from donations.models import Receipt, ReceiptCounter, Reversal
    from donations.services.totals import rebuild_ledger_totals

    ReceiptCounter.objects.create(fund=fund, year=2026, last_sequence=last_sequence)
    ids = Receipt.objects.filter(campaign=campaign).order_by("?").values_list("id", flat=True)
    Reversal.objects.bulk_create(
        Reversal(receipt_id=pk, reason="Bench: chuyển khoản bị hoàn") for pk in ids[:reversals]
    )
    rebuild_ledger_totals()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


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
    from django.test import Client, override_settings

    from donations.models import Receipt
    from donations.public.checks import find_gifts
    from donations.public.honour import honour_roll
    from donations.public.statement import StatementFilters, statement_page
    from donations.services import totals

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
    amount = StatementFilters(amount_min=2_000_000)
    report("first page, amount ≥ 2.000.000", timed(lambda: statement_page(campaign, amount)), 50)
    name = StatementFilters(name="nguyen van an 1")
    report("first page, name 'nguyen van an 1'", timed(lambda: statement_page(campaign, name), 5))
    nobody = StatementFilters(name="khong co ai")
    report("first page, a name nobody has", timed(lambda: statement_page(campaign, nobody), 3))
    print("Other public queries:")
    report("honour roll, first 100 rows", timed(lambda: list(honour_roll(campaign)[:100]), 3))
    number = Receipt.objects.filter(campaign=campaign).values_list("number", "amount").first()
    report("check-my-gift by receipt number", timed(lambda: find_gifts(*number)))

    client = Client()
    # Templates without `collectstatic`: plain static storage instead of the hashed manifest.
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    override_settings(STORAGES=plain).enable()
    url = f"/ung-ho/{campaign.slug}/sao-ke/"
    assert client.get(url).status_code == 200
    print("Public statement, whole HTTP page (Django test client, templates included):")
    report("first page", timed(lambda: client.get(url)), 50)
    report("last page", timed(lambda: client.get(url + "?trang=cuoi")), 50)
    report("campaign page with the money panel", timed(lambda: client.get(campaign.url)))


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
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "export_campaign_report", campaign.slug,
             "--output", str(target)],
            check=True, env={**os.environ, "DATABASE_URL": f"{SERVER}/{database}"},
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
        print(
            f"  manage.py export_campaign_report: {seconds:6.2f} s ({cpu:.2f} s of CPU), "
            f"peak resident {rss:6.1f} MB"
        )


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
    machine()
    recreate_database(args.database)
    try:
        setup_django(args.database)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"Migrated in {time.perf_counter() - started:.1f} s")
        fund, account, (big, small), donors = make_tree()
        started = time.perf_counter()
        last = copy_receipts(fund, account, big, donors, args.receipts, 0)
        last = copy_receipts(fund, account, small, donors, args.export_rows, last)
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
