"""One walk through the public site in a real browser: Debian's chromium driven by Playwright.

Home → a story → search typed without diacritics → the story among the results. Screenshots go
to test-results/browser/. Playwright never downloads a browser here: it launches
/usr/bin/chromium (installed by `.ci/run` with apt-get). Without it the test is skipped on a
developer's machine but FAILS under CI, so a missing browser can never pass as green.
"""

import os
from pathlib import Path

import pytest

from stories.models import StoryType
from tests.factories import make_story

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-results" / "browser"
STORY_TITLE = "Đức Thọ giảm nghèo nhờ hỗ trợ sinh kế"

# live_server needs real commits. serialized_rollback restores what migrations put in the
# database (root page, groups, workflow) before the test and leaves it for the next
# transactional test, instead of a bare flush that only content types survive.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_page(monkeypatch):
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls (and
    # the database flush afterwards) are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture
def stories(story_index):
    return [
        make_story(story_index, title=STORY_TITLE, slug="duc-tho-giam-ngheo"),
        make_story(
            story_index,
            title="Tổ hợp tác nuôi ong ở Hướng Phùng",
            slug="to-hop-tac-nuoi-ong",
            story_type=StoryType.GOOD_PRACTICE,
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
