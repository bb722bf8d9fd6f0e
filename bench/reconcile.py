"""Bench: import and automatic matching of 100.000 statement lines against 20.000 open pledges.

    .venv/bin/python bench/reconcile.py                  # fresh SQLite file database
    .venv/bin/python bench/reconcile.py --postgres       # chungtay_bench_reconcile on PostgreSQL
    .venv/bin/python bench/reconcile.py --postgres --database mine   # a database of your own
    .venv/bin/python bench/reconcile.py --lines 20000 --pledges 4000   # a smaller run

What it builds (seeded, so every run is the same): a fund with four bank accounts and a
campaign; 20.000 open pledges with payment codes, created in bulk; and the statements of those
accounts as the banks export them: Vietcombank CSV (dot thousands, document numbers) in two
overlapping exports, VietinBank CSV (semicolons, counterparty columns, no reference), Agribank
CSV (comma thousands, no reference) in two overlapping exports, and a BIDV XLSX ("400.000,00").
Memos carry codes wrapped the way banks wrap them (MBVCB.…, IBFT, REM Tfr, lower case, a code
cut by a space, two codes for a split), partial payments, transfers sent twice, mistyped and
truncated codes, and a majority of small gifts with no code at all; a few debits and fees.

Then, in a child process (so the peak memory reported is the import's own, Django included),
every file is imported through reconciliation.services.import_statement exactly as the admin's
upload does, and the bench prints the time of import + automatic matching, the peak resident
memory, and the share of lines matched automatically. Targets: < 30 s and < 500 MB on SQLite.

    .venv/bin/python bench/reconcile.py --keep            # keep the work directory, then
    .venv/bin/python bench/reconcile.py --again /tmp/bench-reconcile-…   # import it again
    .venv/bin/python bench/reconcile.py --again … --profile   # under cProfile (slower)

--again imports a kept work directory's files again into a fresh copy of its prepared database
(the building is most of a run's time). --profile writes the import's cProfile statistics to
the work directory (profile.out) and prints the costliest functions; its times are inflated.
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
DATABASE = "chungtay_bench_reconcile"
#: With --keep --postgres, the prepared database is also kept, under the name + this (to re-run).
PREPARED = "_prepared"


# ---- the database (parent process) ------------------------------------------------------------


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitewide.settings")
    import django

    django.setup()


def psql(sql):
    for statement in sql.split("; "):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", statement], check=True
        )


def fresh_database(database_url, workdir):
    if database_url.startswith("postgres"):
        name = database_url.rsplit("/", 1)[1]
        psql(f"DROP DATABASE IF EXISTS {name}")
        psql(f"CREATE DATABASE {name}")
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        # --skip-checks: a bench on PostgreSQL has no signing key for the public record.
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "migrate",
            "--noinput",
            "-v",
            "0",
            "--skip-checks",
        ],
        check=True,
        env=env,
        cwd=ROOT,
    )


# ---- the measured part (child process) ----------------------------------------------------------


def resident_mb():
    """The process's resident size now (not its peak), from /proc."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576


