"""A story page: headline, classification, images, every body block, related stories, sharing."""

import datetime
import re
from urllib.parse import quote

import pytest
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from stories.models import StoryType
from stories.queries import related_stories
from tests.sitewide.conftest import img_tags_without_alt, make_image
from tests.stories.conftest import make_story, tag_story

VIDEO_URL = "https://www.youtube.com/watch?v=abc123"


@pytest.fixture
def video_embed(db):
    """The embed Wagtail would fetch, stored up front: tests never touch the network."""
    return Embed.objects.create(
        hash=get_embed_hash(VIDEO_URL, 800),
        url=VIDEO_URL,
        max_width=800,
        type="video",
        html='<iframe src="https://www.youtube.com/embed/abc123" title="Video"></iframe>',
    )


@pytest.fixture
def full_story(story_index, areas, video_embed):
    photo, second = make_image("Đàn bò", size=(300, 200)), make_image("Chuồng bò", size=(300, 200))
    lead = make_image("Anh Lâm bên đàn bò", size=(400, 260))
    lead.description = "Anh Lâm cho bò ăn"
    lead.save()
    body = [
        ("paragraph", "<p>Năm 2022, gia đình anh nhận <b>hai con bò giống</b>.</p>"),
        (
            "image",
            {
                "image": photo,
                "alt_text": "Đàn bò chín con",
                "caption": "Đàn bò",
                "credit": "Ảnh: MTTQ",
            },
        ),
        (
            "gallery",
            {
                "title": "Hình ảnh",
                "images": [
                    {"image": photo, "alt_text": "Bò mẹ", "caption": "", "credit": ""},
                    {"image": second, "alt_text": "Chuồng mới", "caption": "", "credit": ""},
                ],
            },
        ),
        (
            "quote",
            {
                "quote": "Nhà tôi hết lo đói giáp hạt.",
                "attribution": "Hồ Văn Lâm",
                "role": "xã Hướng Phùng",
            },
        ),
        (
            "key_figures",
            {
                "title": "Thu nhập",
                "figures": [
                    {
                        "label": "Thu nhập bình quân",
                        "before": "1,2",
                        "after": "4,5",
                        "unit": "triệu đồng/tháng",
                    }
                ],
            },
        ),
        ("video", {"video": VIDEO_URL, "caption": "Phóng sự"}),
    ]
    story = make_story(
        story_index,
        title="Anh Hồ Văn Lâm thoát nghèo nhờ nuôi bò",
        slug="ho-van-lam",
        story_type=StoryType.MODEL_HOUSEHOLD,
        story_date=datetime.date(2026, 10, 17),
        area=areas["commune"],
        listing_image=lead,
        body=body,
    )
    return tag_story(story, "chăn nuôi", "sinh kế")


@pytest.fixture
def html(client, full_story):
    response = client.get("/cau-chuyen/ho-van-lam/")
    assert response.status_code == 200
    return response.content.decode()


def test_headline_type_area_and_date(html, areas):
    assert "<h1>Anh Hồ Văn Lâm thoát nghèo nhờ nuôi bò</h1>" in html
    assert 'href="/cau-chuyen/?type=model-household">Hộ thoát nghèo tiêu biểu</a>' in html
    assert f'href="/cau-chuyen/?area={areas["commune"].slug}">Xã Hướng Phùng</a>' in html
    assert '<time datetime="2026-10-17">17/10/2026</time>' in html


def test_tags_link_to_the_filtered_index(html, full_story):
    slugs = {tag.name: tag.slug for tag in full_story.tags.all()}
    assert slugs["sinh kế"] == "sinh-kế"  # taggit keeps Vietnamese letters; links encode them
    for name, slug in slugs.items():
        assert f'href="/cau-chuyen/?tag={quote(slug)}">{name}</a>' in html


def test_lead_image_loads_first_with_its_description(html):
    lead = re.search(r'<div class="article__lead-image"><img [^>]+>', html).group(0)
    assert 'fetchpriority="high"' in lead
    assert 'loading="lazy"' not in lead
    assert 'alt="Anh Lâm cho bò ăn"' in lead
    assert "srcset=" in lead and ".webp" in lead
    assert 'width="' in lead and 'height="' in lead


