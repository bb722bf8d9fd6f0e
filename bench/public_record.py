"""Public record benchmark on PostgreSQL (issue 16): appends, proofs and signing at scale.

    .venv/bin/python bench/public_record.py [--entries 1000000] [--big 10000000]
                                            [--singles 2000] [--database chungtay_record] [--keep]

Creates (and afterwards drops, unless --keep) its own database on the server of
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432; bench/ledger.py's helpers),
migrates it, and prints:
- appending --entries receipt-like entries (a third naming their donor by commitment, with a
  salt) through public_record.services.append_entries, the bulk path, in one transaction;
- --singles appends through append_entry, each in its own transaction, as a receipt does;
- signing a checkpoint (the tree kept incrementally: the root is the frontier, not the leaves);
- the tree grown to --big entries by the same bulk path, then inclusion and consistency
  proofs (service and HTTP view) against it, and signing again.
Targets: 1.000.000 appends < 60 s; an inclusion proof < 20 ms at 10.000.000; signing < 1 s.
"""

import argparse
import base64
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import ledger  # noqa: E402  (the database helpers: same server, same habits)

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Hà", "Võ Minh Khoa"]
CHUNK = 1_000_000  # entries per transaction when growing the big tree


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000_000)
    parser.add_argument("--singles", type=int, default=2_000)
    parser.add_argument("--proofs", type=int, default=200)
    parser.add_argument("--database", default="chungtay_record")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def setup_django(name):
    # A throwaway key for the bench's own database (the demo-key rule is for laptops only).
    os.environ["PUBLIC_RECORD_SIGNING_KEY"] = base64.b64encode(os.urandom(32)).decode()
    ledger.setup_django(name)


def items(first, count, rng):
    """Receipt-like entries: what donations will publish (a third name their donor)."""
    from public_record.canonical import commit_name

    for number in range(first, first + count):
        body = {
            "amount": rng.choice((50_000, 100_000, 200_000, 500_000, 1_000_000)),
            "campaign": "ngay-vi-nguoi-ngheo-2026",
            "channel": "bank",
            "date": "2026-10-17",
            "number": f"BN-2026-{number:08d}",
        }
        salts = None
        if number % 3 == 0:
            body["donor"], salt = commit_name(NAMES[number % len(NAMES)])
            salts = {"donor": salt}
        yield "receipt", body, salts


def bulk(first, count, rng):
    from django.db import transaction

    from public_record.services import append_entries

    with transaction.atomic():
        return append_entries(items(first, count, rng))


def ms(seconds):
    return f"{seconds * 1000:.2f} ms"


def timings(label, durations):
    durations = sorted(durations)
    p95 = durations[int(len(durations) * 0.95) - 1]
    print(f"{label}: median {ms(statistics.median(durations))}, p95 {ms(p95)}, "
          f"max {ms(durations[-1])} ({len(durations)} runs)")  # fmt: skip


def measure_sign(label):
    from public_record.services import sign_checkpoint

    started = time.perf_counter()
    checkpoint = sign_checkpoint()
    print(f"{label}: checkpoint of {checkpoint.size:,} entries signed in "
          f"{ms(time.perf_counter() - started)}")  # fmt: skip


def measure_singles(first, count, rng):
    from django.db import transaction

    from public_record.services import append_entry

    durations = []
    for kind, body, salts in items(first, count, rng):
        started = time.perf_counter()
        with transaction.atomic():
            append_entry(kind=kind, body=body, salts=salts)
        durations.append(time.perf_counter() - started)
    timings(f"append_entry, one transaction each, after {first:,}", durations)
    total = sum(durations)
    print(f"  {count:,} single appends in {total:.1f} s: {count / total:,.0f} per second")


def measure_proofs(size, count, rng):
    from django.db import connection, reset_queries
    from django.test import Client

    from public_record.services import consistency_proof, inclusion_proof

    inclusion, consistency, http = [], [], []
    client = Client()
    for _ in range(count):
        index = rng.randrange(size)
        started = time.perf_counter()
        inclusion_proof(index, size)
        inclusion.append(time.perf_counter() - started)
        old = rng.randrange(1, size)
        started = time.perf_counter()
        consistency_proof(old, size)
        consistency.append(time.perf_counter() - started)
        started = time.perf_counter()
        response = client.get(f"/minh-bach/proof/inclusion?index={index}&size={size}")
        http.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content
    timings(f"inclusion proof at {size:,} (service)", inclusion)
    timings(f"consistency proof to {size:,} (service)", consistency)
    timings(f"inclusion proof at {size:,} (HTTP view, test client)", http)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('public_record_entry')), "
                       "pg_size_pretty(pg_total_relation_size('public_record_node'))")  # fmt: skip
        entries, nodes = cursor.fetchone()
    print(f"  tables: entries {entries}, subtrees {nodes}")
    reset_queries()


def main():
    args = parse_args()
    ledger.machine()
    ledger.recreate_database(args.database)
    rng = random.Random(16)
    try:
        setup_django(args.database)
        from django.conf import settings
        from django.core.management import call_command

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        call_command("migrate", verbosity=0)
        measure_sign("Empty log")
        started, cpu = time.perf_counter(), time.process_time()
        first, count = bulk(0, args.entries, rng)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"append_entries: {count:,} entries in {seconds:.1f} s "
              f"({count / seconds:,.0f} per second; this process {cpu:.1f} s CPU, "
              f"load {os.getloadavg()[0]:.1f})")  # fmt: skip
        measure_sign(f"After {count:,}")
        measure_singles(count, args.singles, rng)
        measure_sign("After the single appends")
        size = count + args.singles
        started = time.perf_counter()
        while size < args.big:
            _first, added = bulk(size, min(CHUNK, args.big - size), rng)
            size += added
            print(f"  grown to {size:,} entries", end="\r", flush=True)
        print(f"Grown to {size:,} entries in {time.perf_counter() - started:.1f} s")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE public_record_entry, public_record_node")
        measure_sign(f"At {size:,}")
        measure_proofs(size, args.proofs, rng)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            ledger.drop_database(args.database)


if __name__ == "__main__":
    main()
