"""One walk through the public site in a real browser: Debian's chromium driven by Playwright.

Home → a story → search typed without diacritics → the story among the results. Screenshots go
to test-results/browser/. Playwright never downloads a browser here: it launches
/usr/bin/chromium (installed by `.ci/run` with apt-get). Without it the test is skipped on a
developer's machine but FAILS under CI, so a missing browser can never pass as green.
"""

import pytest

from stories.models import StoryType
from tests.home.conftest import SCREENSHOTS
from tests.stories.conftest import make_story

STORY_TITLE = "Đức Thọ giảm nghèo nhờ hỗ trợ sinh kế"

# live_server needs real commits. serialized_rollback restores what migrations put in the
# database (root page, groups, workflow) before the test and leaves it for the next
# transactional test, instead of a bare flush that only content types survive.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def stories(story_index):
    return [
        make_story(story_index, title=STORY_TITLE, slug="duc-tho-giam-ngheo"),
        make_story(
            story_index,
            title="Tổ hợp tác nuôi ong ở Hướng Phùng",
            slug="to-hop-tac-nuoi-ong",
            # News: a good practice is found by "giảm nghèo" now (its type, "Mô hình giảm
            # nghèo", is searchable), so this one shares no word of the query.
            story_type=StoryType.NEWS,
            intro="Mười hai hộ cùng nuôi ong lấy mật rừng.",
        ),
    ]


def test_reader_goes_from_home_to_a_story_and_finds_it_without_diacritics(
    live_server, stories, browser_page
):
    page = browser_page
    story = stories[0]

    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "vi"
    page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)

    page.locator(f'main a[href$="{story.url}"]').first.click()
    page.wait_for_load_state()
    assert page.url == live_server.url + story.url
    assert page.locator("h1").first.inner_text().strip() == STORY_TITLE
    page.screenshot(path=str(SCREENSHOTS / "story.png"), full_page=True)

    search_box = page.get_by_role("search").first.locator('input[name="q"]')
    search_box.fill("giam ngheo")
    search_box.press("Enter")
    page.wait_for_url("**/search/?q=giam+ngheo*")
    results = page.locator("main").get_by_role("link", name=STORY_TITLE)
    assert results.count() == 1
    other = page.locator("main").get_by_role("link", name=stories[1].title)
    assert other.count() == 0, "an unrelated story must not match"
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)

    results.click()
    page.wait_for_load_state()
    assert page.url == live_server.url + story.url
