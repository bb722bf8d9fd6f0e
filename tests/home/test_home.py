"""The home page leads with the current campaign, then stories, then the programme's figures."""

import datetime

import pytest
from django.utils import timezone

from stories.models import StoryType
from tests.campaigns.conftest import make_campaign
from tests.stories.conftest import make_story


@pytest.fixture
def running_campaign(campaign_index):
    today = timezone.localdate()
    return make_campaign(
        campaign_index,
        title="Ngày vì người nghèo 2026",
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=30),
        target_amount=15_000_000_000,
    )


@pytest.fixture
def homepage(home, story_index):
    home.key_figures = [
        ("figure", {"label": "Hộ thoát nghèo", "before": "", "after": "1.250", "unit": "hộ"}),
        ("figure", {"label": "Tỷ lệ hộ nghèo", "before": "4,2", "after": "2,1", "unit": "%"}),
    ]
    home.hero_text = "Không để ai bị bỏ lại phía sau."
    home.save_revision().publish()
    for n, story_type in enumerate(
        [StoryType.MODEL_HOUSEHOLD, StoryType.GOOD_PRACTICE, StoryType.NEWS, StoryType.EXEMPLARY]
    ):
        make_story(
            story_index,
            title=f"Bài {story_type.label} {n}",
            slug=f"bai-{n}",
            story_type=story_type,
            story_date=datetime.date(2026, 9, 1 + n),
        )
    return home


def get_html(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_leads_with_the_running_campaign(client, homepage, running_campaign):
    html = get_html(client)
    assert '<html lang="vi">' in html
    campaign_at = html.index("Ngày vì người nghèo 2026")
    assert campaign_at < html.index('id="section-latest"')
    assert "Chiến dịch đang diễn ra" in html
    assert "15.000.000.000 ₫" in html
    assert "Chung tay ủng hộ" in html


def test_a_past_campaign_is_labelled_as_such(client, homepage, campaign_index):
    make_campaign(
        campaign_index,
        title="Ngày vì người nghèo 2024",
        start_date=datetime.date(2024, 10, 17),
        end_date=datetime.date(2024, 11, 18),
    )
    html = get_html(client)
    assert "Ngày vì người nghèo 2024" in html
    assert "Chiến dịch gần nhất" in html
    assert "từ 17/10/2024 đến 18/11/2024" in html


def test_story_sections_link_to_filtered_lists(client, homepage):
    html = get_html(client)
    latest = html.split('id="section-latest"', 1)[1].split("</section>", 1)[0]
    assert latest.count('class="card"') == 4
    households = html.split('id="section-households"', 1)[1].split("</section>", 1)[0]
    assert "Bài Hộ thoát nghèo tiêu biểu 0" in households
    assert "Bài Mô hình giảm nghèo 1" not in households
    assert 'href="/cau-chuyen/?type=model-household"' in households
    practices = html.split('id="section-practices"', 1)[1].split("</section>", 1)[0]
    assert "Bài Mô hình giảm nghèo 1" in practices
    assert 'href="/cau-chuyen/?type=good-practice"' in practices


def test_newest_story_comes_first(client, homepage):
    latest = get_html(client).split('id="section-latest"', 1)[1]
    assert latest.index("Bài Gương điển hình 3") < latest.index("Bài Tin tức 2")


def test_programme_figures(client, homepage):
    html = get_html(client)
    figures = html.split('id="figures-heading"', 1)[1].split("</section>", 1)[0]
    assert "Hộ thoát nghèo" in figures and "<strong>1.250</strong>" in figures
    assert "Trước: 4,2" in figures and "<strong>2,1</strong>" in figures


def test_empty_site_still_renders(client, home):
    html = get_html(client)
    assert "Chung tay vì người nghèo" in html
    assert 'class="card"' not in html


def test_share_meta_for_the_home_page(client, homepage):
    html = get_html(client)
    assert '<meta property="og:type" content="website">' in html
    assert '<meta name="description" content="Không để ai bị bỏ lại phía sau.">' in html
    assert '<link rel="canonical" href="http://localhost/">' in html