def test_every_body_block_renders(html):
    assert "<b>hai con bò giống</b>" in html
    assert 'alt="Đàn bò chín con"' in html and "Ảnh: MTTQ" in html
    assert 'alt="Bò mẹ"' in html and 'alt="Chuồng mới"' in html
    assert "<blockquote><p>Nhà tôi hết lo đói giáp hạt.</p></blockquote>" in html
    assert "Hồ Văn Lâm" in html and "xã Hướng Phùng" in html
    assert "Thu nhập bình quân" in html and "<strong>4,5</strong>" in html
    assert "youtube.com/embed/abc123" in html and f'href="{VIDEO_URL}"' in html


def test_body_images_below_the_fold_load_lazily(html):
    body = html.split('class="article__body"', 1)[1]
    images = re.findall(r"<img [^>]+>", body.split("</article>", 1)[0])
    assert len(images) == 3
    assert all('loading="lazy"' in img for img in images)


def test_every_image_has_alt_text(html):
    assert img_tags_without_alt(html) == []


def test_share_links_are_plain_links(html):
    address = quote("http://localhost/cau-chuyen/ho-van-lam/", safe="")
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={address}"' in html
    assert f'href="https://zalo.me/share?url={address}"' in html
    assert "<script" not in html.split("</header>", 1)[1]  # no script in the page body
    assert 'style="' not in html


def test_open_graph_and_canonical(html):
    assert '<link rel="canonical" href="http://localhost/cau-chuyen/ho-van-lam/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Anh Hồ Văn Lâm thoát nghèo nhờ nuôi bò">' in html
    assert '<meta property="og:url" content="http://localhost/cau-chuyen/ho-van-lam/">' in html
    description = "Câu chuyện giảm nghèo bền vững ở vùng cao."
    assert f'<meta property="og:description" content="{description}">' in html
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith("http://localhost/media/images/") and image.endswith(".jpg")
    # fill-1200x630 keeps the 1.91:1 shape; Wagtail does not enlarge the 400 px test image.
    width = int(re.search(r'og:image:width" content="(\d+)"', html).group(1))
    height = int(re.search(r'og:image:height" content="(\d+)"', html).group(1))
    assert 0 < width <= 1200 and abs(width / height - 1200 / 630) < 0.02


class TestRelatedStories:
    def test_shared_tags_first_then_same_type_never_itself(self, story_index, full_story):
        same_type = make_story(
            story_index, title="Cùng loại", slug="cung-loai", story_type=StoryType.MODEL_HOUSEHOLD
        )
        two_tags = tag_story(
            make_story(story_index, title="Hai thẻ", slug="hai-the", story_type=StoryType.NEWS),
            "chăn nuôi",
            "sinh kế",
        )
        one_tag = tag_story(
            make_story(story_index, title="Một thẻ", slug="mot-the", story_type=StoryType.NEWS),
            "sinh kế",
        )
        make_story(story_index, title="Không liên quan", slug="khong", story_type=StoryType.NEWS)
        related = related_stories(full_story, list(full_story.tags.all()))
        assert [s.pk for s in related] == [two_tags.pk, one_tag.pk, same_type.pk]

    def test_at_most_three(self, story_index, full_story):
        for n in range(5):
            make_story(story_index, title=f"Cùng loại {n}", slug=f"cung-loai-{n}")
        assert len(related_stories(full_story, [])) == 3

    def test_unpublished_stories_are_not_related(self, story_index, full_story):
        draft = make_story(story_index, title="Nháp", slug="nhap")
        draft.unpublish()
        assert related_stories(full_story, []) == []

    def test_shown_on_the_page(self, client, story_index, full_story):
        make_story(story_index, title="Một hộ khác thoát nghèo", slug="ho-khac")
        html = client.get("/cau-chuyen/ho-van-lam/").content.decode()
        related = html.split('id="related-heading"', 1)[1]
        assert "Một hộ khác thoát nghèo" in related
        assert "Anh Hồ Văn Lâm thoát nghèo nhờ nuôi bò</a>" not in related
