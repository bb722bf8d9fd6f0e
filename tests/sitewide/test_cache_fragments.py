"""Fragments and routes kept between requests (sitewide/caching/fragments.py, routing.py).

With the full-page cache off, a warm story or campaign page is rendered from cached fragments
and a remembered route: few queries, the same number however many stories, items or accounts.
What must never happen: a fragment older than the last publish, money older than the money
rule, a draft shown from a preview, a donate form with someone else's CSRF token, or a refused
POST's typed values stored for the next reader.
"""

import datetime
import re
import time

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from campaigns.models import SupportItem
from donations.models import LedgerTotal
from sitewide.caching.fragments import FRAGMENT_ALIAS
from sitewide.models import SiteSettings
from tests.campaigns.conftest import make_campaign
from tests.donations.conftest import link_campaign, make_bank_account
from tests.giving.conftest import running_campaign
from tests.sitewide.conftest import give, make_image
from tests.stories.conftest import make_stories, make_story

# The targets of issue 6 for a warm uncached page; measured: 0 for both.
STORY_MAX_QUERIES = 10
CAMPAIGN_MAX_QUERIES = 10
# The home page's campaign card shows money received and what was done (issue 16): two queries
# more than a story page, read fresh by the money rule.
HOME_MAX_QUERIES = 11


@pytest.fixture
def fragment_cache(settings, home):
    """Fragments and routes on, as with Redis; site settings made before the first request
    (creating them bumps the generation, as any settings change does)."""
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_ENABLED = False
    settings.PAGE_CACHE_TTL = 600
    settings.PAGE_CACHE_MONEY_MAX_AGE = 5
    settings.PAGE_CACHE_MONEY_MIN_AGE = 0  # the test of the minimum age sets its own
    cache.clear()
    caches[FRAGMENT_ALIAS].clear()
    yield settings
    cache.clear()
    caches[FRAGMENT_ALIAS].clear()


def warm_queries(client, url):
    """Queries of a second view: what a warm app server does for every later reader."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


# --- query counts -------------------------------------------------------------------------


def test_warm_story_page_queries_are_few_and_do_not_grow(client, fragment_cache, story_index):
    stories = make_stories(story_index, 3, tags=["sinh kế"])
    few = warm_queries(client, stories[0].url)
    make_stories(story_index, 27, start=3, tags=["sinh kế"])
    caches[FRAGMENT_ALIAS].clear()  # the new stories' cards must be read, then kept
    many = warm_queries(client, stories[0].url)
    assert few == many
    assert many <= STORY_MAX_QUERIES, many


def test_warm_campaign_page_queries_are_few_and_do_not_grow(
    client, fragment_cache, campaign_index, fund, vnpay_config
):
    def campaign(slug, items, accounts):
        page = running_campaign(
            campaign_index,
            slug=slug,
            listing_image=make_image(),
            support_items=[
                SupportItem(name=f"Hạng mục {n}", unit_cost=1_000_000, target_count=10)
                for n in range(items)
            ],
            bank_accounts=[
                make_bank_account(fund, number=f"00710001{slug}{n}") for n in range(accounts)
            ],
        )
        return link_campaign(page, fund)

    small, large = campaign("nho", 1, 1), campaign("lon", 12, 6)
    few, many = warm_queries(client, small.url), warm_queries(client, large.url)
    assert few == many
    assert many <= CAMPAIGN_MAX_QUERIES, many


def test_the_first_view_after_a_publish_stays_within_the_target(
    client, fragment_cache, story_index, campaign_index, fund, vnpay_config
):
    """Everything kept under the generation is gone after a publish: the page is routed and
    rendered from scratch (the site and its settings are kept, routing.py)."""
    from sitewide.caching.pages import bump_generation

    stories = make_stories(story_index, 6, tags=["sinh kế"])
    campaign = link_campaign(
        running_campaign(
            campaign_index,
            slug="ngay-vi-nguoi-ngheo",
            listing_image=make_image(),
            support_items=[
                SupportItem(name=f"Hạng mục {n}", unit_cost=1_000_000, target_count=10)
                for n in range(3)
            ],
            bank_accounts=[make_bank_account(fund, number=f"0071000{n}") for n in range(2)],
        ),
        fund,
    )
    for url in ("/", stories[0].url, campaign.url):
        assert client.get(url).status_code == 200
        bump_generation()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url).status_code == 200
        limit = HOME_MAX_QUERIES if url == "/" else STORY_MAX_QUERIES
        assert len(cold) <= limit, (url, [q["sql"][:90] for q in cold])


def test_cold_pages_render_the_same_as_warm_ones(client, fragment_cache, story_index):
    story = make_stories(story_index, 4, tags=["sinh kế"])[0]
    fragment_cache.FRAGMENT_CACHE_ENABLED = False
    cold = client.get(story.url).content
    fragment_cache.FRAGMENT_CACHE_ENABLED = True
    client.get(story.url)
    assert client.get(story.url).content == cold


def test_a_repeated_search_is_answered_from_the_kept_results(client, fragment_cache, story_index):
    make_stories(story_index, 12)
    url = "/search/?q=giam+ngheo&page=2"
    fragment_cache.FRAGMENT_CACHE_ENABLED = False
    uncached = client.get(url).content
    fragment_cache.FRAGMENT_CACHE_ENABLED = True
    client.get(url)
    assert warm_queries(client, url) == 0
    assert client.get(url).content == uncached
    assert client.get("/search/?q=giam+ngheo").content != uncached  # page 1 is its own


def test_a_never_asked_search_that_finds_nothing_is_one_query(client, fragment_cache, story_index):
    """Issue 18: words nobody typed before, found nowhere (bench/http.sh's search_new). The
    count of pages with every word is 0, so neither the phrase nor a page of results is asked,
    and the view restrictions come from the process's memory."""
    make_stories(story_index, 3, image=False)
    assert client.get("/search/?q=giam+ngheo+1234567").status_code == 200  # a warm server
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/search/?q=giam+ngheo+7654321").content.decode()
    assert "Không tìm thấy kết quả nào" in html
    assert len(captured) == 1


def test_a_search_leaves_out_a_page_made_private(client, fragment_cache, story_index):
    story = make_story(story_index, title="Bản Lướt giảm nghèo nhờ chè shan tuyết", slug="ban-luot")
    make_stories(story_index, 2, image=False)
    assert "Bản Lướt" in client.get("/search/?q=giam+ngheo").content.decode()
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
    )
    for url in ("/search/?q=giam+ngheo", "/search/?q=ban+luot", "/search/?q=luot"):
        html = client.get(url).content.decode()
        assert "Bản Lướt" not in html, url
    assert "Câu chuyện số 1" in client.get("/search/?q=giam+ngheo").content.decode()


