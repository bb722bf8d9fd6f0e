"""gunicorn settings for Chung Tay app servers; every value can be overridden by environment.

App processes are stateless (sessions and cache in Redis, data in PostgreSQL, media in object
storage), so any number of them, on any number of machines, serve as one site.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound on a campaign night;
# not too often: a worker serves some 2.700 cached pages a second, and each recycle costs a
# moment at half capacity and a fresh worker's cold caches (at 50.000, bench/http.sh saw a
# recycle every ~20 s and p99 spikes of 100–350 ms). The soak measured +7 MB per worker in ten
# minutes with no recycling at all.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000000"))
max_requests_jitter = max_requests // 10
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# GUNICORN_ACCESS_LOG="" turns the access log off (the proxy keeps one anyway).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
