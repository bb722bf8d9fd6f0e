"""RSS and Atom feeds of the latest stories, and the sitemap."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from stories.feeds import FEED_SIZE
from tests.sitewide.conftest import count_queries
from tests.stories.conftest import make_stories, make_story

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    return ET.fromstring(response.content)  # noqa: S314 (our own feed, not untrusted input)


@pytest.fixture
def published(story_index):
    story = make_story(
        story_index,
        title="Chị Đức mở tiệm may",
        slug="chi-duc",
        intro="Từ một chiếc máy may cũ.",
        story_date=datetime.date(2026, 8, 1),
    )
    draft = make_story(story_index, title="Bản nháp", slug="ban-nhap")
    draft.unpublish()
    return story


def test_rss(client, published):
    response = client.get("/feeds/stories/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response).find("channel")
    assert channel.findtext("title") == "Chung Tay — câu chuyện mới nhất"
    assert channel.findtext("language") == "vi"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Chị Đức mở tiệm may"]
    assert items[0].findtext("link") == "http://testserver/cau-chuyen/chi-duc/"
    assert items[0].findtext("description") == "Từ một chiếc máy may cũ."
    assert items[0].findtext("category") == "Hộ thoát nghèo tiêu biểu"


def test_atom(client, published):
    response = client.get("/feeds/stories/atom/")
    assert response.status_code == 200
    feed = parse(response)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/cau-chuyen/chi-duc/"
    assert entries[0].findtext(f"{ATOM}updated")


def test_feed_holds_the_newest_twenty(client, story_index):
    make_stories(story_index, FEED_SIZE + 2, image=False)
    channel = parse(client.get("/feeds/stories/rss/")).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert len(titles) == FEED_SIZE
    assert titles[0] == f"Câu chuyện số {FEED_SIZE + 1}"


def test_feed_queries_do_not_grow_with_items(client, story_index):
    make_stories(story_index, 3, image=False)
    few = count_queries(client, "/feeds/stories/rss/")
    make_stories(story_index, FEED_SIZE, start=3, image=False)
    assert count_queries(client, "/feeds/stories/rss/") == few


def test_pages_advertise_their_feeds(client, published):
    html = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/feeds/stories/rss/"' in html
    assert 'type="application/atom+xml"' in html and 'href="/feeds/stories/atom/"' in html


def test_sitemap_lists_live_pages(client, published, story_index):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [loc.text for loc in parse(response).iter(f"{ns}loc")]
    assert "http://localhost/" in locations
    assert "http://localhost/cau-chuyen/" in locations
    assert "http://localhost/cau-chuyen/chi-duc/" in locations
    assert "http://localhost/cau-chuyen/ban-nhap/" not in locations
