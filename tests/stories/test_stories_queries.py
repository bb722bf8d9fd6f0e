"""The number of queries a page makes does not grow with the number of stories.

Each test renders a page with 3 stories and again with 30, every story having its own listing
image, and compares warm requests (renditions exist, caches empty: see count_queries).
"""

import pytest

from tests.campaigns.conftest import make_campaign
from tests.sitewide.conftest import count_queries
from tests.stories.conftest import make_stories

# Upper bounds, so a regression that adds a constant number of queries is noticed too.
HOME_MAX_QUERIES = 20
INDEX_MAX_QUERIES = 20
STORY_MAX_QUERIES = 20


@pytest.fixture
def grow(story_index):
    """Adds stories (3 at first, then 27 more) and returns how many exist."""
    created = []

    def add(count):
        created.extend(make_stories(story_index, count, start=len(created), tags=["sinh kế"]))
        return created

    return add


def test_home_page(client, grow, campaign_index):
    make_campaign(campaign_index)
    grow(3)
    few = count_queries(client, "/")
    grow(27)
    many = count_queries(client, "/")
    assert few == many
    assert many <= HOME_MAX_QUERIES, many


def test_story_index(client, grow):
    grow(3)
    few = count_queries(client, "/cau-chuyen/")
    grow(27)
    many = count_queries(client, "/cau-chuyen/")
    assert few == many
    assert many <= INDEX_MAX_QUERIES, many


def test_filtered_story_index(client, grow):
    stories = grow(3)
    tag = stories[0].tags.first()
    few = count_queries(client, "/cau-chuyen/", tag=tag.slug, year="2026", page="1")
    grow(27)
    many = count_queries(client, "/cau-chuyen/", tag=tag.slug, year="2026", page="1")
    assert few == many


def test_story_page_with_related_stories(client, grow):
    stories = grow(3)
    url = stories[0].url
    few = count_queries(client, url)
    grow(27)
    many = count_queries(client, url)
    assert few == many
    assert many <= STORY_MAX_QUERIES, many
