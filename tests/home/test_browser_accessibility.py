"""axe-core (bundled by axe-playwright-python) on every kind of public page, at 320 and 1280 px:
no WCAG 2.1 A or AA violation, and no page wider than the phone it is read on.

The pages: home, a story, a campaign, its statement (with a named, an anonymous and a reversed
gift, so the phone layout of each row is exercised), honour roll, check-my-gift, search with
results, and the donate form after an invalid submit (its errors must be announced: Django 5.2
names `<id>_error` and `<id>_helptext` in aria-describedby, and those ids must exist).
Debian's chromium as in tests/home/test_browser.py: skipped on a laptop without it, FAILS in CI.
"""

import pytest

from donations.models import Channel, Disclosure
from tests.donations.conftest import at, make_donor
from tests.home.conftest import SCREENSHOTS
from tests.stories.conftest import make_story

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (320, 1280)


@pytest.fixture
def public_site(story_index, giving_campaign, giving_account):
    from donations.services import record_receipt, reverse_receipt

    story = make_story(story_index, title="Chị Hồ Thị Pai thoát nghèo nhờ cà phê trồng xen")
    donor = make_donor(name="Công ty TNHH Vận tải Lao Bảo", public_display=Disclosure.FULL_NAME)
    when = at(giving_campaign.start_date)
    common = {"channel": Channel.BANK, "received_at": when, "campaign": giving_campaign}
    record_receipt(amount=150_000_000, donor=donor, bank_account=giving_account, **common)
    record_receipt(amount=500_000, bank_account=giving_account, **common)
    wrong = record_receipt(amount=2_000_000, bank_account=giving_account, **common)
    reverse_receipt(wrong, reason="Nhập trùng sao kê")
    slug = giving_campaign.slug
    return {
        "home": "/",
        "story": story.url,
        "campaign": giving_campaign.url,
        "statement": f"/ung-ho/{slug}/sao-ke/",
        "honour roll": f"/ung-ho/{slug}/vinh-danh/",
        "check my gift": "/ung-ho/kiem-tra/",
        "search": "/search/?q=ca+phe",
    }


def violations(page):
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
    return [
        f"{rule['id']}: {[node['target'] for node in rule['nodes']][:3]}"
        for rule in result.response["violations"]
    ]


def overflow(page):
    """The page's width beyond the viewport, and the first elements sticking out."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 0.5)
                .slice(0, 3).map(e => e.tagName + '.' + e.className);
            return [document.documentElement.scrollWidth - width, wide];
        }"""
    )


def test_public_pages_pass_axe_and_fit_a_320px_phone(live_server, public_site, browser_page):
    page = browser_page
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in public_site.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, (name, path)
            problems = violations(page)
            extra, wide = overflow(page)
            if extra > 0:
                problems.append(f"{extra}px wider than {width}px: {wide}")
            if problems:
                found[f"{name} at {width}px"] = problems
            if width == 320:
                slug = name.replace(" ", "-")
                page.screenshot(path=str(SCREENSHOTS / f"a11y-320-{slug}.png"), full_page=True)
    assert found == {}


def test_donate_form_errors_are_announced(live_server, public_site, browser_page):
    page = browser_page
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + public_site["campaign"])
        donate = page.locator("#donate")
        donate.locator('input[name="disclosure"][value="full"]').check()
        donate.get_by_role("button", name="Tiếp tục").click()
        page.wait_for_load_state()
        errors = page.locator("#donate .donate__errors")
        assert errors.count() > 0, "the invalid submit showed no error"
        # Every id named by aria-describedby exists, and an error is among them.
        described = page.evaluate(
            """() => [...document.querySelectorAll('#donate [aria-describedby]')].map(e =>
                [e.getAttribute('aria-describedby'), e.getAttribute('aria-describedby')
                    .split(' ').every(id => document.getElementById(id))])"""
        )
        assert described and all(ok for _ids, ok in described), described
        assert any("_error" in ids for ids, _ok in described), described
        assert violations(page) == []
        assert overflow(page)[0] <= 0
        if width == 320:
            page.screenshot(path=str(SCREENSHOTS / "a11y-320-donate-errors.png"), full_page=True)
