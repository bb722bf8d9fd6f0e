"""VNPay IPN benchmark: gunicorn on loopback, PostgreSQL, 16 concurrent clients.

    .venv/bin/python bench/ipn.py [--gifts 2000] [--duplicates 0.10] [--clients 16]
                                  [--workers 2] [--database chungtay_bench_ipn] [--keep]

Creates (and afterwards drops, unless --keep) its own database on the server of
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), migrates it, makes a running
campaign linked to a fund and --gifts pending VNPay gifts. Starts gunicorn (sync workers) on
127.0.0.1 and a free port, then fires one valid signed IPN per gift plus --duplicates of them
again (VNPay repeats IPNs), shuffled, from --clients threads with http.client. Prints the
throughput, p50/p99 latency, the RspCodes received and the receipts created, which must equal
the number of unique payments (exit status 1 otherwise). Nothing leaves the machine.
"""

import argparse
import collections
import datetime
import http.client
import json
import os
import queue
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
HOST = "127.0.0.1"
SECRET = "bench-ipn-local-secret"  # noqa: S105 (a throwaway merchant secret for this run)
TMN_CODE = "BENCHIPN"
IPN_PATH = "/donations/vnpay/ipn/"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gifts", type=int, default=2000)
    parser.add_argument("--duplicates", type=float, default=0.10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="chungtay_bench_ipn")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def environment(database):
    """What both this process and gunicorn's workers run with."""
    return {
        "DATABASE_URL": f"{SERVER}/{database}",
        "DJANGO_SETTINGS_MODULE": "sitewide.settings",
        "VNPAY_HASH_SECRET": SECRET,
        "VNPAY_TMN_CODE": TMN_CODE,
        "VNPAY_SIMULATOR_ENABLED": "0",
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "TASKS_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "ERROR",
    }


def run_database(sql):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def setup_django(env):
    os.environ.update(env)
    import django

    django.setup()


def make_campaign():
    """A home page, a campaign index and a running campaign collecting into one fund."""
    from wagtail.models import Page, Site

    from campaigns.models import CampaignIndexPage, CampaignPage
    from donations.models import CampaignFund, Fund
    from home.models import HomePage
    from sitewide.models import Area

    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Trang chủ", slug="trang-chu-bench", hero_heading="Chung tay")
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": HOST}
    )
    index = home.add_child(instance=CampaignIndexPage(title="Chiến dịch", slug="chien-dich"))
    today = datetime.date.today()
    campaign = index.add_child(
        instance=CampaignPage(
            title="Ngày vì người nghèo",
            slug="ngay-vi-nguoi-ngheo",
            start_date=today - datetime.timedelta(days=5),
            end_date=today + datetime.timedelta(days=30),
            organiser="Ủy ban MTTQ Việt Nam tỉnh",
            intro="Chung tay vì người nghèo.",
        )
    )
    area = Area.objects.create(name="Tỉnh", slug="tinh-bench", level=Area.Level.PROVINCE)
    fund = Fund.objects.create(name="Quỹ Vì người nghèo", level=Fund.Level.PROVINCE, area=area)
    CampaignFund.objects.create(campaign=campaign, fund=fund)
    return campaign


def make_gifts(campaign, count):
    """Pending VNPay gifts as the donate form leaves them (payment URL built, date stored)."""
    from giving.payments import vnpay
    from giving.services import create_gift

    gifts = []
    for number in range(count):
        gift = create_gift(
            campaign=campaign, method="vnpay", amount=10_000 * (1 + number % 50), ip=HOST
        )
        request = vnpay.build_payment_url(
            gift.txn_ref, gift.amount, "Ung ho", f"http://{HOST}/", HOST
        )
        gift.vnp_create_date = request.create_date
        gift.save(update_fields=["vnp_create_date"])
        gifts.append(gift)
    return gifts