def test_a_story_published_after_a_search_is_found_by_the_next_one(
    client, fragment_cache, story_index
):
    make_stories(story_index, 2)
    assert "Bản Lướt" not in client.get("/search/?q=giam+ngheo").content.decode()
    make_story(story_index, title="Bản Lướt giảm nghèo nhờ chè shan tuyết", slug="ban-luot")
    assert "Bản Lướt" in client.get("/search/?q=giam+ngheo").content.decode()


def test_a_statement_page_is_read_once_per_gift(client, fragment_cache, closed_campaign):
    give(closed_campaign, 300_000)
    url = f"/ung-ho/{closed_campaign.slug}/sao-ke/?trang=cuoi"
    fragment_cache.FRAGMENT_CACHE_ENABLED = False
    uncached = client.get(url).content
    fragment_cache.FRAGMENT_CACHE_ENABLED = True
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).content == uncached
    assert not [q for q in warm.captured_queries if "donations_receipt" in q["sql"]]

    give(closed_campaign, 1_250_000)  # the money version moves: the next view reads again
    html = client.get(url).content.decode()
    assert "1.250.000 ₫" in html
    assert "300.000 ₫" in html


# --- what makes fragments and routes stale ------------------------------------------------


def test_publishing_changes_the_next_render(client, fragment_cache, story_index):
    story, other = make_stories(story_index, 2, tags=["sinh kế"])
    client.get(story.url)
    other.title = "Chị Pả Thị Hoa mở quán tạp hóa"
    other.save_revision().publish()  # a related card on the story's page
    story.title = "Tiêu đề mới sau khi đăng"
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert "Tiêu đề mới sau khi đăng" in html
    assert "Chị Pả Thị Hoa mở quán tạp hóa" in html


def test_menu_and_footer_follow_site_settings(client, fragment_cache, story_index):
    story = make_story(story_index, slug="mot-cau-chuyen")
    client.get(story.url)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotline = "0233 3852 111"
    settings.main_menu = [("link", {"page": story_index, "label": "Chuyện thoát nghèo"})]
    settings.save()
    html = client.get(story.url).content.decode()
    assert "0233 3852 111" in html
    assert "Chuyện thoát nghèo" in html


def test_every_page_footer_leads_a_donor_to_check_a_gift(client, story_index):
    story = make_story(story_index, slug="chan-trang")
    html = client.get(story.url).content.decode()
    footer = html[html.index("<footer") :]
    assert '<a href="/ung-ho/kiem-tra/">Kiểm tra khoản ủng hộ</a>' in footer


def test_unpublished_page_is_gone_at_once(client, fragment_cache, story_index):
    story = make_story(story_index, slug="se-bo-go")
    assert client.get(story.url).status_code == 200
    story.unpublish()
    assert client.get(story.url).status_code == 404


def test_a_new_slug_moves_the_page_at_once(client, fragment_cache, story_index):
    story = make_story(story_index, slug="ten-cu")
    old_url = story.url
    assert client.get(old_url).status_code == 200
    story.slug = "ten-moi"
    story.save_revision().publish()
    assert client.get(old_url).status_code == 404
    assert client.get("/cau-chuyen/ten-moi/").status_code == 200