def peak_mb():
    """The process's own peak resident size (VmHWM). Not getrusage's ru_maxrss: Linux carries
    that across exec, so a child started by a parent holding a million lines reported the
    parent's peak (1.031 MB before its first file)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_imports(workdir, profile=False):
    from donations.models import BankAccount, Receipt
    from reconciliation.services import import_statement

    plan = json.loads((workdir / "plan.json").read_text())
    accounts = {
        key: BankAccount.objects.get(account_number=number)
        for key, number in plan["accounts"].items()
    }
    totals = {"new": 0, "duplicate": 0, "matched": 0, "left": 0, "skipped": 0}
    per_file = []
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    for name, key in plan["files"]:
        file_started = time.perf_counter()
        report = import_statement(
            account=accounts[key], file_bytes=(workdir / name).read_bytes(), filename=name
        )
        for field in totals:
            totals[field] += getattr(report, field)
        per_file.append(
            (
                name,
                report.new,
                report.duplicate,
                report.matched,
                round(time.perf_counter() - file_started, 2),
                round(resident_mb()),
                round(peak_mb()),
            )
        )
    elapsed = time.perf_counter() - started
    if profiler is not None:
        import pstats

        profiler.disable()
        profiler.dump_stats(workdir / "profile.out")
        stats = pstats.Stats(str(workdir / "profile.out"), stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_mb": round(peak_mb(), 1),
                "receipts": Receipt.objects.count(),
                "per_file": per_file,
                **totals,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--pledges", type=int, default=20_000)
    parser.add_argument("--postgres", action="store_true", help=f"use PostgreSQL at {POSTGRES}")
    parser.add_argument("--database", default=DATABASE, help=f"its name ({DATABASE})")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--again", metavar="DIR", help="import a kept work directory again")
    parser.add_argument("--profile", action="store_true", help="profile the import (cProfile)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        setup_django(os.environ["DATABASE_URL"])
        run_imports(Path(args.child), profile=bool(os.environ.get("BENCH_PROFILE")))
        return

    if args.again:
        args.keep = True
        workdir = Path(args.again)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="bench-reconcile-"))
    database_url = (
        f"{POSTGRES}{args.database}" if args.postgres else f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    try:
        if args.again:
            again(args, workdir)
        else:
            prepare(args, workdir, database_url)
        child_env = {**os.environ, "DATABASE_URL": database_url}
        if args.profile:
            child_env["BENCH_PROFILE"] = "1"
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(workdir)],
            check=False,
            capture_output=True,
            text=True,
            env=child_env,
        )
        if child.returncode:
            sys.exit(f"the import failed:\n{child.stderr[-3000:]}")
        if args.profile:
            (workdir / "profile.txt").write_text(child.stderr)
            print(child.stderr[:12000])
            print(f"profile: {workdir / 'profile.out'}, {workdir / 'profile.txt'}")
        report(args, json.loads(child.stdout.strip().splitlines()[-1]))
    finally:
        if args.keep:
            print(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def again(args, workdir):
    """The kept work directory's database back as it was prepared."""
    if not (workdir / "plan.json").exists():
        sys.exit(f"{workdir} is not a kept work directory of this bench")
    if args.postgres:
        name = args.database
        psql(f"DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name} TEMPLATE {name}{PREPARED}")
        return
    for suffix in ("-wal", "-shm"):
        (workdir / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copy(workdir / "prepared.sqlite3", workdir / "bench.sqlite3")


def prepare(args, workdir, database_url):
    """A fresh database with the ledger, and the statement files, in `workdir`."""
    prepared = time.perf_counter()
    fresh_database(database_url, workdir)
    setup_django(database_url)
    from reconcile_data import build_ledger, transfers, write_files

    rng = random.Random(160)
    accounts, _campaign, pledges = build_ledger(rng, args.pledges)
    lines = transfers(rng, pledges, args.lines)
    files = write_files(rng, workdir, lines)
    (workdir / "plan.json").write_text(
        json.dumps(
            {
                "accounts": {key: account.account_number for key, account in accounts.items()},
                "files": files,
            }
        )
    )
    sizes = sum((workdir / name).stat().st_size for name, _key in files)
    print(
        f"prepared in {time.perf_counter() - prepared:.1f} s: {len(pledges)} open pledges, "
        f"{len(lines)} transfers in {len(files)} files ({sizes / 1_048_576:.1f} MB)"
    )

    from django.db import connections

    connections.close_all()
    if args.keep and not args.postgres:
        shutil.copy(workdir / "bench.sqlite3", workdir / "prepared.sqlite3")
    elif args.keep:
        kept = f"{args.database}{PREPARED}"
        psql(f"DROP DATABASE IF EXISTS {kept}; CREATE DATABASE {kept} TEMPLATE {args.database}")


def report(args, result):
    database = "PostgreSQL" if args.postgres else "SQLite"
    share = result["matched"] / result["new"] * 100 if result["new"] else 0
    print(f"database: {database}")
    for name, new, duplicate, matched, seconds, resident, peak in result["per_file"]:
        counts = f"new {new:6}  duplicate {duplicate:5}  matched {matched:6}"
        sizes = f"resident after {resident:5} MB, peak so far {peak:5} MB"
        print(f"  {name:16} {counts}  {seconds:6.2f} s  {sizes}")
    print(
        f"import + automatic matching: {result['seconds']:.1f} s "
        f"(CPU {result['cpu_seconds']:.1f} s; load average {os.getloadavg()[0]:.1f})"
    )
    print(f"peak memory (max RSS of the import process): {result['peak_mb']:.0f} MB")
    print(
        f"lines: {result['new']} new, {result['duplicate']} duplicate, "
        f"{result['matched']} matched automatically ({share:.1f} %), {result['left']} left "
        f"for the queue; {result['skipped']} rows not credits; {result['receipts']} receipts"
    )


if __name__ == "__main__":
    main()
