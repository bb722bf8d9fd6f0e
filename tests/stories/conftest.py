"""Builders for the stories' tests: story pages one by one or by the dozen, tags, a small
tree of areas and a catalogue of stories to filter."""

import datetime

import pytest

from sitewide.models import Area
from stories.models import StoryIndexPage, StoryPage, StoryType
from tests.sitewide.conftest import make_area, make_image


def make_story(index, title="Gia đình anh Hồ Văn Lâm thoát nghèo nhờ nuôi bò", **kwargs):
    body = kwargs.pop(
        "body",
        [("paragraph", "<p>Nhờ được hỗ trợ hai con bò giống, gia đình đã thoát nghèo.</p>")],
    )
    story = StoryPage(
        title=title,
        intro=kwargs.pop("intro", "Câu chuyện giảm nghèo bền vững ở vùng cao."),
        story_type=kwargs.pop("story_type", StoryType.MODEL_HOUSEHOLD),
        story_date=kwargs.pop("story_date", datetime.date(2026, 10, 17)),
        body=body,
        **kwargs,
    )
    index.add_child(instance=story)
    story.save_revision().publish()
    return story


@pytest.fixture
def story_index(home):
    index = StoryIndexPage(title="Câu chuyện", slug="cau-chuyen")
    home.add_child(instance=index)
    return index


def tag_story(story, *names):
    story.tags.add(*names)
    story.save_revision().publish()
    return story


def make_stories(index, count, start=0, image=True, tags=(), **kwargs):
    """`count` live stories, each with its own small listing image (so renditions vary).

    Types take turns unless one is given, so every home page row has stories. Saved live
    without the revision and publish steps of make_story: listing tests need many stories,
    and the pages render the same.
    """
    types = list(StoryType)
    story_type = kwargs.pop("story_type", None)
    stories = []
    for n in range(start, start + count):
        story = StoryPage(
            story_type=story_type or types[n % len(types)],
            title=f"Câu chuyện số {n}",
            slug=f"cau-chuyen-so-{n}",
            intro="Câu chuyện giảm nghèo bền vững ở vùng cao.",
            story_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            body=[("paragraph", "<p>Nội dung.</p>")],
            listing_image=make_image(title=f"Ảnh {n}", size=(120, 80)) if image else None,
            live=True,
            **kwargs,
        )
        story.tags.add(*tags)
        index.add_child(instance=story)
        stories.append(story)
    return stories


@pytest.fixture
def areas(db):
    """A province with a current commune, a commune merged into it, and an old district."""
    province = make_area("Tỉnh Quảng Trị", level=Area.Level.PROVINCE)
    district = make_area(
        "Huyện Hướng Hóa",
        level=Area.Level.DISTRICT,
        parent=province,
        valid_until=datetime.date(2025, 6, 30),
    )
    commune = make_area("Xã Hướng Phùng", parent=province)
    old_commune = make_area(
        "Xã Hướng Sơn",
        parent=district,
        successor=commune,
        valid_until=datetime.date(2025, 6, 30),
    )
    other = make_area("Xã Đức Thọ", parent=province)
    return {
        "province": province,
        "district": district,
        "commune": commune,
        "old_commune": old_commune,
        "other": other,
    }


@pytest.fixture
def catalogue(story_index, areas):
    """Five stories spread over types, tags, areas and years, to filter."""
    cow = make_story(
        story_index,
        title="Ngân hàng bò ở Hướng Phùng",
        slug="ngan-hang-bo",
        story_type=StoryType.GOOD_PRACTICE,
        story_date=datetime.date(2025, 3, 2),
        area=areas["commune"],
    )
    tag_story(cow, "chăn nuôi", "sinh kế")
    lam = make_story(
        story_index,
        title="Anh Hồ Văn Lâm thoát nghèo",
        slug="ho-van-lam",
        story_type=StoryType.MODEL_HOUSEHOLD,
        story_date=datetime.date(2026, 5, 20),
        area=areas["old_commune"],
    )
    tag_story(lam, "chăn nuôi")
    duc = make_story(
        story_index,
        title="Chị Đức mở tiệm may",
        slug="chi-duc",
        story_type=StoryType.MODEL_HOUSEHOLD,
        story_date=datetime.date(2026, 8, 1),
        area=areas["other"],
    )
    tag_story(duc, "sinh kế")
    news = make_story(
        story_index,
        title="Lễ phát động tháng cao điểm",
        slug="le-phat-dong",
        story_type=StoryType.NEWS,
        story_date=datetime.date(2026, 10, 17),
        area=areas["province"],
    )
    draft = make_story(
        story_index,
        title="Bản nháp chưa đăng",
        slug="ban-nhap",
        story_type=StoryType.NEWS,
        story_date=datetime.date(2024, 1, 1),
        area=areas["other"],
    )
    tag_story(draft, "bản nháp")
    draft.unpublish()
    return {"cow": cow, "lam": lam, "duc": duc, "news": news, "draft": draft}
