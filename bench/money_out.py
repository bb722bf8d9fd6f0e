"""Money-out benchmark on PostgreSQL: 1.000.000 receipts and 100.000 vouchers across one province
fund and 100 commune funds.

    .venv/bin/python bench/money_out.py [--receipts 1000000] [--vouchers 100000]
                                        [--book-rows 100000] [--database chungtay_bench_money_out]
                                        [--keep] [--reuse]

Creates (and afterwards drops, unless --keep) its own database on the server of
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), loads receipts, transfers from
the province to each commune every month, and support vouchers with COPY, then builds the day
buckets with the ledger's rebuild functions (rebuild_ledger_totals, rebuild_spending_totals,
rebuild_fund_day_totals) and prints:
- a commune fund's balance for a period, and the province fund's (fund_balance);
- the province roll-up over the 100 communes (rollup);
- the fund book XLSX of the province for a period of about --book-rows movements: time, peak
  Python allocations (tracemalloc) and the process's peak resident size;
- verify_ledger's money-out checks, for the record.
Targets (issue 15): a balance < 20 ms; the roll-up < 100 ms; the fund book of 100.000 movements
< 10 s in < 300 MB.

--reuse measures a database kept by an earlier --keep run (migrated first, so a new day table is
filled by its migration) without loading it again; it implies --keep.
"""

import argparse
import datetime
import io
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ledger import (  # noqa: E402 - after the path is set
    drop_database,
    machine,
    recreate_database,
    report,
    setup_django,
    timed,
)

COMMUNES = 100
YEAR = 2026
FIRST_DAY = datetime.date(YEAR, 1, 1)
DAYS = 334  # to 30/11
BATCH = 50_000
SUPPORT_TYPES = ["house_new", "house_repair", "livelihood", "scholarship", "health_insurance"]
AMOUNTS = {
    "house_new": 60_000_000,
    "house_repair": 30_000_000,
    "livelihood": 10_000_000,
    "scholarship": 2_000_000,
    "health_insurance": 1_200_000,
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=1_000_000)
    parser.add_argument("--vouchers", type=int, default=100_000)
    parser.add_argument("--book-rows", type=int, default=100_000)
    parser.add_argument("--database", default="chungtay_bench_money_out")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the database of an earlier --keep run"
    )
    return parser.parse_args()


def make_funds():
    from donations.models import BankAccount, Fund
    from sitewide.models import Area

    province_area = Area.objects.create(name="Tỉnh Quảng Trị", slug="quang-tri", level="province")
    province = Fund.objects.create(
        name="Quỹ Vì người nghèo tỉnh", level="province", area=province_area
    )
    account = BankAccount.objects.create(
        fund=province, bank_name="Vietcombank", bank_bin="970436",
        account_number="0771000160160", holder="QUY VI NGUOI NGHEO",
    )  # fmt: skip
    communes = []
    for number in range(COMMUNES):
        area = Area.objects.create(
            name=f"Xã Thứ {number}", slug=f"xa-{number}", level="commune", parent=province_area
        )
        communes.append(
            Fund.objects.create(
                name=f"Quỹ Vì người nghèo xã Thứ {number}",
                level="commune",
                area=area,
                parent=province,
            )  # fmt: skip
        )
    return province, account, communes


def _copy(table, columns, rows):
    from django.db import connection

    with connection.cursor() as cursor:
        buffer = io.StringIO()
        count = 0
        for row in rows:
            buffer.write("\t".join("\\N" if value is None else str(value) for value in row))
            buffer.write("\n")
            count += 1
            if count % BATCH == 0:
                _flush(cursor, table, columns, buffer)
                buffer = io.StringIO()
        _flush(cursor, table, columns, buffer)
    return count


def _flush(cursor, table, columns, buffer):
    buffer.seek(0)
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(buffer.read())


def _moment(day, rng):
    moment = datetime.datetime.combine(day, datetime.time(1)) + datetime.timedelta(
        seconds=rng.randrange(14 * 3600)
    )
    return moment.replace(tzinfo=datetime.UTC).isoformat()


