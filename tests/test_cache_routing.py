"""route_by_url_path (sitewide/caching/routing.py): the route cache's lookup of a page by its
url_path finds what Wagtail's slug-by-slug walk finds, or leaves the request to Wagtail."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site

from sitewide.caching.routing import route_by_url_path
from stories.models import StoryIndexPage
from tests.factories import make_story


def request_for(path):
    request = RequestFactory().get(path)
    request._wagtail_site = Site.find_for_request(request)
    return request


def wagtail_route(path):
    route = Page.route_for_request(RequestFactory().get(path), path)
    return None if route is None else route.page


@pytest.fixture
def story(story_index):
    return make_story(story_index, title="Chị Hà Thị Lan nuôi ong lấy mật", slug="chi-lan")


def test_it_finds_the_page_wagtail_finds_in_three_queries(story, django_assert_num_queries):
    request = request_for(story.url)
    with django_assert_num_queries(3):  # the chain, the page with its area and image, privacy
        # (the fragment cache is off here: with it, privacy comes from the remembered paths)
        page, public = route_by_url_path(request, story.url)
        assert page.area is None and page.listing_image is None  # already fetched
    assert page == wagtail_route(story.url)
    assert type(page) is type(wagtail_route(story.url))
    assert public
    assert page.get_parent().pk == story.get_parent().pk


def test_the_home_page_and_an_index(story, story_index, home):
    assert route_by_url_path(request_for("/"), "/")[0].pk == home.pk
    assert route_by_url_path(request_for(story_index.url), story_index.url)[0].pk == (
        story_index.pk
    )


def test_a_restriction_on_an_ancestor_makes_the_page_private(story, story_index):
    PageViewRestriction.objects.create(page=story_index, restriction_type="login")
    assert route_by_url_path(request_for(story.url), story.url)[1] is False


def test_an_alias_is_left_to_wagtail_which_gives_it_the_restrictions_of_its_original(
    client, settings, story, story_index
):
    """An alias shares its original's view restrictions, wherever it sits in the tree; the
    restricted paths alone would call it public and the route cache would serve it."""
    from django.core.cache import caches

    from sitewide.caching.fragments import FRAGMENT_ALIAS

    alias = story.create_alias(update_slug="ban-sao")
    PageViewRestriction.objects.create(page=story, restriction_type="login")
    assert route_by_url_path(request_for(alias.url), alias.url) is None
    settings.FRAGMENT_CACHE_ENABLED = True  # the route cache on, as with Redis
    caches[FRAGMENT_ALIAS].clear()
    try:
        for _ in range(2):  # routed, then from memory
            assert client.get(alias.url).status_code == 302  # to the login page
    finally:
        caches[FRAGMENT_ALIAS].clear()


def test_an_unpublished_or_missing_page_is_left_to_wagtail(story):
    story.unpublish()
    assert route_by_url_path(request_for(story.url), story.url) is None
    assert route_by_url_path(request_for("/cau-chuyen/khong-co/"), "/cau-chuyen/khong-co/") is None


def test_a_draft_section_routes_its_live_pages_as_wagtail_does(story, story_index):
    story_index.unpublish()
    assert wagtail_route(story.url) == story
    assert route_by_url_path(request_for(story.url), story.url)[0] == story


def test_a_page_type_with_its_own_route_is_left_to_wagtail(story, monkeypatch):
    def custom_route(self, request, path_components):
        return Page.route(self, request, path_components)

    monkeypatch.setattr(StoryIndexPage, "route", custom_route)
    assert route_by_url_path(request_for(story.url), story.url) is None


# --- public(): the restricted paths read once per generation ---------------------------------


def test_lists_read_the_restrictions_once_and_follow_a_change_at_once(
    settings, story_index, django_assert_num_queries
):
    from django.core.cache import caches

    from sitewide.caching.fragments import FRAGMENT_ALIAS
    from sitewide.caching.restrictions import public
    from stories.models import StoryPage

    settings.FRAGMENT_CACHE_ENABLED = True
    caches[FRAGMENT_ALIAS].clear()
    shown = make_story(story_index, title="Anh Vàng A Sểnh trồng sâm", slug="anh-senh")
    hidden = make_story(story_index, title="Hồ sơ hộ nghèo nội bộ", slug="ho-so")
    assert set(public(StoryPage.objects.live())) == {shown, hidden}
    with django_assert_num_queries(1):  # the stories only: the restrictions are remembered
        list(public(StoryPage.objects.live()))

    PageViewRestriction.objects.create(page=hidden, restriction_type="login")  # bumps it
    assert set(public(StoryPage.objects.live())) == {shown}
    caches[FRAGMENT_ALIAS].clear()


# --- the sites version: what outlives a publish ----------------------------------------------


def test_the_sites_version_moves_with_sites_settings_and_root_pages_only(story, home, settings):
    from sitewide.caching import pages
    from sitewide.models import SiteSettings

    settings.PAGE_CACHE_ENABLED = True
    before = pages.sites_version()
    story.title = "Chị Hà Thị Lan mở rộng đàn ong"
    story.save_revision().publish()
    assert pages.sites_version() == before  # a story: the site as remembered is unchanged

    home.title = "Trang chủ Chung Tay"
    home.save_revision().publish()  # a site's root page
    after_home = pages.sites_version()
    assert after_home != before

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Ủy ban MTTQ Việt Nam tỉnh Quảng Trị"
    site_settings.save()
    assert pages.sites_version() != after_home
