"""Disclosure benchmark on PostgreSQL (issue 16): the campaign's disclosure page, uncached.

    .venv/bin/python bench/disclosure.py [--receipts 1000000] [--vouchers 100000]
                                         [--database chungtay_bench_disclosure] [--keep]
                                         [--reuse] [--profile]

Builds its own database (bench/ledger.py's tree and COPY of receipts into one campaign), then
--vouchers households, one approved house decision of the campaign with a line each, and a
payment voucher per line (bulk, in ten communes), rebuilds the day buckets, and times the
whole disclosure page with the page and fragment caches off, its first and a later page of
households, and the page filtered by commune. Target: under 50 ms. The sums over the whole
campaign are counted once per version (disclosure.queries.per_version): the money sums again
after a gift (the money version moved), support items' progress only after a payment or a
reversal (from the decisions' kept counts), the rest when the site's generation moves (a
decision approved); the last three lines time the page right after each.

--reuse times a database kept by an earlier --keep run (no load); --profile also prints the
page's SQL (count and time per statement) and its top Python functions by cProfile.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ledger import (  # noqa: E402 - after the path is set
    PLAIN_STATIC,
    copy_receipts,
    drop_database,
    finish_load,
    machine,
    make_tree,
    recreate_database,
    report,
    setup_django,
    timed,
)

BATCH = 20_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=1_000_000)
    parser.add_argument("--vouchers", type=int, default=100_000)
    parser.add_argument("--database", default="chungtay_bench_disclosure")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="time a kept database, no load")
    parser.add_argument("--profile", action="store_true", help="SQL and cProfile of the page")
    return parser.parse_args()


def money_out(fund, campaign, count):
    """``count`` households on one approved decision of the campaign, each paid by a voucher."""
    from django.contrib.auth import get_user_model

    from donations.models import Voucher
    from donations.services.holdings import rebuild_spending_totals
    from sitewide.models import Area
    from support.funding import recount
    from support.models import Beneficiary, Decision, DecisionLine, SupportLevel

    communes = list(Area.objects.filter(level="commune"))
    users = get_user_model().objects
    proposer = users.create(username="bench-front")
    approver = users.create(username="bench-board")
    level = SupportLevel.objects.create(
        name="Xây mới nhà Đại đoàn kết", support_type="house_new", amount=60_000_000,
        unit="căn", valid_from=datetime.date(2024, 11, 10), decision_number="125/QĐ",
        decision_date=datetime.date(2024, 10, 25), issuer="Ban Thường trực",
    )  # fmt: skip
    decision = Decision.objects.create(
        fund=fund, campaign=campaign, support_level=level, title="Bench", status="approved",
        number="1/QĐ-BVĐ", decided_on=datetime.date(2026, 11, 1), proposed_by=proposer,
        approved_by=approver,
    )  # fmt: skip
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        households = Beneficiary.objects.bulk_create(
            Beneficiary(
                head_name=f"Hồ Văn {start + n}", name_folded=f"ho van {start + n}",
                head_gender="male", commune=communes[(start + n) % len(communes)],
                category="poor", list_year=2026, cccd=f"{start + n:012d}",
            )
            for n in range(size)
        )  # fmt: skip
        lines = DecisionLine.objects.bulk_create(
            DecisionLine(decision=decision, beneficiary=household, amount=60_000_000)
            for household in households
        )
        Voucher.objects.bulk_create(
            Voucher(
                fund=fund, number=f"PC-2026-{start + n + 1:07d}", year=2026,
                sequence=start + n + 1, kind="support", method="bank", amount=60_000_000,
                paid_on=datetime.date(2026, 11, 2) + datetime.timedelta(days=n % 25),
                authority_key=f"support.decisionline:{line.pk}", recipient_name="x",
                support_type="house_new", area=line.beneficiary.commune, campaign=campaign,
            )
            for n, line in enumerate(lines)
        )  # fmt: skip
    rebuild_spending_totals()
    recount(decision)  # what approve_decision and each voucher keep (support.funding)


def load(args):
    """The database of a run: built afresh, or with --reuse the one an earlier --keep left."""
    from django.core.management import call_command
    from django.db import connection

    from campaigns.models import CampaignPage

    if args.reuse:
        return CampaignPage.objects.get(slug="trieu-luot")
    call_command("migrate", verbosity=0)
    fund, account, campaigns, donors = make_tree(args.receipts)
    campaign = campaigns[0]
    last = copy_receipts(fund, account, campaign, donors, args.receipts, 1)
    finish_load(fund, campaign, last, reversals=20)
    money_out(fund, campaign, args.vouchers)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return campaign


def timed_with_cpu(label, function, repeat=7):
    """Median wall time (against the target) and this process's median CPU time: the load of
    other processes on the machine lengthens the first, hardly the second."""
    function()
    cpu = []
    for _ in range(repeat):
        started = time.process_time()
        function()
        cpu.append((time.process_time() - started) * 1000)
    report(label, timed(function, repeat=repeat), target=50)
    print(f"  {'':<46} CPU median {sorted(cpu)[len(cpu) // 2]:8.1f} ms (this process)")


def profile(client, url, before=lambda: None):
    """The page's statements (count, total and slowest) and its top functions by cProfile;
    ``before`` runs ahead of each request (the money version moved, say)."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    timings = sorted(
        ((float(query["time"]) * 1000, query["sql"]) for query in captured.captured_queries),
        reverse=True,
    )
    print(f"  {len(timings)} statements, {sum(t for t, _sql in timings):.1f} ms in the database")
    for took, sql in timings[:8]:
        print(f"    {took:7.1f} ms  {sql[:150]}")
    before()
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(
        "/(disclosure|sitewide|donations|support|public_record)/", 30
    )


