"""Vietnamese in the admin, folded the project's way: new pages get ASCII slugs ("đ" → "d"),
not percent-encoded Vietnamese; the admin's page search and the area picker find what is typed
without diacritics, and the picker tells a unit gone since the 2025 merger from the one that
took its name."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.images.models import Image
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from sitewide.groups import EDITORS
from sitewide.models import Area
from sitewide.search_backend import fold_query
from sitewide.text import fold_slug
from stories.models import StoryPage
from tests.sitewide.conftest import make_area, make_image, make_user
from tests.stories.conftest import make_story

HOUSE = "Nhà Đại đoàn kết thứ 120 về với hộ chị Hồ Thị Ưng"
HOUSE_SLUG = "nha-dai-doan-ket-thu-120-ve-voi-ho-chi-ho-thi-ung"


def story_form(title=HOUSE, slug="", area=""):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "Ngôi nhà mới trước mùa mưa lũ.",
            "listing_image": "",
            "story_type": "news",
            "story_date": "17/10/2026",
            "area": area,
            "tags": "",
            "body": streamfield([("paragraph", rich_text("<p>Bàn giao nhà.</p>"))]),
            "comments": inline_formset([]),
            "go_live_at": "",
            "expire_at": "",
        }
    )


@pytest.fixture
def staff_editor(client, db):
    user = make_user("bien-tap", EDITORS)
    client.force_login(user)
    return user


# Slugs


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Nhà Đại đoàn kết", "nha-dai-doan-ket"),
        ("Đức Thọ: ưu tiên hộ nghèo!", "duc-tho-uu-tien-ho-ngheo"),
        ("Nha\u0300 \u0110a\u0323i", "nha-dai"),  # typed decomposed (combining marks)
    ],
)
def test_fold_slug(text, slug):
    assert fold_slug(text) == slug


def test_a_new_page_without_a_slug_gets_its_title_folded(story_index):
    first = make_story(story_index, title=HOUSE, slug="")
    second = make_story(story_index, title=HOUSE, slug="")
    assert first.slug == HOUSE_SLUG
    assert second.slug == f"{HOUSE_SLUG}-2"
    assert first.url.endswith(f"/{HOUSE_SLUG}/")


def test_a_slug_typed_in_vietnamese_is_folded_on_a_new_page(story_index):
    story = make_story(story_index, title="Đường về bản", slug="đường-về-bản")
    assert story.slug == "duong-ve-ban"


def test_an_existing_page_keeps_its_slug(story_index):
    story = make_story(story_index, title="Cũ", slug="cu")
    StoryPage.objects.filter(pk=story.pk).update(slug="bản-cũ")  # made before this change
    story.refresh_from_db()
    story.title = "Bản cũ, sửa tiêu đề"
    story.save()
    story.refresh_from_db()
    assert story.slug == "bản-cũ"  # its URL does not move


def test_the_admin_saves_a_slug_typed_in_vietnamese_folded(client, story_index, staff_editor):
    """As when the slug is typed by hand, or the browser runs no JavaScript."""
    url = reverse("wagtailadmin_pages:add", args=("stories", "storypage", story_index.pk))
    response = client.post(url, story_form(slug="nhà-đại-đoàn-kết-thứ-120"))
    assert response.status_code == 302
    assert StoryPage.objects.get(title=HOUSE).slug == "nha-dai-doan-ket-thu-120"


def test_the_admin_slug_field_folds_vietnamese_as_the_title_is_typed(
    client, story_index, staff_editor
):
    url = reverse("wagtailadmin_pages:add", args=("stories", "storypage", story_index.pk))
    html = client.get(url).content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
    assert "data-w-slug-allow-unicode-value" not in slug_input  # False: transliterate
    formatters = json.loads(
        re.search(r"data-w-slug-formatters-value=\"([^\"]*)\"", slug_input)
        .group(1)
        .replace("&quot;", '"')
    )
    replacements = {replacement: pattern for (pattern, _flags), replacement in formatters}
    assert "đ" in replacements["d"] and "Đ" in replacements["d"]
    assert all(letter in replacements["u"] for letter in "ưứựỪ")
    assert all(letter in replacements["o"] for letter in "ơờộỗ")


# The admin's page search


@pytest.fixture
def pages(story_index):
    return {
        "house": make_story(story_index, title=HOUSE, slug="nha-120"),
        "duc": make_story(story_index, title="Doanh nhân Nguyễn Đức Thịnh", slug="duc-thinh"),
        "support": make_story(
            story_index, title="Cây giống thay tiền mặt: cách hỗ trợ sinh kế", slug="cay-giong"
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dai doan ket", "house"),
        ("Đại đoàn kết", "house"),
        ("duc thinh", "duc"),
        ("nguyen đuc", "duc"),  # half typed with marks
        ("ho tro", "support"),
        ("HO TRO SINH KE", "support"),
        ("ung", "house"),  # "Ưng", the start of a word (autocompletion)
    ],
)
def test_the_admin_page_search_finds_pages_without_diacritics(
    client, pages, staff_editor, query, expected
):
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": query})
    assert response.status_code == 200
    found = [page for page in response.context["pages"]]
    assert [page.pk for page in found] == [pages[expected].pk], query


def test_the_explorer_search_finds_pages_without_diacritics(
    client, pages, story_index, staff_editor
):
    url = reverse("wagtailadmin_explore", args=[story_index.pk])
    response = client.get(url, {"q": "dai doan ket"})
    assert [page.pk for page in response.context["pages"]] == [pages["house"].pk]


def test_queries_on_pages_are_folded_and_others_are_not(db):
    image = make_image(title="Ảnh lễ bàn giao nhà Đại đoàn kết")
    assert str(fold_query("Đại đoàn kết")) == "dai doan ket"
    assert list(Image.objects.search("Đại đoàn kết")) == [image]


# The area picker


@pytest.fixture
def areas(db):
    province = make_area("Tỉnh Quảng Trị", level=Area.Level.PROVINCE, slug="quang-tri")
    district = make_area(
        "Huyện Hướng Hóa",
        level=Area.Level.DISTRICT,
        parent=province,
        slug="huong-hoa",
        valid_until=datetime.date(2025, 6, 30),
    )
    new = make_area(
        "Xã Hướng Phùng",
        parent=province,
        slug="xa-huong-phung",
        valid_from=datetime.date(2025, 7, 1),
    )
    old = make_area(
        "Xã Hướng Phùng",
        parent=district,
        slug="xa-huong-phung-cu",
        valid_until=datetime.date(2025, 6, 30),
        successor=new,
    )
    make_area("Xã Khe Sanh", parent=province, slug="khe-sanh")
    return {"new": new, "old": old}


def test_an_old_unit_is_labelled_with_the_day_it_ended(areas):
    with translation.override("vi"):
        assert areas["old"].label_with_validity() == "Xã Hướng Phùng (cũ, đến 30/6/2025)"
        assert areas["new"].label_with_validity() == "Xã Hướng Phùng"
        assert areas["old"].label_with_validity(on=datetime.date(2025, 6, 1)) == "Xã Hướng Phùng"


def chooser_html(client, name, **params):
    """The modal (JSON holding its HTML) or, as the search box asks for, its results (HTML)."""
    response = client.get(reverse(f"wagtailsnippetchoosers_sitewide_area:{name}"), params)
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["html"]
    return response.content.decode()


@pytest.mark.parametrize("query", ["huong phung", "Hướng Phùng", "HUONG PHUNG"])
def test_the_area_picker_searches_without_diacritics_and_tells_old_from_new(
    client, areas, staff_editor, query
):
    html = chooser_html(client, "choose_results", q=query)
    names = [
        " ".join(name.split())
        for name in re.findall(r"data-chooser-modal-choice[^>]*>([^<]*)<", html)
    ]
    assert names == ["Xã Hướng Phùng", "Xã Hướng Phùng (cũ, đến 30/6/2025)"]  # current first
    assert "Khe Sanh" not in html


def test_the_area_picker_offers_a_search_box(client, areas, staff_editor):
    html = chooser_html(client, "choose")
    assert 'name="q"' in html and "không dấu" in html


def test_the_chosen_old_unit_keeps_its_label(client, areas, staff_editor, story_index):
    response = client.get(
        reverse("wagtailsnippetchoosers_sitewide_area:chosen", args=[areas["old"].pk])
    )
    assert json.loads(response.content)["result"]["string"] == (
        "Xã Hướng Phùng (cũ, đến 30/6/2025)"
    )
    story = make_story(story_index, area=areas["old"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "Xã Hướng Phùng (cũ, đến 30/6/2025)" in html