def copy_receipts(province, account, communes, count):
    """40 % into the province fund, the rest spread over the communes; cash and bank."""
    rng = random.Random(15)
    now = datetime.datetime.now(datetime.UTC).isoformat()
    sequences = {}
    columns = (
        "fund_id", "number", "year", "sequence", "channel", "amount", "received_at",
        "donor_kind", "payer_name", "receipt_book_number", "bank_account_id", "bank_reference",
        "gateway", "gateway_reference", "goods_description", "goods_unit", "memo", "note",
        "disclosure", "public_name", "public_name_folded", "recorded_at",
    )  # fmt: skip
    amounts = [100_000, 200_000, 500_000, 500_000, 1_000_000, 2_000_000]

    def rows():
        for index in range(count):
            fund = province if index % 5 < 2 else communes[rng.randrange(COMMUNES)]
            sequence = sequences[fund.pk] = sequences.get(fund.pk, 0) + 1
            day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
            bank = fund is province and rng.random() < 0.7
            yield (
                fund.pk, f"BN-{YEAR}-{sequence:06d}", YEAR, sequence, "bank" if bank else "cash",
                rng.choice(amounts), _moment(day, rng), "", "",
                "" if bank else f"Q{sequence}", account.pk if bank else None,
                f"FT{index}" if bank else "", "", "", "", "", "", "", "anonymous", "", "", now,
            )  # fmt: skip
            if index % 100_000 == 0:
                print(f"  {index:,} receipts", end="\r", flush=True)

    _copy("donations_receipt", columns, rows())
    print()
    return sequences


