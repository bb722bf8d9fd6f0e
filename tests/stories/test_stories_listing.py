"""The story index: filters by type, tag, area and year, combined, paged, and bad input."""

import re

import pytest
from django.http import QueryDict

from stories.listing import (
    STORIES_PER_PAGE,
    apply_filters,
    filter_choices,
    parse_filters,
    story_listing,
)
from stories.queries import live_stories
from tests.stories.conftest import make_stories

URL = "/cau-chuyen/"


def titles(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    return set(re.findall(r'class="card__title"><a href="[^"]*">([^<]+)</a>', html))


def listing(index, query=""):
    return story_listing(index, QueryDict(query))


def test_unfiltered_index_lists_live_stories_only(client, catalogue):
    assert titles(client) == {
        "Ngân hàng bò ở Hướng Phùng",
        "Anh Hồ Văn Lâm thoát nghèo",
        "Chị Đức mở tiệm may",
        "Lễ phát động tháng cao điểm",
    }


def test_filter_by_type(client, catalogue):
    assert titles(client, type="model-household") == {
        "Anh Hồ Văn Lâm thoát nghèo",
        "Chị Đức mở tiệm may",
    }


def test_filter_by_tag_slug(client, catalogue):
    tag = catalogue["cow"].tags.get(name="chăn nuôi")
    assert titles(client, tag=tag.slug) == {
        "Ngân hàng bò ở Hướng Phùng",
        "Anh Hồ Văn Lâm thoát nghèo",
    }


def test_filter_by_commune_includes_merged_predecessors(client, catalogue, areas):
    # Xã Hướng Sơn merged into Xã Hướng Phùng: its old story belongs to the new commune.
    assert titles(client, area=areas["commune"].slug) == {
        "Ngân hàng bò ở Hướng Phùng",
        "Anh Hồ Văn Lâm thoát nghèo",
    }


def test_filter_by_province_includes_everything_under_it(client, catalogue, areas):
    assert len(titles(client, area=areas["province"].slug)) == 4


def test_filter_by_old_district_keeps_its_history(client, catalogue, areas):
    assert titles(client, area=areas["district"].slug) == {"Anh Hồ Văn Lâm thoát nghèo"}


def test_filter_by_year(client, catalogue):
    assert titles(client, year="2025") == {"Ngân hàng bò ở Hướng Phùng"}


def test_filters_combine(client, catalogue, areas):
    tag = catalogue["cow"].tags.get(name="sinh kế")
    assert titles(client, type="model-household", tag=tag.slug, year="2026") == {
        "Chị Đức mở tiệm may"
    }
    assert titles(client, type="good-practice", area=areas["other"].slug) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"type": "cat"},
        {"tag": "khong-co-the-nay"},
        {"area": "khong-co"},
        {"year": "abc"},
        {"year": "1999"},
        {"year": "99999999999999999999"},
        {"year": "²"},
        {"year": "٢٠٢٥"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "999"},
        {"type": "news", "page": "0"},
        {"type": "<script>alert(1)</script>"},
    ],
)
def test_bad_input_never_fails(client, catalogue, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_unrecognised_filters_are_dropped_and_reported(client, catalogue):
    response = client.get(URL, {"type": "news", "tag": "da-xoa", "year": "1999"})
    html = response.content.decode()
    assert "Lễ phát động tháng cao điểm" in html
    assert "Chị Đức mở tiệm may" not in html
    assert 'role="status"' in html
    assert "chủ đề" in html and "năm" in html  # the ignored filters are named in Vietnamese


def test_filter_that_matches_nothing_says_so(client, catalogue, areas):
    response = client.get(URL, {"type": "exemplary"})
    html = response.content.decode()
    assert "Không có câu chuyện nào" in html
    assert 'class="card"' not in html


def test_filter_form_offers_only_what_leads_somewhere(catalogue, story_index, areas):
    choices = filter_choices(live_stories().child_of(story_index))
    assert [tag.name for tag in choices.tags] == ["chăn nuôi", "sinh kế"]  # not the draft's tag
    assert choices.years == [2026, 2025]
    groups = {str(group.label): [a.name for a in group.areas] for group in choices.area_groups}
    assert groups == {
        "Tỉnh": ["Tỉnh Quảng Trị"],
        "Xã, phường, đặc khu": ["Xã Đức Thọ", "Xã Hướng Phùng"],
        "Huyện (trước 1/7/2025)": ["Huyện Hướng Hóa"],
        "Xã, phường trước khi sáp nhập năm 2025": ["Xã Hướng Sơn"],
    }


def test_form_keeps_selected_values(client, catalogue, areas):
    html = client.get(URL, {"type": "news", "area": areas["province"].slug}).content.decode()
    assert '<option value="news" selected>' in html
    assert f'<option value="{areas["province"].slug}" selected>' in html
    assert 'method="get"' in html


def test_parse_filters_keeps_only_offered_values(catalogue, story_index):
    choices = filter_choices(live_stories().child_of(story_index))
    filters = parse_filters(QueryDict("type=news&tag=ban-nhap&year=2025&area=x"), choices)
    assert filters.story_type == "news"
    assert filters.tag is None and filters.area is None
    assert filters.year == 2025
    assert filters.ignored == ("tag", "area")
    assert filters.as_query_dict().urlencode() == "type=news&year=2025"


def test_apply_filters_without_filters_changes_nothing(catalogue, story_index):
    stories = live_stories().child_of(story_index)
    choices = filter_choices(stories)
    unfiltered = apply_filters(stories, parse_filters(QueryDict(""), choices))
    assert unfiltered.count() == 4


class TestPagination:
    """Five stories, two per page: pages 1-3, the last holding one story."""

    @pytest.fixture(autouse=True)
    def many(self, story_index, monkeypatch):
        monkeypatch.setattr("stories.listing.STORIES_PER_PAGE", 2)
        return make_stories(story_index, 5, image=False)

    def test_default_page_size_is_twelve(self):
        assert STORIES_PER_PAGE == 12

    def test_first_page_newest_first(self, client):
        html = client.get(URL).content.decode()
        assert html.count('class="card"') == 2
        assert "Câu chuyện số 4" in html and "Câu chuyện số 3" in html
        assert "Trang 1/3" in html
        assert 'rel="prev"' not in html

    def test_last_page_has_the_rest(self, client):
        html = client.get(URL, {"page": 3}).content.decode()
        assert html.count('class="card"') == 1
        assert "Câu chuyện số 0<" in html
        assert 'rel="next"' not in html

    def test_out_of_range_page_shows_the_last(self, client):
        assert "Trang 3/3" in client.get(URL, {"page": 99}).content.decode()

    def test_invalid_page_shows_the_first(self, client):
        assert "Trang 1/3" in client.get(URL, {"page": "hai"}).content.decode()

    def test_links_keep_filters_and_drop_empty_ones(self, client):
        html = client.get(URL, {"year": "2026", "tag": "", "page": 2}).content.decode()
        assert 'href="?year=2026&amp;page=3"' in html
        assert 'href="?year=2026&amp;page=1"' in html

    def test_listing_pages_the_filtered_queryset(self, story_index):
        page = listing(story_index, "year=2026&page=2")["stories"]
        assert page.number == 2
        assert page.paginator.count == 5
        assert [story.title for story in page] == ["Câu chuyện số 2", "Câu chuyện số 1"]
