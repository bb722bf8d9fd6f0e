"""Search at /search/?q=…: found with or without diacritics, on SQLite and PostgreSQL alike.

The suite runs on both databases in CI (DATABASE_URL); nothing here is SQLite-specific.
"""

import re

import pytest

from sitewide.search import MAX_QUERY_LENGTH, clean_query, search_pages
from tests.sitewide.conftest import count_queries
from tests.stories.conftest import make_stories, make_story


def result_titles(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


@pytest.fixture
def stories(story_index):
    return {
        "poverty": make_story(
            story_index,
            title="Hướng Phùng giảm nghèo bền vững",
            slug="giam-ngheo",
            intro="Cả xã cùng làm.",
            body=[("paragraph", "<p>Người dân trồng cà phê.</p>")],
        ),
        "duc": make_story(
            story_index,
            title="Chị Trần Thị Đức mở tiệm may",
            slug="chi-duc",
            intro="Từ một chiếc máy may cũ.",
            body=[("paragraph", "<p>Chị may áo cho cả bản.</p>")],
        ),
        "support": make_story(
            story_index,
            title="Ngân hàng bò của Hội Nông dân",
            slug="ngan-hang-bo",
            intro="Bò giống luân chuyển giữa các hộ.",
            body=[("paragraph", "<p>Hội được hỗ trợ mười con bò giống.</p>")],
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("giam ngheo", "Hướng Phùng giảm nghèo bền vững"),
        ("giảm nghèo", "Hướng Phùng giảm nghèo bền vững"),
        ("GIAM NGHEO", "Hướng Phùng giảm nghèo bền vững"),
        ("duc", "Chị Trần Thị Đức mở tiệm may"),
        ("Đức", "Chị Trần Thị Đức mở tiệm may"),
        ("tran thi duc", "Chị Trần Thị Đức mở tiệm may"),
        ("ho tro", "Ngân hàng bò của Hội Nông dân"),  # only in the body
        ("hỗ trợ", "Ngân hàng bò của Hội Nông dân"),
    ],
)
def test_found_with_or_without_diacritics(client, stories, query, expected):
    assert expected in result_titles(client, query)


def test_unrelated_words_find_nothing(client, stories):
    assert result_titles(client, "xuat khau gao") == []
    html = client.get("/search/", {"q": "xuat khau gao"}).content.decode()
    assert "Không tìm thấy kết quả nào" in html


def test_all_words_must_match(client, stories):
    assert result_titles(client, "duc giam ngheo") == []


def test_unpublished_stories_are_not_found(client, stories):
    stories["duc"].unpublish()
    assert result_titles(client, "duc") == []


def test_results_show_type_date_and_summary(client, stories):
    html = client.get("/search/", {"q": "duc"}).content.decode()
    assert "Câu chuyện · <time" in html
    assert "17/10/2026" in html
    assert "Từ một chiếc máy may cũ." in html


def test_empty_query_shows_the_form_only(client, stories):
    html = client.get("/search/").content.decode()
    assert 'name="q"' in html
    assert "kết quả" not in html
    assert search_pages("   ").count() == 0


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "duc", "page": "abc"},
        {"q": "duc", "page": "999"},
        {"q": "%' OR 1=1"},
    ],
)
def test_bad_input_never_fails(client, stories, params):
    assert client.get("/search/", params).status_code == 200


def test_query_is_folded_and_capped():
    assert clean_query("  Giảm NGHÈO Đức ") == "giam ngheo duc"
    assert len(clean_query("á" * 1000)) == MAX_QUERY_LENGTH


def test_search_form_keeps_what_was_typed(client, stories):
    html = client.get("/search/", {"q": "giảm nghèo"}).content.decode()
    assert 'id="search-q" type="search" name="q" value="giảm nghèo"' in html


class TestPagination:
    @pytest.fixture
    def many(self, story_index):
        return make_stories(story_index, 12, image=False)

    def test_ten_per_page_and_links_keep_the_query(self, client, many):
        html = client.get("/search/", {"q": "cau chuyen so"}).content.decode()
        assert html.count("<h2><a href=") == 10
        assert "12 kết quả" in html
        assert 'href="?q=cau+chuyen+so&amp;page=2"' in html

    def test_second_page(self, client, many):
        html = client.get("/search/", {"q": "cau chuyen so", "page": 2}).content.decode()
        assert html.count("<h2><a href=") == 2
        assert 'start="11"' in html
        assert 'href="?q=cau+chuyen+so&amp;page=1"' in html


def test_queries_do_not_grow_with_results(client, story_index):
    make_stories(story_index, 3, image=False)
    few = count_queries(client, "/search/", q="cau chuyen so")
    make_stories(story_index, 9, start=3, image=False)
    assert count_queries(client, "/search/", q="cau chuyen so") == few