def copy_money_out(province, communes, count):
    """Monthly transfers province → each commune (a PC voucher and a PT record each), then
    support vouchers for the rest of ``count``, 10 % in the province and 90 % in the communes,
    each well within what its fund holds by then."""
    from django.db import connection

    rng = random.Random(16)
    now = datetime.datetime.now(datetime.UTC).isoformat()
    voucher_sequences, in_sequences = {}, {}
    voucher_columns = (
        "id", "fund_id", "number", "year", "sequence", "kind", "method", "amount", "paid_on",
        "authority_key", "authority_label", "recipient_name", "content", "place",
        "support_type", "area_id", "goods_item", "goods_unit", "created_at", "handover_file",
        "handover_received_by", "handover_place",
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM donations_voucher")
        next_id = cursor.fetchone()[0] + 1
    transfers = []

    def voucher(fund, kind, amount, day, recipient, support_type="", area_id=None, key=""):
        nonlocal next_id
        sequence = voucher_sequences[fund.pk] = voucher_sequences.get(fund.pk, 0) + 1
        row = (
            next_id, fund.pk, f"PC-{YEAR}-{sequence:06d}", YEAR, sequence, kind, "bank", amount,
            day.isoformat(), key, "Quyết định bench" if key else "", recipient, "", "",
            support_type, area_id, "", "", now, "", "", "",
        )  # fmt: skip
        next_id += 1
        return row

    def rows():
        made = 0
        for month in range(2, 12):
            day = datetime.date(YEAR, month, 5)
            for commune in communes:
                if made >= count:
                    return
                out = voucher(province, "transfer_out", 50_000_000, day, commune.name)
                transfers.append((out[0], commune, day))
                made += 1
                yield out
        while made < count:
            fund = province if rng.random() < 0.1 else communes[rng.randrange(COMMUNES)]
            support_type = rng.choice(SUPPORT_TYPES)
            amount = AMOUNTS[support_type] // (20 if fund is not province else 4)
            day = FIRST_DAY + datetime.timedelta(days=60 + rng.randrange(DAYS - 60))
            key = f"bench.authority:{fund.pk}:{made}"
            yield voucher(fund, "support", amount, day, f"Hộ số {made}", support_type,
                          fund.area_id, key)  # fmt: skip
            made += 1
            if made % 20_000 == 0:
                print(f"  {made:,} vouchers", end="\r", flush=True)

    _copy("donations_voucher", voucher_columns, rows())
    print()

    def transfer_rows():
        for voucher_id, commune, day in transfers:
            sequence = in_sequences[commune.pk] = in_sequences.get(commune.pk, 0) + 1
            yield (
                commune.pk, province.pk, "", 50_000_000, day.isoformat(), "", "Phân bổ",
                f"PT-{YEAR}-{sequence:06d}", YEAR, sequence, voucher_id, now,
            )  # fmt: skip

    _copy(
        "donations_fundtransfer",
        ("to_fund_id", "from_fund_id", "source_name", "amount", "transferred_on", "reference",
         "content", "number", "year", "sequence", "out_voucher_id", "created_at"),
        transfer_rows(),
    )  # fmt: skip
    return voucher_sequences, in_sequences


def finish_load(receipt_sequences, voucher_sequences, in_sequences):
    from django.db import connection

    from donations.models import DocumentCounter, ReceiptCounter
    from donations.services.holdings import rebuild_fund_day_totals, rebuild_spending_totals
    from donations.services.totals import rebuild_ledger_totals

    ReceiptCounter.objects.bulk_create(
        ReceiptCounter(fund_id=fund, year=YEAR, last_sequence=last)
        for fund, last in receipt_sequences.items()
    )
    DocumentCounter.objects.bulk_create(
        [
            DocumentCounter(fund_id=fund, prefix=prefix, year=YEAR, last_sequence=last)
            for prefix, sequences in (("PC", voucher_sequences), ("PT", in_sequences))
            for fund, last in sequences.items()
        ]
    )
    started = time.perf_counter()
    rebuild_ledger_totals()
    rebuild_spending_totals()
    rebuild_fund_day_totals()
    print(f"Buckets rebuilt in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def book_period(province, rows):
    """A period starting on 01/01 whose fund book has about ``rows`` movements."""
    from donations.models import LedgerTotal, SpendingTotal

    per_day = {}
    for model, field in ((LedgerTotal, "gifts"), (SpendingTotal, "count")):
        for day, number in model.objects.filter(fund=province).values_list("day", field):
            per_day[day] = per_day.get(day, 0) + number
    total = 0
    end = FIRST_DAY
    for day in sorted(per_day):
        total += per_day[day]
        end = day
        if total >= rows:
            break
    return FIRST_DAY, end, total


def measure(province, communes, book_rows):
    from donations.reports.balance import fund_balance, rollup, write_fund_book

    start, end = datetime.date(YEAR, 3, 1), datetime.date(YEAR, 9, 30)
    commune = communes[7]
    print("Balances (01/03 to 30/09):")
    report("fund_balance(commune fund)", timed(lambda: fund_balance(commune, start, end)), 20)
    report("fund_balance(province fund)", timed(lambda: fund_balance(province, start, end)), 20)
    report("rollup(province + 100 communes)", timed(lambda: rollup(province, start, end)), 100)
    whole = rollup(province, FIRST_DAY, datetime.date(YEAR, 12, 31)).total
    print(f"  roll-up of the year: closing {whole.closing:,} đồng".replace(",", "."))

    book_start, book_end, movements = book_period(province, book_rows)
    print(
        f"Fund book XLSX of the province, {book_start:%d/%m/%Y} to {book_end:%d/%m/%Y}: "
        f"{movements:,} movements".replace(",", ".")
    )
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "so-quy.xlsx"
        started, cpu = time.perf_counter(), time.process_time()
        write_fund_book(target, province, book_start, book_end)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        size = target.stat().st_size / 1e6
        print(f"  {seconds:6.2f} s ({cpu:.2f} s of CPU), file {size:.1f} MB")
        tracemalloc.start()
        write_fund_book(target, province, book_start, book_end)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak Python allocations (tracemalloc): {peak / 1e6:6.1f} MB")
        print(f"  peak resident size of this whole process so far: {rss:6.1f} MB")


def verify():
    from donations.integrity import registered

    print("verify_ledger, money-out checks:")
    for check in registered():
        if ".spending." not in check.name:
            continue
        started = time.perf_counter()
        result = check.run()
        seconds = time.perf_counter() - started
        print(f"  {'OK' if result.ok else 'BROKEN':<6} {check.title} ({seconds:.2f} s)")


def register_bench_authorities():
    from donations.spending import Authority, register_authority

    def many(keys):
        # Every bench voucher pays under an approved authority as large as a house.
        return {
            key: Authority(key, "Quyết định bench", int(key.split(":")[1]), 60_000_000, True,
                           None, "", "", None, None)
            for key in keys
        }  # fmt: skip

    register_authority("bench.authority", lambda key, lock: many([key])[key], many)


def main():
    args = parse_args()
    machine()
    if not args.reuse:
        recreate_database(args.database)
    try:
        setup_django(args.database)
        from django.core.management import call_command

        from donations.models import Fund

        call_command("migrate", verbosity=0)
        register_bench_authorities()
        if args.reuse:
            province = Fund.objects.get(level="province")
            communes = list(Fund.objects.filter(level="commune").order_by("pk"))
        else:
            province, account, communes = make_funds()
            started = time.perf_counter()
            receipt_sequences = copy_receipts(province, account, communes, args.receipts)
            voucher_sequences, in_sequences = copy_money_out(province, communes, args.vouchers)
            finish_load(receipt_sequences, voucher_sequences, in_sequences)
            print(
                f"Loaded {args.receipts:,} receipts and {args.vouchers:,} vouchers in "
                f"{time.perf_counter() - started:.1f} s"
            )
        measure(province, communes, args.book_rows)
        verify()
    finally:
        from django.db import connections

        connections.close_all()
        if not (args.keep or args.reuse):
            drop_database(args.database)


if __name__ == "__main__":
    main()
