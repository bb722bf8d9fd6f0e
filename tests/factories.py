"""Builders for the page tree and common objects, shared by every test module."""

import datetime
import io
import itertools

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page, Site

from campaigns.models import CampaignIndexPage, CampaignPage
from home.models import HomePage
from sitewide.models import Area
from stories.models import StoryIndexPage, StoryPage, StoryType

_counter = itertools.count(1)


def make_image(title="Ảnh thử", size=(640, 427), color=(180, 40, 40)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=f"test-{next(_counter)}.jpg")
    )


def make_home():
    root = Page.get_first_root_node()
    home = HomePage(title="Trang chủ", slug="trang-chu", hero_heading="Chung tay vì người nghèo")
    root.add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


def make_area(name="Xã Hướng Phùng", level=Area.Level.COMMUNE, parent=None, **kwargs):
    from sitewide.text import fold

    slug = kwargs.pop("slug", fold(name).replace(" ", "-"))
    return Area.objects.create(name=name, slug=slug, level=level, parent=parent, **kwargs)


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


def make_campaign(index, title="Ngày vì người nghèo 2026", **kwargs):
    """A published campaign; ``bank_accounts`` are linked through the ledger's side of the
    relation (BankAccount.campaigns), before the publish, as staff would have them."""
    bank_accounts = kwargs.pop("bank_accounts", ())
    campaign = CampaignPage(
        title=title,
        intro=kwargs.pop("intro", "Chung tay vì người nghèo – không để ai bị bỏ lại phía sau."),
        start_date=kwargs.pop("start_date", datetime.date(2026, 10, 17)),
        end_date=kwargs.pop("end_date", datetime.date(2026, 11, 18)),
        organiser=kwargs.pop("organiser", "Ủy ban MTTQ Việt Nam tỉnh Quảng Trị"),
        target_amount=kwargs.pop("target_amount", 15_000_000_000),
        **kwargs,
    )
    index.add_child(instance=campaign)
    if bank_accounts:
        campaign.bank_accounts.add(*bank_accounts)
    campaign.save_revision().publish()
    return campaign


@pytest.fixture
def demo_campaign(campaign_index):
    """What the demo ledger loaders expect first: the province and its running 2026 drive."""
    Area.objects.create(name="Tỉnh Quảng Trị", slug="quang-tri", level=Area.Level.PROVINCE)
    return make_campaign(
        campaign_index,
        title="Ngày vì người nghèo 2026",
        slug="ngay-vi-nguoi-ngheo-2026",
        end_date=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def story_index(home):
    index = StoryIndexPage(title="Câu chuyện", slug="cau-chuyen")
    home.add_child(instance=index)
    return index


@pytest.fixture
def campaign_index(home):
    index = CampaignIndexPage(title="Chiến dịch", slug="chien-dich")
    home.add_child(instance=index)
    return index