def signed_ipn(gift, transaction_no):
    from django.utils import timezone

    from giving.payments import vnpay

    params = {
        "vnp_Amount": str(gift.amount * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{transaction_no}",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": f"Ung ho {gift.payment_code}",
        "vnp_PayDate": vnpay.format_vnp_date(timezone.now()),
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": TMN_CODE,
        "vnp_TransactionNo": str(transaction_no),
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": gift.txn_ref,
    }
    params["vnp_SecureHash"] = vnpay.sign(params, SECRET)
    return f"{IPN_PATH}?{urlencode(params)}"


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port, workers):
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "sitewide.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--backlog",
        "256",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body, _elapsed = get(port, IPN_PATH)
            if status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def get(port, path):
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started
    finally:
        connection.close()


def fire(port, paths, clients):
    """GET every path from `clients` threads; returns (latencies, RspCode counter, seconds)."""
    work = queue.Queue()
    for item in paths:
        work.put(item)
    latencies, codes, lock = [], collections.Counter(), threading.Lock()

    def client():
        while True:
            try:
                path = work.get_nowait()
            except queue.Empty:
                return
            try:
                status, body, elapsed = get(port, path)
                code = json.loads(body)["RspCode"] if status == 200 else f"HTTP {status}"
            except (OSError, ValueError, KeyError) as error:
                code, elapsed = f"error {type(error).__name__}", None
            with lock:
                codes[code] += 1
                if elapsed is not None:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, codes, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    args = parse_args()
    env = environment(args.database)
    run_database(f'DROP DATABASE IF EXISTS "{args.database}"')
    run_database(f'CREATE DATABASE "{args.database}"')
    server = None
    try:
        setup_django(env)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        campaign = make_campaign()
        started = time.perf_counter()
        gifts = make_gifts(campaign, args.gifts)
        print(f"{len(gifts)} pending gifts created in {time.perf_counter() - started:.1f} s")

        paths = [signed_ipn(gift, 20_000_000 + n) for n, gift in enumerate(gifts)]
        rng = random.Random(2026)
        paths += rng.sample(paths, int(len(paths) * args.duplicates))
        rng.shuffle(paths)

        port = free_port()
        server = start_gunicorn(env, port, args.workers)
        latencies, codes, seconds = fire(port, paths, args.clients)

        from django.db import connection

        from donations.models import Receipt
        from donations.services.totals import campaign_totals, direct_received
        from giving.models import OnlineGift

        connection.close()
        receipts = Receipt.objects.count()
        paid = OnlineGift.objects.filter(status="paid", receipt__isnull=False).count()
        expected_total = sum(gift.amount for gift in gifts)
        print(
            f"IPNs: {len(paths)} ({len(gifts)} unique + {len(paths) - len(gifts)} duplicates) "
            f"from {args.clients} clients to gunicorn, {args.workers} sync workers, "
            f"{HOST}:{port}"
        )
        print(f"throughput: {len(paths) / seconds:.0f} IPN/s over {seconds:.1f} s")
        print(
            f"latency: p50 {percentile(latencies, 0.50) * 1000:.1f} ms, "
            f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, "
            f"mean {statistics.fmean(latencies) * 1000:.1f} ms"
        )
        print(f"RspCodes: {dict(sorted(codes.items()))}")
        print(f"receipts created: {receipts} (unique payments: {len(gifts)}; gifts paid: {paid})")
        print(
            f"campaign total: {campaign_totals(campaign).received:,} đồng "
            f"(direct sum {direct_received(campaign=campaign)['amount']:,}; "
            f"expected {expected_total:,})".replace(",", ".")
        )
        ok = (
            receipts == len(gifts) == paid
            and codes.get("00") == len(gifts)
            and codes.get("02") == len(paths) - len(gifts)
            and campaign_totals(campaign).received == expected_total
        )
        print("OK" if ok else "MISMATCH")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            run_database(f'DROP DATABASE IF EXISTS "{args.database}"')


if __name__ == "__main__":
    sys.exit(main())
