"""What the cache tests share: Redis (skipped where none answers; CI always has one), a
campaign whose page may be cached, and a gift to move its money. A pytest plugin module."""

import socket
import uuid

import pytest
from django.utils import timezone

REDIS_URL = "redis://127.0.0.1:6379/0"


def needs_redis():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379")


def use_redis_cache(settings):
    """Make the default cache alias our RedisCache, under a prefix of this test's own."""
    needs_redis()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "sitewide.caching.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"ct-test-pages-{uuid.uuid4().hex[:8]}",
        },
    }


def clear(cache):
    """Empty a test's cache. On Redis only its own keys: Django's clear() is FLUSHDB, which would
    also wipe what every other process keeps on that server (another test run, a bench, the
    page cache's counters)."""
    if not hasattr(cache, "watch"):
        cache.clear()
        return
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def closed_campaign(campaign_index, fund):
    """Ended before today: it shows its money but no donate form, so it may be cached."""
    from donations.testing import link_campaign
    from tests.factories import make_campaign

    campaign = make_campaign(campaign_index, title="Ngày vì người nghèo 2025", slug="nvnn-2025")
    assert not campaign.is_running()
    return link_campaign(campaign, fund)


def give(campaign, amount):
    """A cash gift recorded now: the money version moves, as with any receipt."""
    from donations.models import Channel
    from donations.services import record_receipt

    return record_receipt(
        channel=Channel.CASH,
        amount=amount,
        received_at=timezone.now(),
        campaign=campaign,
        receipt_book_number=f"Q{amount}",
    )
