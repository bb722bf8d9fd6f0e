"""Build the soak's database and say which URLs it reads (run by bench/soak.sh).

    DATABASE_URL=… STATIC_ROOT=… MEDIA_ROOT=… .venv/bin/python bench/soak/setup_db.py \
        --urls-out bench/out/soak/urls.json

The same steps as bench/http/prepare.py (migrate, demo content, static files, renditions) without
the million receipts: the soak measures a site over time, not a big table. The demo's campaign
is the one donors give to; if its period has passed (the demo dates are fixed), its end date is
moved a month ahead in this database only, so the donate form is offered.
"""

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "http"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitewide.settings")

import prepare as http_prepare  # noqa: E402  bench/http/prepare.py


def ensure_accepts_gifts(campaign):
    from django.utils import timezone

    from campaigns.models import CampaignPage
    from giving.services import accepts_gifts

    if accepts_gifts(campaign):
        return campaign
    today = timezone.localdate()
    CampaignPage.objects.filter(pk=campaign.pk).update(
        start_date=min(campaign.start_date, today), end_date=today + datetime.timedelta(days=30)
    )
    campaign.refresh_from_db()
    if not accepts_gifts(campaign):
        sys.exit(f"campaign {campaign.slug} does not accept gifts (no fund or not live)")
    return campaign


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls-out", required=True)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    step = http_prepare.step
    print(f"Preparing {os.environ.get('DATABASE_URL', 'db.sqlite3')}", flush=True)
    step("migrate", call_command, "migrate", "--noinput", "-v0")
    step("load_demo_content", call_command, "load_demo_content")
    step("collectstatic", call_command, "collectstatic", "--noinput", "-v0")
    step("warm_renditions", call_command, "warm_renditions")
    campaign, _fund = http_prepare.bench_campaign()
    campaign = ensure_accepts_gifts(campaign)
    urls = http_prepare.urls(campaign)
    urls["statement_first"] = f"/ung-ho/{campaign.slug}/sao-ke/"
    urls["campaign_id"] = campaign.pk
    Path(args.urls_out).write_text(json.dumps(urls, indent=2))
    print(json.dumps(urls, ensure_ascii=False))


if __name__ == "__main__":
    main()
