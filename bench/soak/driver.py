"""The soak's load driver (run by bench/soak.sh, which builds the database and starts gunicorn).

    .venv/bin/python bench/soak/driver.py --port 8791 --urls urls.json --master-pid 1234 \
        [--duration 600] [--requests 60000] [--clients 6] [--rate 40] [--duplicates 0.1] \
        [--workers 2] [--sample-seconds 10] [--warmup 60] [--rss-limit-mb 20] [--out result.json]

Threads of visitors (visitors.py) read and give until the duration or the request bound is
reached, while a sampler reads each gunicorn worker's RSS from /proc. Afterwards it compares
what the donors did with the database (ledger_check.py) and judges (verdict.py): prints the
figures and every problem, writes them as JSON, and exits 1 if any check failed.
Run with the same environment as gunicorn: it signs IPNs with VNPAY_HASH_SECRET and reads the
database of DATABASE_URL.
"""

import argparse
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitewide.settings")

import ledger_check  # noqa: E402
import verdict  # noqa: E402
from memory import Sampler  # noqa: E402
from visitors import Budget, Ledger, Scenarios, Tally, Visitor  # noqa: E402

# Scenario weights: a campaign night is mostly reading; a gift is 3 to 5 requests.
MIX = (("read", 0.85), ("vnpay", 0.10), ("transfer", 0.05))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--urls", required=True, help="JSON written by bench/soak/setup_db.py")
    parser.add_argument("--master-pid", type=int, required=True, help="gunicorn's master")
    parser.add_argument("--duration", type=float, default=600)
    parser.add_argument("--requests", type=int, default=60_000, help="upper bound")
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--rate", type=float, default=40, help="requests/s in all; 0 = flat out")
    parser.add_argument("--duplicates", type=float, default=0.10, help="IPNs sent twice")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample-seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=60, help="seconds before RSS 'first'")
    parser.add_argument("--rss-limit-mb", type=float, default=20)
    parser.add_argument("--email-wait", type=float, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out")
    return parser.parse_args()


def run_clients(args, urls, tally, ledger):
    budget = Budget(args.duration, args.requests, args.rate, tally)
    scenarios = Scenarios(urls, ledger, ledger_check.sign_ipn, args.duplicates)
    names, weights = zip(*MIX, strict=True)

    def client(number):
        rng = random.Random(args.seed + number)
        while budget.open():
            scenario = rng.choices(names, weights)[0]
            getattr(scenarios, scenario)(Visitor(args.port, tally, budget), rng)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def report(args, seconds, tally, ledger, database, emails, rss, loads):
    mb = verdict.MB
    print(f"\nrequests: {tally.requests} in {seconds:.0f} s ({tally.requests / seconds:.1f}/s)")
    print(f"by status: {dict(sorted(tally.statuses.items()))}; no answer: {dict(tally.errors)}")
    print(f"{'step':<18} {'count':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for step, values in sorted(tally.latencies.items()):
        p50, p99 = verdict.percentile(values, 0.5), verdict.percentile(values, 0.99)
        print(f"{step:<18} {len(values):>7} {p50 * 1000:>8.1f} {p99 * 1000:>8.1f}")
    paid = sum(1 for gift in database["vnpay"].values() if gift["status"] == "paid")
    print(
        f"VNPay gifts: started {len(ledger.vnpay)}, IPN acknowledged {len(ledger.acked)} "
        f"(+{ledger.duplicates} repeats answered 02), in the database {len(database['vnpay'])}, "
        f"paid {paid}, receipts recorded {database['new_receipts']}, "
        f"doubled {len(database['doubled'])}"
    )
    pending = sum(1 for gift in database["transfers"].values() if gift["status"] == "pending")
    print(
        f"transfer gifts: started {len(ledger.transfers)}, in the database "
        f"{len(database['transfers'])}, pending {pending}"
    )
    print(
        f"campaign received: +{database['received_delta']:,} đồng; running totals agree with "
        f"the receipts: {database['totals_agree']}".replace(",", ".")
    )
    print(f"receipt e-mail tasks: {emails or 'none queued (tasks run inside the request)'}")
    print(f"worker RSS, MB (first = first sample after {args.warmup:.0f} s):")
    for pid, worker in sorted(rss.items()):
        print(
            f"  pid {pid}: first {worker['first_kb'] / mb:.1f}, last {worker['last_kb'] / mb:.1f}"
            f", max {worker['max_kb'] / mb:.1f}, growth {worker['growth_kb'] / mb:+.1f} "
            f"({worker['samples']} samples); by quarter of the run: "
            + " → ".join(f"{kb / mb:.1f}" for kb in worker["trend_kb"])
        )
    print(
        f"load average (1 min) during the load: max {max(loads):.2f}, mean "
        f"{sum(loads) / len(loads):.2f} on {os.cpu_count()} CPUs"
    )


def main():
    args = parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import CampaignPage

    urls = json.loads(Path(args.urls).read_text())
    campaign = CampaignPage.objects.get(pk=urls["campaign_id"])
    received_before = ledger_check.received_total(campaign)
    start = timezone.now()
    connection.close()  # not held open through the load

    tally, ledger = Tally(), Ledger()
    sampler = Sampler(args.master_pid, args.sample_seconds)
    sampler.sample()
    sampler.start()
    began = time.monotonic()
    run_clients(args, urls, tally, ledger)
    seconds = time.monotonic() - began
    sampler.stop()

    database = ledger_check.database_record(start, campaign, received_before)
    database_tasks = "django_tasks_db" in settings.TASKS["default"]["BACKEND"]
    emails = ledger_check.email_tasks(start, args.email_wait) if database_tasks else {}
    rss = verdict.rss_by_worker(sampler.samples, args.warmup)
    report(args, seconds, tally, ledger, database, emails, rss, sampler.loads)

    client = {
        "vnpay": ledger.vnpay,
        "acked": ledger.acked,
        "transfers": ledger.transfers,
        "ipn_unexpected": ledger.ipn_unexpected,
    }
    problems = verdict.status_problems(tally.statuses, tally.errors, tally.unexpected)
    problems += verdict.donation_problems(client, database)
    if database_tasks:
        problems += verdict.email_problems(len(ledger.acked & ledger.with_email), emails)
    problems += verdict.rss_problems(rss, args.workers, args.rss_limit_mb)
    if args.out:
        result = {
            "seconds": round(seconds, 1),
            "requests": tally.requests,
            "statuses": dict(tally.statuses),
            "errors": dict(tally.errors),
            "vnpay_started": len(ledger.vnpay),
            "ipn_acknowledged": len(ledger.acked),
            "ipn_repeats": ledger.duplicates,
            "receipts_recorded": database["new_receipts"],
            "transfers_started": len(ledger.transfers),
            "emails": emails,
            "rss_kb": {str(pid): worker for pid, worker in rss.items()},
            "load_average_max": max(sampler.loads),
            "problems": problems,
        }
        Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print("\nverdict: " + ("OK" if not problems else "FAILED"))
    for problem in problems:
        print(f"  - {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