def test_a_page_made_private_is_not_served_from_the_route_cache(
    client, fragment_cache, story_index
):
    story = make_story(story_index, slug="rieng-tu")
    assert client.get(story.url).status_code == 200
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
    )
    response = client.get(story.url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert story.title not in response.content.decode()


def test_a_preview_is_never_stored(client, fragment_cache, story_index):
    story = make_story(story_index, slug="ban-nhap", title="Bản đã đăng")
    story.title = "Bản nháp chưa duyệt"
    preview = story.make_preview_request()
    assert "Bản nháp chưa duyệt" in preview.content.decode()
    html = client.get(story.url).content.decode()
    assert "Bản đã đăng" in html
    assert "Bản nháp chưa duyệt" not in html


def test_the_running_label_follows_the_date(client, fragment_cache, campaign_index, monkeypatch):
    today = timezone.localdate()
    campaign = make_campaign(
        campaign_index,
        start_date=today + datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=9),
    )
    assert "Sắp diễn ra" in client.get(campaign.url).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + datetime.timedelta(days=1))
    assert "Chiến dịch đang diễn ra" in client.get(campaign.url).content.decode()


# --- money ---------------------------------------------------------------------------------


def test_money_recorded_shows_on_the_next_render(client, fragment_cache, closed_campaign):
    give(closed_campaign, 1_000_000)
    assert "1.000.000 ₫" in client.get(closed_campaign.url).content.decode()
    give(closed_campaign, 250_000)
    assert "1.250.000 ₫" in client.get(closed_campaign.url).content.decode()


def test_a_stream_of_gifts_renders_the_money_at_most_once_per_min_age(
    client, fragment_cache, closed_campaign
):
    fragment_cache.PAGE_CACHE_MONEY_MIN_AGE = 60
    give(closed_campaign, 1_000_000)
    assert "1.000.000 ₫" in client.get(closed_campaign.url).content.decode()
    give(closed_campaign, 250_000)
    assert "1.000.000 ₫" in client.get(closed_campaign.url).content.decode()  # younger than 60 s
    fragment_cache.PAGE_CACHE_MONEY_MIN_AGE = 0
    assert "1.250.000 ₫" in client.get(closed_campaign.url).content.decode()


def test_money_written_without_signals_is_stale_no_longer_than_the_money_max_age(
    client, fragment_cache, closed_campaign
):
    fragment_cache.PAGE_CACHE_MONEY_MAX_AGE = 1
    give(closed_campaign, 1_000_000)
    assert "1.000.000 ₫" in client.get(closed_campaign.url).content.decode()
    LedgerTotal.objects.filter(campaign=closed_campaign).update(amount=F("amount") + 500_000)
    assert "1.000.000 ₫" in client.get(closed_campaign.url).content.decode()  # the kept panel
    time.sleep(1.1)
    assert "1.500.000 ₫" in client.get(closed_campaign.url).content.decode()


# --- the donate form -----------------------------------------------------------------------


def test_each_signed_in_reader_gets_a_working_csrf_token_from_the_kept_form(
    fragment_cache, giving_campaign, django_user_model
):
    """Anonymous donors' forms carry no token (sitewide/security/origin.py); a signed-in
    reader's kept form gets the reader's own token filled in on every request."""
    signed_in = [django_user_model.objects.create_user(f"ban-doc-{n}") for n in range(3)]
    first = Client()
    first.force_login(signed_in[0])
    first.get(giving_campaign.url)  # renders and keeps the signed-in form
    assert "csrfmiddlewaretoken" not in Client().get(giving_campaign.url).content.decode()
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(signed_in[1])
    html = reader.get(giving_campaign.url).content.decode()
    token = csrf_token(html)
    assert "csrf-token-filled-in-per-request" not in html
    data = {"preset": "200000", "disclosure": "anonymous", "method": "vnpay", "consent": ""}
    refused = reader.post(
        f"/ung-ho/gui/{giving_campaign.pk}/", {**data, "csrfmiddlewaretoken": token}
    )
    assert refused.status_code != 403  # the token belongs to this reader's CSRF cookie
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(signed_in[2])
    forged.get(giving_campaign.url)
    assert (
        forged.post(
            f"/ung-ho/gui/{giving_campaign.pk}/", {**data, "csrfmiddlewaretoken": token}
        ).status_code
        == 403
    )  # and to nobody else's


def test_a_refused_post_shows_its_values_but_they_are_not_kept(
    client, fragment_cache, giving_campaign
):
    client.get(giving_campaign.url)
    data = {
        "preset": "other",
        "other_amount": "12",
        "disclosure": "named",
        "donor_name": "Lê Văn Cường",
        "method": "vnpay",
    }
    refused = client.post(f"/ung-ho/gui/{giving_campaign.pk}/", data).content.decode()
    assert 'value="Lê Văn Cường"' in refused
    again = Client().get(giving_campaign.url).content.decode()
    assert "Lê Văn Cường" not in again
    assert 'value="12"' not in again
