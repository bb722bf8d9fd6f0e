"""Template output a reader relies on: money and dates in Vietnamese form, accessible markup."""

import datetime
import re

import pytest
from django.template import Context, Template

from tests.campaigns.conftest import make_campaign
from tests.sitewide.conftest import img_tags_without_alt, make_image
from tests.stories.conftest import make_story


def render(source, **context):
    return Template("{% load vn %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(1_250_000, "1.250.000 ₫"), (0, "0 ₫"), (60_000_000, "60.000.000 ₫"), (None, "")],
)
def test_vnd(amount, shown):
    assert render("{{ amount|vnd }}", amount=amount) == shown


def test_vnd_refuses_float():
    with pytest.raises(TypeError):
        render("{{ amount|vnd }}", amount=1.5)


def test_vndate_of_a_date():
    assert render("{{ day|vndate }}", day=datetime.date(2026, 10, 17)) == "17/10/2026"


def test_vndate_of_an_aware_utc_datetime_is_the_date_in_vietnam():
    # 18:30 UTC on 16/10 is already 01:30 on 17/10 in Asia/Ho_Chi_Minh (UTC+7).
    moment = datetime.datetime(2026, 10, 16, 18, 30, tzinfo=datetime.UTC)
    assert render("{{ moment|vndate }}", moment=moment) == "17/10/2026"
    assert render("{{ moment|vndatetime }}", moment=moment) == "01:30 17/10/2026"


def test_vndatetime_of_a_moment_known_only_by_its_day_is_the_date():
    """A statement line with no time is stored at local midnight: no "00:00" is shown."""
    midnight = datetime.datetime(2026, 10, 16, 17, 0, tzinfo=datetime.UTC)  # 00:00 on 17/10
    assert render("{{ moment|vndatetime }}", moment=midnight) == "17/10/2026"
    one_second_later = midnight + datetime.timedelta(seconds=1)
    assert render("{{ moment|vndatetime }}", moment=one_second_later) == "00:00 17/10/2026"


@pytest.fixture
def site_pages(story_index, campaign_index, areas):
    image = make_image("Ảnh bìa", size=(300, 200))
    story = make_story(story_index, slug="mot", listing_image=image, area=areas["commune"])
    make_story(story_index, title="Bài thứ hai", slug="hai", listing_image=image)
    make_campaign(campaign_index, listing_image=image)
    return ["/", "/cau-chuyen/", story.url, "/search/?q=giam+ngheo", "/khong-co-trang-nay/"]


def pages_html(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        yield url, response.content.decode()


def test_every_image_has_alt_text(client, site_pages):
    for url, html in pages_html(client, site_pages):
        assert "<img" in html or url.startswith(("/search", "/khong")), url
        assert img_tags_without_alt(html) == [], url


def test_images_carry_their_size_and_webp_sources(client, site_pages):
    for url, html in pages_html(client, site_pages):
        for tag in re.findall(r"<img\b[^>]*>", html):
            assert 'width="' in tag and 'height="' in tag, (url, tag)
            assert "format-webp" in tag or ".webp" in tag, (url, tag)


def test_no_inline_scripts_or_styles(client, site_pages):
    for url, html in pages_html(client, site_pages):
        assert "<script" not in html, url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_landmarks_and_skip_link(client, site_pages):
    for url, html in pages_html(client, site_pages):
        assert '<html lang="vi">' in html, url
        assert '<a class="skip-link" href="#main">' in html, url
        assert '<main id="main"' in html, url
        assert "<header" in html and "<footer" in html and "<nav" in html, url
        assert html.count("<h1") == 1, url


def test_form_fields_have_labels(client, site_pages):
    for url, html in pages_html(client, site_pages):
        for field_id in re.findall(r'<(?:input|select)\b[^>]*\bid="([^"]+)"', html):
            assert f'for="{field_id}"' in html, (url, field_id)


def test_an_email_address_breaks_only_after_its_at_or_before_a_dot():
    from sitewide.templatetags.vn import breakable_email

    assert breakable_email("quy@quangtri.example") == "quy@<wbr>quangtri<wbr>.example"
    assert breakable_email('a"<b>@x.vn') == "a&quot;&lt;b&gt;@<wbr>x<wbr>.vn"


def test_the_funds_name_is_written_one_way():
    """ "Quỹ Vì người nghèo", never with quotation marks around its last words: in catalogues,
    templates, demo texts and docs (the drive's month, Tháng cao điểm “Vì người nghèo”, keeps
    them)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    other_ways = re.compile(r'Quỹ\s*(?:\\?["“”]|&quot;|&ldquo;)\s*Vì người nghèo', re.IGNORECASE)
    found = []
    for pattern in (
        "*/locale/vi/LC_MESSAGES/django.po",
        "**/*.html",
        "**/*.py",
        "*.md",
        "docs/*.md",
    ):
        for path in root.glob(pattern):
            if ".venv" in path.parts or "tests" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if other_ways.search(line):
                    found.append(f"{path.relative_to(root)}:{number}")
    assert found == []
