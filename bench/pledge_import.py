"""Bench: confirming a file of pledges (mobilisation's import), as "Ghi nhận N cam kết" does.

    .venv/bin/python bench/pledge_import.py                    # PostgreSQL, 500 and 5000 rows
    .venv/bin/python bench/pledge_import.py --sqlite           # a SQLite file instead
    .venv/bin/python bench/pledge_import.py --rows 5000 --donors 50000

Creates (and afterwards drops, unless --keep) its own database (chungtay_bench_pledges on the
server of BENCH_POSTGRES_URL, or a file in the temporary folder), with a campaign linked to its
fund, a ceremony, communes and --donors donors already known. For each size, a CSV is drawn
(seeded) as Front staff fill the template: new businesses by tax code, some named twice, known
donors found by phone, individuals by name only, earmarks for a commune, goods, due dates. It is
staged (read, checked, matched: the upload), then confirmed by
mobilisation.services.imports.confirm_import (the button), each timed, and verify_ledger is run
afterwards. The confirm runs inside a web request behind gunicorn's 30 s timeout: the target is
< 10 s for 5000 rows on a quiet 2-core machine.
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import ledger  # noqa: E402 - after the path is set; its database helpers

HEADINGS = [
    "Tên đơn vị", "Loại", "Mã số thuế", "Số điện thoại", "Số tiền", "Hàng hóa", "Hạn nộp",
    "Ghi chú", "Xã nhận hỗ trợ", "Loại hỗ trợ", "Nội dung địa chỉ ủng hộ",
]  # fmt: skip
COMMUNES = 20
CEREMONY_DAY = datetime.date(2026, 10, 17)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--donors", type=int, default=20_000, help="donors already known")
    parser.add_argument("--database", default="chungtay_bench_pledges")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def make_world(donors):
    """A campaign linked to its fund, a ceremony, communes, ``donors`` known donors (phones
    09xxxxxxxx by number); returns (campaign, ceremony, user)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site

    from campaigns.models import CampaignIndexPage, CampaignPage
    from donations.models import CampaignFund, Donor, Fund
    from home.models import HomePage
    from mobilisation.models import Ceremony
    from sitewide.models import Area

    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Trang chủ", slug="bench-home", hero_heading="Bench")
    )
    Site.objects.update(root_page=home)
    index = home.add_child(instance=CampaignIndexPage(title="Chiến dịch", slug="chien-dich"))
    province = Area.objects.create(name="Tỉnh Quảng Trị", slug="quang-tri", level="province")
    for number in range(COMMUNES):
        Area.objects.create(
            name=f"Xã Thứ {number}", slug=f"xa-{number}", level="commune", parent=province
        )
    fund = Fund.objects.create(name="Quỹ Vì người nghèo tỉnh", level="province", area=province)
    campaign = index.add_child(
        instance=CampaignPage(
            title="Ngày vì người nghèo 2026", slug="ngay-vi-nguoi-ngheo-2026", intro="Bench",
            start_date=CEREMONY_DAY, end_date=datetime.date(2026, 12, 31),
            organiser="Ủy ban MTTQ tỉnh", target_amount=500_000_000_000,
        )
    )  # fmt: skip
    campaign.save_revision().publish()
    CampaignFund.objects.create(campaign=campaign, fund=fund)
    ceremony = Ceremony.objects.create(
        name="Lễ phát động Ngày vì người nghèo 17/10/2026", held_on=CEREMONY_DAY,
        campaign=campaign, committee="Ủy ban MTTQ Việt Nam tỉnh Quảng Trị",
    )  # fmt: skip
    Donor.objects.bulk_create(
        (
            Donor(
                kind="individual",
                name=f"Người ủng hộ {n}",
                name_folded=f"nguoi ung ho {n}",
                phone=f"09{n:08d}",
            )  # fmt: skip
            for n in range(donors)
        ),
        batch_size=2000,
    )
    user = get_user_model().objects.create(username="bench-mattran", is_superuser=True)
    return campaign, ceremony, user


def draw_file(rng, count, batch, known):
    """A CSV of ``count`` pledges as staff fill the template; batch makes names unique."""
    lines = [";".join(HEADINGS)]
    for n in range(count):
        draw = rng.random()
        amount = rng.choice([1, 2, 5, 10, 20, 50, 100, 500]) * 1_000_000
        due = rng.choice(["", "31/12/2026", "30/11/2026"])
        commune, kind_of_help, words = "", "", ""
        if rng.random() < 0.2:
            commune = f"Xã Thứ {rng.randrange(COMMUNES)}"
            kind_of_help = rng.choice(["", "Xây mới nhà Đại đoàn kết"])
            words = rng.choice(["", "Nhà Đại đoàn kết cho hộ nghèo"])
        goods = "3 tấn gạo" if rng.random() < 0.05 else ""
        if draw < 0.55:  # a new business, by tax code
            cells = [f"Công ty {batch}-{n}", "Doanh nghiệp", f"{batch}{n:09d}", ""]
        elif draw < 0.65:  # a business named on an earlier row of this file
            m = rng.randrange(max(1, n))
            cells = [f"Công ty {batch}-{m} (chi nhánh)", "Doanh nghiệp", f"{batch}{m:09d}", ""]
        elif draw < 0.85:  # a known donor, by phone
            cells = ["Ông bà", "Cá nhân", "", f"09{rng.randrange(known):08d}"]
        else:  # a person by name only
            cells = [f"Nguyễn Văn Lô {batch} {n}", "Cá nhân", "", ""]
        lines.append(";".join([*cells, str(amount), goods, due, "", commune, kind_of_help, words]))
    return ("\n".join(lines) + "\n").encode()


def main():
    args = parse_args()
    load = os.getloadavg()
    print(f"Machine: {os.cpu_count()} CPUs, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    ledger.SQLITE = args.sqlite  # read by ledger's database helpers
    ledger.recreate_database(args.database)
    try:
        ledger.setup_django(args.database)
        from django.core.management import call_command
        from django.db import connection

        from donations.models import Pledge
        from mobilisation.services.imports import confirm_import, stage_import

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        campaign, ceremony, user = make_world(args.donors)
        print(f"{connection.vendor}: ready in {time.perf_counter() - started:.1f} s")
        rng = random.Random(17)
        for batch, count in enumerate(args.rows, start=1):
            data = draw_file(rng, count, batch, args.donors)
            started = time.perf_counter()
            staged = stage_import(
                data=data, filename=f"dot-{batch}.csv", campaign=campaign, ceremony=ceremony,
                user=user,
            )  # fmt: skip
            staging = time.perf_counter() - started
            before = Pledge.objects.count()
            started = time.perf_counter()
            pledges = confirm_import(staged, user=user)
            confirming = time.perf_counter() - started
            assert len(pledges) == count == Pledge.objects.count() - before
            load = os.getloadavg()[0]
            print(
                f"{count:>6} rows: staged in {staging:.2f} s, confirmed in {confirming:.2f} s "
                f"(load {load:.2f})"
            )
        out = io.StringIO()
        started = time.perf_counter()
        call_command("verify_ledger", stdout=out, stderr=out)
        print(f"verify_ledger passed in {time.perf_counter() - started:.1f} s")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            ledger.drop_database(args.database)


if __name__ == "__main__":
    main()
