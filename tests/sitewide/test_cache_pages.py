"""The anonymous page cache (sitewide/caching/): what is served from it, what never is, and
what makes it stale: publishing (any page) and money recorded (money pages)."""

import hashlib
import time

import pytest
from django.core.cache import cache
from django.db.models import F
from wagtail.models import Page

from donations.models import LedgerTotal
from sitewide.caching import pages
from tests.sitewide.conftest import clear, give, use_redis_cache
from tests.stories.conftest import make_story


@pytest.fixture(params=["in-process", "redis"])
def page_cache(request, settings, home):
    """Every test runs on the in-process cache and on Redis, where each process also keeps
    the counters (counters.py) and its own copies of pages (local_copies.py): the rules must
    come out the same."""
    if request.param == "redis":
        use_redis_cache(settings)
    # Site settings are created on first read, which (like any settings change) bumps the
    # generation: make them before the first request, as they are on any live site.
    from wagtail.models import Site

    from sitewide.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TTL = 600
    settings.PAGE_CACHE_MONEY_MAX_AGE = 5
    settings.PAGE_CACHE_MONEY_MIN_AGE = 0  # tests of the minimum age set their own
    settings.PAGE_CACHE_CDN_MAX_AGE = 0
    clear(cache)
    pages.LOCAL_COPIES.clear()
    yield settings
    clear(cache)
    pages.LOCAL_COPIES.clear()


@pytest.fixture
def story(story_index):
    return make_story(story_index, title="Bà Hồ Thị Mai thoát nghèo nhờ trồng tiêu", slug="ba-mai")


def stored_key(path, host="testserver"):
    """The cache key of a URL as the middleware makes it (scheme, host, path, query)."""
    url = f"http://{host}{path}"
    return pages.PAGE_KEY_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def stored_entry(path):
    return cache.get(stored_key(path))


def test_an_anonymous_second_request_is_a_hit_with_the_same_page(client, page_cache, story):
    first = client.get(story.url)
    second = client.get(story.url)
    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert b"B\xc3\xa0 H\xe1\xbb\x93 Th\xe1\xbb\x8b Mai" in second.content


def test_a_hit_needs_no_database_query(client, page_cache, story, django_assert_num_queries):
    client.get(story.url)
    with django_assert_num_queries(0):
        assert client.get(story.url)["X-Cache"] == "HIT"


def test_head_is_answered_from_the_stored_get(client, page_cache, story):
    client.get(story.url)
    response = client.head(story.url)
    assert response["X-Cache"] == "HIT"
    assert response.content == b""


def test_the_query_string_is_part_of_the_key(client, page_cache, story_index, story):
    client.get(story_index.url)
    assert client.get(story_index.url)["X-Cache"] == "HIT"
    assert client.get(story_index.url + "?page=2")["X-Cache"] == "MISS"


def test_logged_in_staff_are_never_served_or_stored(client, page_cache, story, admin_user):
    client.get(story.url)  # an anonymous copy exists
    client.force_login(admin_user)
    for _ in range(2):
        response = client.get(story.url)
        assert response["X-Cache"] == "BYPASS"
    client.logout()
    # What staff saw was not stored for anonymous readers either: the anonymous copy is the
    # one from before, and logging out left no session cookie value behind.
    assert client.get(story.url)["X-Cache"] == "HIT"


def test_a_messages_cookie_bypasses_the_cache(client, page_cache, story):
    client.get(story.url)
    client.cookies["messages"] = "something-for-this-reader"
    assert client.get(story.url)["X-Cache"] == "BYPASS"


def test_publishing_a_change_is_seen_at_once_on_the_page_and_its_listing(
    client, page_cache, story_index, story
):
    client.get(story.url)
    client.get(story_index.url)
    assert client.get(story.url)["X-Cache"] == "HIT"

    story.title = "Bà Hồ Thị Mai làm giàu từ cây tiêu"
    story.save_revision().publish()

    page = client.get(story.url)
    listing = client.get(story_index.url)
    assert page["X-Cache"] == listing["X-Cache"] == "MISS"
    assert "làm giàu từ cây tiêu" in page.content.decode()
    assert "làm giàu từ cây tiêu" in listing.content.decode()


def test_unpublishing_removes_the_page_at_once(client, page_cache, story):
    client.get(story.url)
    assert client.get(story.url)["X-Cache"] == "HIT"
    story.unpublish()
    assert client.get(story.url).status_code == 404


def test_deleting_a_page_drops_it_from_cached_listings(client, page_cache, story_index, story):
    assert "Hồ Thị Mai" in client.get(story_index.url).content.decode()
    assert client.get(story_index.url)["X-Cache"] == "HIT"
    Page.objects.get(pk=story.pk).delete()
    listing = client.get(story_index.url)
    assert listing["X-Cache"] == "MISS"
    assert "Hồ Thị Mai" not in listing.content.decode()


