"""SQL queries per page, as bench/http.sh measures them (page cache off, second view).

    DATABASE_URL=… .venv/bin/python bench/http/queries.py bench/out/urls.json

Fragments and the route cache are on (FRAGMENT_CACHE_ENABLED=1), as on app servers with Redis; this
one process is coherent on its own. Prints one line per page, `QUERIES <name> <warm> <cold>`:
a second view (what a warm server does for every reader) and the view right after the
site-wide generation moved (what the first reader after a publish costs). For any page whose
cold count is above --show-above, each statement of the cold view, so a count over the target
says which queries.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitewide.settings")
os.environ["PAGE_CACHE_ENABLED"] = "0"
os.environ.setdefault("FRAGMENT_CACHE_ENABLED", "1")


def summary(sql):
    """FROM … WHERE …: which table and rows a query reads, without its column list."""
    sql = " ".join(sql.split())
    start = sql.find(" FROM ")
    text = sql[start + 1 :] if sql.startswith("SELECT") and start > 0 else sql
    return text.replace('"', "")[:240]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls")
    parser.add_argument("--show-above", type=int, default=10)
    args = parser.parse_args()
    import django

    django.setup()
    from django.test import Client

    from sitewide.caching.pages import bump_generation

    client = Client(HTTP_HOST="127.0.0.1")
    urls = json.loads(Path(args.urls).read_text())
    for name, url in urls.items():
        first = client.get(url)  # site settings, renditions: what a warm server already has
        warm = captured_queries(client, url)
        bump_generation()
        cold = captured_queries(client, url)
        if first.status_code != 200:
            sys.exit(f"{name} {url}: HTTP {first.status_code}")
        print(f"QUERIES {name} {len(warm)} {len(cold)}", flush=True)
        if len(cold) > args.show_above:
            for number, query in enumerate(cold, 1):
                print(f"    {number:2d}. {summary(query['sql'])}")
    if "search" in urls:  # search_new: words nobody asked for yet (bench/http/search_new.lua)
        warm = captured_queries(client, urls["search"] + "+chua+ai+hoi+1")
        bump_generation()
        cold = captured_queries(client, urls["search"] + "+chua+ai+hoi+2")
        print(f"QUERIES search_new {len(warm)} {len(cold)}", flush=True)


def captured_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    if response.status_code != 200:
        sys.exit(f"{url}: HTTP {response.status_code}")
    return list(captured.captured_queries)


if __name__ == "__main__":
    main()
