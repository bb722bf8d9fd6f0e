"""Build the demo database bench/http.sh serves, and say which URLs it measures.

    DATABASE_URL=… STATIC_ROOT=… .venv/bin/python bench/http/prepare.py \
        --receipts 1000000 --urls-out bench/out/urls.json

Migrates, loads the demo content, adds `--receipts` receipts to the running campaign (so the
public statement's last page is the last of a million rows), adds stories up to `--stories`
(10.000 by default, for a search over a province's years of writing) and collects static files.
Run again on the same database, it only adds what is missing. The receipts come from the ledger's
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
sys.path.append(str(ROOT / "bench"))  # after the apps: bench/public_record.py is a script
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitewide.settings")

SPAN_SECONDS = 39 * 24 * 3600  # 17/10 → 25/11, as bench/ledger.py


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=1_000_000)
    parser.add_argument("--stories", type=int, default=10_000)
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
        from sitewide.text import fold

        # The generator copies each donor's area and public side: give it donors with an area,
        # as (id, kind, area id, disclosure, public name, folded public name).
        donors = []
        for donor in Donor.objects.filter(area__isnull=False)[:5000]:
            public = donor.public_name(donor.public_display)
            donors.append((donor.pk, donor.kind, donor.area_id, donor.public_display, public,
                           fold(public)))  # fmt: skip
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


MODELS = [
    "nuôi bò sinh sản", "trồng cà phê xen sầu riêng", "trồng chè shan tuyết", "nuôi ong lấy mật",
    "trồng rừng gỗ lớn", "nuôi cá lồng trên sông", "dệt thổ cẩm", "làm du lịch cộng đồng",
    "trồng lúa hữu cơ", "nuôi gà thả vườn", "trồng tiêu", "nuôi dê", "trồng dược liệu",
    "làm nấm rơm", "nuôi lợn đen bản địa", "trồng chuối mô", "đan lát mây tre", "trồng rau an toàn",
]  # fmt: skip
HEADLINES = {
    "model-household": "Hộ {person} ở {place} thoát nghèo nhờ {model}",
    "good-practice": "Mô hình {model} giúp {count} hộ ở {place} có thu nhập ổn định",
    "exemplary": "{person}: người đi đầu {model} ở {place}",
    "news": "{place} trao {count} suất hỗ trợ {model} cho hộ nghèo",
}


def add_stories(wanted):
    """Stories up to `wanted`, in the demo's story index, each live and indexed for search as an
    editor's published story is (Wagtail's save signal), with a demo story's body and picture."""
    import datetime
    import random

    import bench_names

    from sitewide.models import Area
    from stories.models import StoryPage

    have = StoryPage.objects.count()
    if have >= wanted:
        print(f"  stories: {have:,} already there")
        return
    templates = list(StoryPage.objects.live().order_by("path"))
    index = templates[0].get_parent().specific
    places = list(Area.objects.filter(level="commune").values_list("name", flat=True)) or ["xã"]
    rng = random.Random(have)
    for number in range(have, wanted):
        template = templates[number % len(templates)]
        title = HEADLINES.get(template.story_type, HEADLINES["news"]).format(
            person=bench_names.person(rng),
            place=rng.choice(places),
            model=rng.choice(MODELS),
            count=rng.randint(5, 120),
        )
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 2500))
        page = StoryPage(
            title=title[:250],
            slug=f"bai-{number}",
            intro=f"{title}. {template.intro}"[:1000],
            story_type=template.story_type,
            story_date=day,
            area_id=template.area_id,
            listing_image_id=template.listing_image_id,
            body=template.body.raw_data,
        )
        index.add_child(instance=page)
        if number % 1000 == 999:
            print(f"  stories: {number + 1:,}", flush=True)


def analyze():
    """Fresh planner statistics for what was just added (stories and their search index
    included): a plan made on stale ones is not what a server would run."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def urls(campaign):
    from django.templatetags.static import static

    from stories.models import StoryPage

    story = StoryPage.objects.live().order_by("path").first()
    return {
        "home": "/",
        "story": story.url,
        "campaign": campaign.url,
        "statement_last": f"/ung-ho/{campaign.slug}/sao-ke/?trang=cuoi",
        "disclosure": f"/ung-ho/{campaign.slug}/cong-khai/",
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
    step("stories", add_stories, args.stories)
    step("analyze", analyze)
    found = urls(campaign)
    Path(args.urls_out).write_text(json.dumps(found, indent=2))
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