def test_moving_a_page_is_seen_at_once(client, page_cache, home, story_index, story):
    from stories.models import StoryIndexPage

    other = StoryIndexPage(title="Gương điển hình", slug="guong-dien-hinh")
    home.add_child(instance=other)
    old_url = story.url
    client.get(old_url)
    assert client.get(old_url)["X-Cache"] == "HIT"
    Page.objects.get(pk=story.pk).move(other, pos="last-child")
    response = client.get(old_url)  # Wagtail's automatic redirect, not the cached page
    assert response.status_code == 301
    assert response["Location"] == "/guong-dien-hinh/ba-mai/"


def test_a_campaigns_bank_accounts_changed_by_staff_are_seen_at_once(
    client, page_cache, closed_campaign, fund
):
    """The accounts are chosen in the bank account's form (the ledger's side of the link), not
    by publishing the page: adding or removing the link, from either side, is seen at once."""
    from tests.donations.conftest import make_bank_account

    account = make_bank_account(fund, number="0071000555666")
    url = closed_campaign.url
    assert "0071000555666" not in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "HIT"

    account.campaigns.add(closed_campaign)
    page = client.get(url)
    assert page["X-Cache"] == "MISS"
    assert "0071000555666" in page.content.decode()
    assert client.get(url)["X-Cache"] == "HIT"

    closed_campaign.bank_accounts.remove(account)
    assert "0071000555666" not in client.get(url).content.decode()
    account.campaigns.set([closed_campaign])
    assert "0071000555666" in client.get(url).content.decode()
    account.campaigns.clear()
    assert "0071000555666" not in client.get(url).content.decode()


