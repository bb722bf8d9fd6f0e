"""Build the demo database bench/http.sh serves, and say which URLs it measures.

    DATABASE_URL=… STATIC_ROOT=… .venv/bin/python bench/http/prepare.py \
        --receipts 1000000 --urls-out bench/out/urls.json

Migrates, loads the demo content, adds `--receipts` receipts to the running campaign (so the
public statement's last page is the last of a million rows) and collects static files. Run
again on the same database, it only adds what is missing. The receipts come from the ledger's
own benchmark generator on PostgreSQL (bench/ledger.py, COPY) and from one INSERT … SELECT over
a recursive CTE on SQLite; running totals are rebuilt from the receipts afterwards.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitewide.settings")

SPAN_SECONDS = 39 * 24 * 3600  # 17/10 → 25/11, as bench/ledger.py


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=1_000_000)
    parser.add_argument("--urls-out", required=True)
    return parser.parse_args()


def step(label, function, *args):
    started = time.perf_counter()
    result = function(*args)
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)
    return result


def bench_campaign():
    """The campaign a TV-night reader opens: the running one, else the latest."""
    from campaigns.models import CampaignPage
    from campaigns.queries import running_campaigns
    from donations.models import CampaignFund

    campaign = running_campaigns().first() or CampaignPage.objects.live().order_by("-start_date")[0]
    link = CampaignFund.objects.select_related("fund").filter(campaign=campaign).first()
    if link is None:
        sys.exit(f"the demo campaign {campaign.slug} has no fund: cannot add receipts")
    return campaign, link.fund


def add_receipts(campaign, fund, wanted):
    from django.db import connection

    from donations.models import BankAccount, Receipt

    have = Receipt.objects.filter(campaign=campaign).count()
    if have >= wanted:
        print(f"  receipts: {have:,} already there")
        return
    account = BankAccount.objects.filter(fund=fund).first()
    if account is None:
        sys.exit("the demo fund has no bank account")
    last = Receipt.objects.filter(fund=fund, year=2026).order_by("-sequence").first()
    first_sequence = last.sequence if last else 0
    count = wanted - have
    if connection.vendor == "postgresql":
        import ledger  # bench/ledger.py, the ledger's own generator

        from donations.models import Donor

        # The generator copies each donor's area: give it donors that have one.
        donors = list(Donor.objects.filter(area__isnull=False)[:5000])
        if not donors:
            sys.exit("the demo has no donors with an area for the generator")
        last_sequence = ledger.copy_receipts(fund, account, campaign, donors, count, first_sequence)
    else:
        last_sequence = sqlite_receipts(fund, account, campaign, count, first_sequence)
    finish(fund, last_sequence)


def sqlite_receipts(fund, account, campaign, count, first_sequence):
    """One statement: rows made by SQLite itself, a mix of channels, all anonymous."""
    from django.db import connection, transaction

    sql = """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s)
        INSERT INTO donations_receipt (
            fund_id, campaign_id, number, year, sequence, channel, amount, received_at,
            donor_id, donor_kind, area_id, payer_name, receipt_book_number, bank_account_id,
            bank_reference, gateway, gateway_reference, goods_description, goods_quantity,
            goods_unit, memo, note, disclosure, public_name, public_name_folded, corrects_id,
            recorded_at, recorded_by_id)
        SELECT %s, %s, printf('BN-2026-%%06d', %s + i), 2026, %s + i,
            CASE WHEN i %% 10 < 6 THEN 'bank' WHEN i %% 10 = 6 THEN 'cash'
                 WHEN i %% 10 < 9 THEN 'online' ELSE 'in_kind' END,
            CASE i %% 8 WHEN 0 THEN 50000 WHEN 1 THEN 100000 WHEN 2 THEN 200000
                 WHEN 3 THEN 200000 WHEN 4 THEN 500000 WHEN 5 THEN 500000
                 WHEN 6 THEN 1000000 ELSE 2000000 END,
            strftime('%%Y-%%m-%%d %%H:%%M:%%S',
                     '2026-10-16 17:00:00', '+' || ((i * 7919) %% %s) || ' seconds'),
            NULL, '', NULL, '',
            CASE WHEN i %% 10 = 6 THEN 'Q' || i ELSE '' END,
            CASE WHEN i %% 10 < 6 THEN %s END,
            CASE WHEN i %% 10 < 6 THEN 'FT' || i ELSE '' END,
            CASE WHEN i %% 10 IN (7, 8) THEN 'vnpay' ELSE '' END,
            CASE WHEN i %% 10 IN (7, 8) THEN 'V' || i ELSE '' END,
            CASE WHEN i %% 10 = 9 THEN 'Gạo' ELSE '' END, NULL, '', '', '',
            'anonymous', '', '', NULL, strftime('%%Y-%%m-%%d %%H:%%M:%%S', 'now'), NULL
        FROM n
    """
    params = [count, fund.pk, campaign.pk, first_sequence, first_sequence, SPAN_SECONDS, account.pk]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return first_sequence + count


def finish(fund, last_sequence):
    from django.db import connection

    from donations.models import ReceiptCounter
    from donations.services.honour import rebuild_honour_totals
    from donations.services.totals import rebuild_ledger_totals

    ReceiptCounter.objects.update_or_create(
        fund=fund, year=2026, defaults={"last_sequence": last_sequence}
    )
    rebuild_ledger_totals()
    rebuild_honour_totals()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def urls(campaign):
    from django.templatetags.static import static

    from stories.models import StoryPage

    story = StoryPage.objects.live().order_by("path").first()
    return {
        "home": "/",
        "story": story.url,
        "campaign": campaign.url,
        "statement_last": f"/ung-ho/{campaign.slug}/sao-ke/?trang=cuoi",
        "search": "/search/?q=giam+ngheo",
        "static": static("css/site.css"),
    }


def main():
    args = parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    print(f"Preparing {os.environ.get('DATABASE_URL', 'db.sqlite3')}", flush=True)
    step("migrate", call_command, "migrate", "--noinput", "-v0")
    step("load_demo_content", call_command, "load_demo_content")
    step("collectstatic", call_command, "collectstatic", "--noinput", "-v0")
    step("warm_renditions", call_command, "warm_renditions")
    campaign, fund = bench_campaign()
    step(f"receipts for {campaign.slug}", add_receipts, campaign, fund, args.receipts)
    found = urls(campaign)
    Path(args.urls_out).write_text(json.dumps(found, indent=2))
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
