"""Junk query strings cannot bypass the page cache or fill Redis (security review, finding 4).

Before: every distinct query string was a new render stored for PAGE_CACHE_TTL under any path,
and sessions shared the cache's Redis database by default. Now a page is keyed by the
parameters it reads (others are ignored), a page given an invalid or unread parameter is not
stored, a path keeps a bounded number of variants, and sessions default to another database.
"""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from sitewide.caching import pages
from tests.factories import make_story

pytest_plugins = ["donations.testing", "tests.giving_fixtures", "tests.cache_fixtures"]


@pytest.fixture
def page_cache(settings, home):
    from wagtail.models import Site

    from sitewide.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TTL = 600
    settings.PAGE_CACHE_MONEY_MAX_AGE = 5
    settings.PAGE_CACHE_MONEY_MIN_AGE = 0
    settings.PAGE_CACHE_CDN_MAX_AGE = 0
    cache.clear()
    pages.LOCAL_COPIES.clear()
    yield settings
    cache.clear()
    pages.LOCAL_COPIES.clear()


@pytest.fixture
def story(story_index):
    return make_story(story_index, title="Bà Hồ Thị Mai thoát nghèo nhờ trồng tiêu", slug="ba-mai")


def page_keys():
    """The stored pages of the in-process cache (not its locks and markers)."""
    return {key for key in cache._cache if re.search(r"pagecache:page:[0-9a-f]{64}$", key)}


def test_a_junk_parameter_is_served_from_the_clean_urls_copy(
    client, page_cache, story_index, story
):
    clean = client.get(story_index.url)
    assert clean["X-Cache"] == "MISS"
    for junk in ["?utm_source=zalo", "?x=1&y=2", "?type=&tag=", "?rac=%3Cscript%3E"]:
        response = client.get(story_index.url + junk)
        assert response["X-Cache"] == "HIT", junk
        assert response.content == clean.content


def test_parameters_the_page_reads_are_keyed_in_one_order(client, page_cache, story_index, story):
    first = client.get(story_index.url + "?type=news&year=2026&junk=1")
    assert first["X-Cache"] == "MISS"
    assert client.get(story_index.url + "?year=2026&type=news")["X-Cache"] == "HIT"


def test_a_page_given_a_parameter_it_does_not_read_is_not_stored(client, page_cache, story):
    client.get(story.url)
    before = len(page_keys())
    for number in range(3):
        assert client.get(f"{story.url}?page={number}")["X-Cache"] == "MISS"
    assert len(page_keys()) == before


def test_invalid_filters_are_shown_but_not_stored(client, page_cache, story_index, story):
    for _ in range(2):
        response = client.get(story_index.url + "?tag=khong-co-the-nay")
        assert response.status_code == 200 and response["X-Cache"] == "MISS"
    for _ in range(2):
        assert client.get(story_index.url + "?page=999")["X-Cache"] == "MISS"


def test_a_path_keeps_a_bounded_number_of_variants(client, page_cache, closed_campaign):
    page_cache.PAGE_CACHE_MAX_VARIANTS = 3
    url = f"/ung-ho/{closed_campaign.slug}/sao-ke/"
    cursors = [f"?sau={1_790_000_000_000_000 + n}-{n + 1}" for n in range(5)]
    for cursor in cursors:
        assert client.get(url + cursor)["X-Cache"] == "MISS"
    answers = [client.get(url + cursor)["X-Cache"] for cursor in cursors]
    assert answers == ["HIT", "HIT", "HIT", "MISS", "MISS"]
    client.get(url)  # the clean URL is always kept
    assert client.get(url)["X-Cache"] == "HIT"


def test_statement_junk_and_bad_cursors(client, page_cache, closed_campaign):
    url = f"/ung-ho/{closed_campaign.slug}/sao-ke/"
    client.get(url)
    assert client.get(url + "?ten=&x=1")["X-Cache"] == "HIT"
    for _ in range(2):
        assert client.get(url + "?sau=not-a-cursor")["X-Cache"] == "MISS"


def test_the_page_only_sees_the_parameters_of_its_key(client, page_cache, closed_campaign):
    """What the page renders cannot depend on what its key does not hold."""
    url = f"/ung-ho/{closed_campaign.slug}/sao-ke/"
    body = client.get(url + "?ten=an&rac=doc-hai").content.decode()
    assert "doc-hai" not in body  # the paging and CSV links carry only the filters


def test_sessions_default_to_another_redis_database():
    code = (
        "from sitewide import settings;"
        "print(settings.CACHES['default']['LOCATION']);"
        "print(settings.CACHES['sessions']['LOCATION'])"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0"}
    env.pop("REDIS_SESSIONS_URL", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    assert result.stdout.split() == ["redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"]