def test_the_campaign_page_with_its_donate_form_is_stored_for_anonymous_readers(
    client, page_cache, giving_campaign
):
    """The donate form carries no per-visitor token for them (sitewide/security/origin.py)."""
    first = client.get(giving_campaign.url)
    assert first.status_code == 200
    assert b'id="donate"' in first.content
    assert b"csrfmiddlewaretoken" not in first.content
    assert "csrftoken" not in first.cookies
    second = client.get(giving_campaign.url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


def test_a_signed_in_readers_donate_form_keeps_its_token_and_is_never_stored(
    client, page_cache, giving_campaign, admin_user
):
    client.force_login(admin_user)
    for _ in range(2):
        response = client.get(giving_campaign.url)
        assert b"csrfmiddlewaretoken" in response.content
        assert response.get("X-Cache") != "HIT"
    client.logout()
    anonymous = client.get(giving_campaign.url)
    assert b"csrfmiddlewaretoken" not in anonymous.content


def test_money_recorded_makes_the_next_view_fresh(client, page_cache, closed_campaign):
    client.get(closed_campaign.url)
    assert client.get(closed_campaign.url)["X-Cache"] == "HIT"
    assert stored_entry(closed_campaign.url)[1] is not None  # stored as a money page

    give(closed_campaign, 1_250_000)

    response = client.get(closed_campaign.url)
    assert response["X-Cache"] == "MISS"
    assert "1.250.000 ₫" in response.content.decode()


def test_money_written_without_signals_is_stale_no_longer_than_the_money_max_age(
    client, page_cache, closed_campaign
):
    """Bulk paths (the ledger's bucket updates, imports) send no model signal: the short life
    of money pages is what bounds them."""
    page_cache.PAGE_CACHE_MONEY_MAX_AGE = 1
    give(closed_campaign, 1_000_000)
    assert "1.000.000 ₫" in client.get(closed_campaign.url).content.decode()
    LedgerTotal.objects.filter(campaign=closed_campaign).update(amount=F("amount") + 500_000)

    assert client.get(closed_campaign.url)["X-Cache"] == "HIT"  # still the old copy
    time.sleep(1.1)
    response = client.get(closed_campaign.url)
    assert response["X-Cache"] == "MISS"
    assert "1.500.000 ₫" in response.content.decode()


def test_a_stream_of_gifts_renders_a_money_page_at_most_once_per_min_age(
    client, page_cache, closed_campaign
):
    page_cache.PAGE_CACHE_MONEY_MIN_AGE = 1
    give(closed_campaign, 1_000_000)
    assert "1.000.000 ₫" in client.get(closed_campaign.url).content.decode()
    give(closed_campaign, 250_000)
    young = client.get(closed_campaign.url)
    assert young["X-Cache"] == "HIT"  # younger than a second: served as it is
    assert "1.250.000 ₫" not in young.content.decode()
    time.sleep(1.05)
    fresh = client.get(closed_campaign.url)
    assert fresh["X-Cache"] == "MISS"
    assert "1.250.000 ₫" in fresh.content.decode()


def test_while_one_request_renders_a_money_page_the_others_get_the_copy(
    client, page_cache, closed_campaign
):
    client.get(closed_campaign.url)
    give(closed_campaign, 750_000)
    key = stored_key(closed_campaign.url)
    assert cache.add(key + ":render", 1)  # another app server is rendering it right now
    stale = client.get(closed_campaign.url)
    assert stale["X-Cache"] == "STALE"
    assert "750.000 ₫" not in stale.content.decode()
    cache.delete(key + ":render")  # it finished without storing (say, it crashed)
    fresh = client.get(closed_campaign.url)
    assert fresh["X-Cache"] == "MISS"
    assert "750.000 ₫" in fresh.content.decode()


def test_a_money_page_never_outlives_the_max_age_even_while_locked(
    client, page_cache, closed_campaign
):
    page_cache.PAGE_CACHE_MONEY_MAX_AGE = 1
    client.get(closed_campaign.url)
    cache.add(stored_key(closed_campaign.url) + ":render", 1, timeout=30)
    time.sleep(1.1)
    assert client.get(closed_campaign.url)["X-Cache"] == "MISS"


def test_ordinary_pages_are_not_tied_to_money(client, page_cache, story, closed_campaign):
    client.get(story.url)
    entry = stored_entry(story.url)
    assert entry is not None and entry[1] is None
    give(closed_campaign, 200_000)
    assert client.get(story.url)["X-Cache"] == "HIT"


def test_the_public_statement_is_a_money_page(client, page_cache, closed_campaign):
    url = f"/ung-ho/{closed_campaign.slug}/sao-ke/"
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Cache"] == "HIT"
    assert stored_entry(url)[1] is not None
    give(closed_campaign, 300_000)
    assert client.get(url)["X-Cache"] == "MISS"


@pytest.mark.parametrize(
    "url", ["/admin/login/", "/donations/vnpay/ipn/?vnp_TxnRef=x", "/ung-ho/kiem-tra/"]
)
def test_never_cached_paths(client, page_cache, vnpay_config, url):
    for _ in range(2):
        assert client.get(url)["X-Cache"] == "BYPASS"
    assert stored_entry(url) is None


def test_posts_and_errors_are_not_stored(client, page_cache, home):
    assert client.post("/search/", {"q": "x"})["X-Cache"] == "BYPASS"
    for _ in range(2):
        response = client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        assert response["X-Cache"] == "MISS"


def test_search_is_cached_only_without_a_query(client, page_cache, story):
    client.get("/search/")
    assert client.get("/search/")["X-Cache"] == "HIT"
    assert client.get("/search/?q=ho+thi+mai")["X-Cache"] == "BYPASS"


def test_disabled_cache_adds_nothing(client, settings, story):
    settings.PAGE_CACHE_ENABLED = False
    assert "X-Cache" not in client.get(story.url)


def test_an_evicted_generation_never_revives_old_copies(client, page_cache, story):
    client.get(story.url)
    assert client.get(story.url)["X-Cache"] == "HIT"
    cache.delete(pages.GENERATION_KEY)
    assert client.get(story.url)["X-Cache"] == "MISS"


def test_a_cache_outage_serves_pages_uncached(client, page_cache, settings, story):
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.PAGE_CACHE_ALIAS = "down"
    response = client.get(story.url)
    assert response.status_code == 200
    assert response["X-Cache"] == "BYPASS"
    story.save_revision().publish()  # publishing still works: the bump is logged, not raised


def test_with_a_cdn_public_pages_say_how_long_it_may_keep_them(
    client, page_cache, story, closed_campaign, giving_campaign
):
    page_cache.PAGE_CACHE_CDN_MAX_AGE = 60
    assert client.get(story.url)["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert client.get(story.url)["Cache-Control"] == "public, max-age=0, s-maxage=60"  # HIT
    money = client.get(closed_campaign.url)
    assert money["Cache-Control"] == "public, max-age=0, s-maxage=5"
    donate = client.get(giving_campaign.url)  # a money page now that its form is cacheable
    assert donate["Cache-Control"] == "public, max-age=0, s-maxage=5"
    assert "private" in client.get("/admin/login/")["Cache-Control"]


def test_clear_page_cache_after_an_upgrade(client, page_cache, story, capsys):
    from django.core.management import call_command

    client.get(story.url)
    assert client.get(story.url)["X-Cache"] == "HIT"
    call_command("clear_page_cache")
    assert "Mọi trang trong bộ nhớ đệm sẽ được tạo lại." in capsys.readouterr().out
    assert client.get(story.url)["X-Cache"] == "MISS"


def test_clear_page_cache_says_when_the_cache_is_down(page_cache, settings):
    from django.core.management import CommandError, call_command

    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.PAGE_CACHE_ALIAS = "down"
    with pytest.raises(CommandError, match="Không kết nối được bộ nhớ đệm trang"):
        call_command("clear_page_cache")
