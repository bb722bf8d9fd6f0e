"""Where an uncached page spends its time: cProfile over repeated test-client requests.

    DATABASE_URL=… .venv/bin/python bench/http/profile_pages.py bench/out/http/urls-sqlite.json \
        [--pages story campaign] [--repeat 50] [--top 25]

For each page (page cache off, DEBUG off, after one warm-up view, as a warm gunicorn worker
would serve it) prints the mean wall time per request, the SQL queries per request, and the
functions with the most cumulative time. It runs in-process through Django's test client, so
the figures leave out gunicorn and the network; bench/http.sh measures those.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitewide.settings")
os.environ["PAGE_CACHE_ENABLED"] = "0"
os.environ.setdefault("DEBUG", "0")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls")
    parser.add_argument("--pages", nargs="*", help="page names from the URL file (all if none)")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    urls = json.loads(Path(args.urls).read_text())
    for name, url in urls.items():
        if args.pages and name not in args.pages or name == "static":
            continue
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured)  # now: the requests below clear the connection's query log
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(args.repeat):
            response = client.get(url)
        profiler.disable()
        elapsed = (time.perf_counter() - started) / args.repeat
        print(
            f"== {name} {url}: HTTP {response.status_code}, {elapsed * 1000:.1f} ms/request "
            f"(profiled), {queries} queries"
        )
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort)
        stats.print_stats(args.top)
        print("\n".join(out.getvalue().splitlines()[6:]))


if __name__ == "__main__":
    main()