def main():
    args = parse_args()
    if not args.reuse:
        recreate_database(args.database)
    try:
        setup_django(args.database)
        from django.conf import settings
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client, override_settings

        from disclosure import queries
        from sitewide.caching import pages

        campaign = load(args)
        plain = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
        override_settings(
            STORAGES=plain, PAGE_CACHE_ENABLED=False, FRAGMENT_CACHE_ENABLED=False
        ).enable()
        client = Client()
        url = f"/ung-ho/{campaign.slug}/cong-khai/"
        assert client.get(url).status_code == 200
        commune = connection.cursor()
        commune.execute("SELECT id FROM sitewide_area WHERE level='commune' ORDER BY id LIMIT 1")
        commune_id = commune.fetchone()[0]
        machine()
        receipts = campaign.receipts.count()
        vouchers = campaign.vouchers.count()
        print(f"{receipts:,} receipts, {vouchers:,} vouchers")
        later = queries.beneficiaries(campaign, after=None, page_size=vouchers // 2)["next"]
        for label, query in (
            ("disclosure page (uncached)", {}),
            ("disclosure page, a later page of households", {"sau": later}),
            ("disclosure page, one commune", {"xa": commune_id}),
        ):
            timed_with_cpu(label, lambda q=query: client.get(url, q))

        def afresh():
            pages.bump_money()  # as a gift would: the per-version sums are counted again
            client.get(url)

        timed_with_cpu("disclosure page after a gift (money sums afresh)", afresh)

        def after_payment():
            pages.bump_money()  # as a voucher or its reversal would (disclosure.signals)
            pages.bump_money_out()
            client.get(url)

        timed_with_cpu("disclosure page after a payment (progress afresh)", after_payment)

        def cold():
            cache.clear()  # as after a decision is approved, or a flushed cache
            client.get(url)

        timed_with_cpu("disclosure page, cold (every sum afresh)", cold)
        if args.profile:
            profile(client, url)
            print("After the money version moved:")
            profile(client, url, before=pages.bump_money)
            print("Cold (every sum afresh):")
            profile(client, url, before=cache.clear)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep and not args.reuse:
            drop_database(args.database)


if __name__ == "__main__":
    main()
