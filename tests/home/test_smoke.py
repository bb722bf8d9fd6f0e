from tests.campaigns.conftest import make_campaign
from tests.stories.conftest import make_story


def test_home_page_renders_in_vietnamese(client, home, story_index, campaign_index):
    make_story(story_index)
    make_campaign(campaign_index)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Gia đình anh Hồ Văn Lâm thoát nghèo nhờ nuôi bò" in html
    assert "Ngày vì người nghèo 2026" in html


def test_search_without_diacritics_finds_story(client, home, story_index):
    make_story(story_index, title="Đức Thọ giảm nghèo nhờ hỗ trợ sinh kế")
    for query in ["giam ngheo", "duc", "ho tro", "GIẢM NGHÈO"]:
        response = client.get("/search/", {"q": query})
        assert "Đức Thọ giảm nghèo nhờ hỗ trợ sinh kế" in response.content.decode(), query
