"""Where an uncached page spends its time: cProfile over repeated test-client requests.

    DATABASE_URL=… .venv/bin/python bench/http/profile_pages.py bench/out/http/urls-sqlite.json \
        [--pages story campaign search_new] [--repeat 50] [--top 25] [--no-profile]

For each page (page cache off, DEBUG off, after one warm-up view, as a warm gunicorn worker
would serve it) prints the mean wall time per request, the SQL queries per request, and the
functions with the most cumulative time. It runs in-process through Django's test client, so
the figures leave out gunicorn and the network; bench/http.sh measures those. `search_new` is
the search page with words nobody asked for yet on every request, as bench/http/search_new.lua
sends them (two words and a random number: nothing matches, nothing was kept). --no-profile
times the requests without cProfile, whose overhead inflates the mean. The CPU time of this
process is printed too: steadier than wall time on a busy machine, but without the database
server's share (PostgreSQL's; SQLite's is in it).
"""

import argparse
import cProfile
import io
import itertools
import json
import os
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitewide.settings")
os.environ["PAGE_CACHE_ENABLED"] = "0"
os.environ.setdefault("DEBUG", "0")

# The words of bench/http/search_new.lua.
SEARCH_WORDS = (  # noqa: SIM905 - one line of words, as in the Lua script
    "giam ngheo bo giong nha dai doan ket hoc bong ca phe che ong mat rung lua gao nuoi trong "
    "vay von ho tro xa ban thon song suoi duong"
).split()


def new_search(search_url):
    """URLs of searches nobody asked for yet, one per call (bench/http/search_new.lua)."""
    path = search_url.split("?", 1)[0]
    while True:
        words = [random.choice(SEARCH_WORDS), random.choice(SEARCH_WORDS)]
        yield f"{path}?q={'+'.join(words)}+{random.randint(1, 1_000_000_000)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls")
    parser.add_argument("--pages", nargs="*", help="page names from the URL file (all if none)")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--no-profile", action="store_true", help="time without cProfile")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    urls = json.loads(Path(args.urls).read_text())
    pages = {name: itertools.repeat(url) for name, url in urls.items()}
    if "search" in urls:
        pages["search_new"] = new_search(urls["search"])
    for name, each_url in pages.items():
        if args.pages and name not in args.pages or name == "static":
            continue
        client.get(next(each_url))
        with CaptureQueriesContext(connection) as captured:
            client.get(url := next(each_url))
        queries = len(captured)  # now: the requests below clear the connection's query log
        wanted = list(itertools.islice(each_url, args.repeat))
        profiler = None if args.no_profile else cProfile.Profile()
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for wanted_url in wanted:
            response = client.get(wanted_url)
        if profiler:
            profiler.disable()
        elapsed = (time.perf_counter() - started) / args.repeat
        cpu = (time.process_time() - cpu_started) / args.repeat
        how = "profiled" if profiler else "not profiled"
        print(
            f"== {name} {url}: HTTP {response.status_code}, {elapsed * 1000:.1f} ms/request "
            f"({how}; this process's CPU {cpu * 1000:.1f} ms), {queries} queries"
        )
        if not profiler:
            continue
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort)
        stats.print_stats(args.top)
        print("\n".join(out.getvalue().splitlines()[6:]))


if __name__ == "__main__":
    main()
