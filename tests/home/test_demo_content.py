"""`load_demo_content` builds the whole site on a fresh database; a second run changes nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from campaigns.models import CampaignPage, SupportItem
from campaigns.queries import featured_campaign, running_campaigns
from donations.models import BankAccount
from home import demo
from home.models import HomePage
from mobilisation.models import Ceremony
from sitewide.demo.images import SIZE, demo_image, draw_scene
from sitewide.models import Area, SiteSettings
from stories.models import StoryPage, StoryType

TODAY = datetime.date(2026, 11, 26)  # the day the demo was written for; see campaigns/demo.py


def tiny_scene(key, caption="", scene=None):
    """Stand-in for the Pillow drawing where a test is about the page tree, not the pictures."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), (40, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def quick_pictures(monkeypatch):
    monkeypatch.setattr("sitewide.demo.images.draw_scene", tiny_scene)


def load():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "stories": StoryPage.objects.live().count(),
        "campaigns": CampaignPage.objects.count(),
        "support_items": SupportItem.objects.count(),
        "bank_accounts": BankAccount.objects.count(),
        "areas": Area.objects.count(),
        "images": get_image_model().objects.count(),
        "tags": sorted(StoryPage.objects.values_list("tags__name", flat=True).distinct()),
        "menu": len(SiteSettings.objects.get().main_menu),
        "sites": Site.objects.count(),
        "ceremonies": sorted(
            Ceremony.objects.values_list("name", "entries__pledge__amount"), key=str
        ),
    }


@pytest.mark.django_db
def test_demo_content_is_complete_and_a_second_run_changes_nothing(client, quick_pictures):
    """One test, two loads: building the tree takes seconds, so every check shares it."""
    output = load()
    first = snapshot()
    assert "32 stories, 3 campaigns (running today: Ngày vì người nghèo 2026)" in output

    assert load() == output
    assert snapshot() == first

    assert first["stories"] >= 30
    assert first["campaigns"] == 3
    assert len(set(StoryPage.objects.values_list("slug", flat=True))) == first["stories"]
    check_home_replaces_the_welcome_page()
    check_stories_are_varied_and_complete()
    check_areas_keep_history_and_successors()
    check_one_campaign_runs_today_and_is_featured()
    check_demo_pages_render(client)
    check_a_rehearsal_ceremony_has_pledges(first["ceremonies"])
    check_voucher_numbers_follow_their_dates()
    check_a_business_adopts_a_commune()


def check_a_business_adopts_a_commune():
    """The wind-power company's 100 million for repairs in Hướng Phùng reached the commune's
    fund with the allocation of 25/11/2025 and shows the commune's repairs paid after it."""
    from donations import earmarks
    from donations.models import Pledge

    pledge = Pledge.objects.get(earmark_area__name="Xã Hướng Phùng")
    found = earmarks.outcome(pledge)
    assert (found.received, found.arrived) == (100_000_000, 100_000_000)
    assert found.arrived_on == datetime.date(2025, 11, 25)
    assert found.vouchers and {v.area.name for v in found.vouchers} == {"Xã Hướng Phùng"}
    assert all(v.paid_on >= found.arrived_on for v in found.vouchers)


def check_voucher_numbers_follow_their_dates():
    """In each fund and year, a later payment voucher never has a smaller number, as an
    accountant numbering paper vouchers by the day would have them."""
    from donations.models import Voucher

    vouchers = Voucher.objects.order_by("fund_id", "number")
    by_book = {}
    for voucher in vouchers:
        by_book.setdefault((voucher.fund_id, voucher.number[:7]), []).append(voucher.paid_on)
    assert len(vouchers) > 10
    for days in by_book.values():
        assert days == sorted(days)


def check_a_rehearsal_ceremony_has_pledges(ceremonies):
    """The launch ceremony of 17/10/2026 with the ledger demo's 20 pledges, and a rehearsal with
    three of its own."""
    names = [name for name, _amount in ceremonies]
    assert names.count("Lễ phát động Ngày vì người nghèo 17/10/2026") == 20
    rehearsal = [amount for name, amount in ceremonies if name.startswith("Tổng duyệt")]
    assert sorted(rehearsal) == [30_000_000, 50_000_000, 120_000_000]


def check_home_replaces_the_welcome_page():
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.hero_heading and home.hero_image and len(home.key_figures) >= 3
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()

    settings = SiteSettings.for_site(site)
    assert settings.organisation_name == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị"
    assert settings.hotline and settings.email and settings.facebook_url
    menu = [item.value["page"].specific for item in settings.main_menu]
    assert [type(page).__name__ for page in menu] == ["StoryIndexPage", "CampaignIndexPage"]
    assert [page.slug for page in menu] == ["cau-chuyen", "chien-dich"]


def check_stories_are_varied_and_complete():
    stories = list(StoryPage.objects.live().select_related("area", "listing_image"))
    assert {story.story_type for story in stories} == set(StoryType.values)
    assert {story.story_date.year for story in stories} == {2023, 2024, 2025, 2026}
    assert max(story.story_date for story in stories) <= TODAY
    stream_block = StoryPage._meta.get_field("body").stream_block
    for story in stories:
        story.full_clean()  # what an editor saving it in the admin would go through
        stream_block.clean(story.body)
        assert story.area and story.listing_image and story.intro, story.title
        assert story.tags.exists(), story.title
        kinds = {block.block_type for block in story.body}
        assert {"paragraph", "image"} <= kinds, story.title
    households = [s for s in stories if s.story_type == StoryType.MODEL_HOUSEHOLD]
    assert all("key_figures" in {b.block_type for b in s.body} for s in households)
    assert any("gallery" in {b.block_type for b in s.body} for s in stories)
    # Stories keep the place names of their time: old communes before 1/7/2025, new after.
    for story in stories:
        if story.area.level == Area.Level.COMMUNE:
            assert story.area.valid_until is None or story.story_date <= story.area.valid_until
            assert story.area.valid_from is None or story.story_date >= story.area.valid_from


def check_areas_keep_history_and_successors():
    province = Area.objects.get(level=Area.Level.PROVINCE)
    districts = Area.objects.filter(level=Area.Level.DISTRICT)
    assert districts.exists()
    assert all(d.valid_until == datetime.date(2025, 6, 30) for d in districts)
    old = Area.objects.filter(parent__level=Area.Level.DISTRICT)
    assert old.exists() and not old.filter(successor__isnull=True).exists()
    new = Area.objects.filter(parent=province, level=Area.Level.COMMUNE)
    assert all(a.valid_from == datetime.date(2025, 7, 1) for a in new)
    huong_phung = new.get(name="Xã Hướng Phùng")
    assert {a.name for a in huong_phung.predecessors.all()} == {
        "Xã Hướng Phùng",
        "Xã Hướng Sơn",
        "Xã Hướng Linh",
    }
    assert len(province.covered_ids()) == Area.objects.count()


def check_one_campaign_runs_today_and_is_featured():
    running = list(running_campaigns(on=TODAY))
    assert [c.title for c in running] == ["Ngày vì người nghèo 2026"]
    assert featured_campaign(on=TODAY).pk == running[0].pk
    for campaign in CampaignPage.objects.all():
        campaign.full_clean()
        CampaignPage._meta.get_field("body").stream_block.clean(campaign.body)
        items = list(campaign.support_items.all())
        assert items and all(i.unit_cost > 0 and i.target_count > 0 for i in items)
        assert campaign.bank_accounts.exists() and campaign.body and campaign.target_amount
    houses = SupportItem.objects.get(page=running[0], name="Nhà Đại đoàn kết")
    assert (houses.target_count, houses.unit_cost) == (120, 60_000_000)
    for account in BankAccount.objects.all():
        account.full_clean()  # real six-digit BINs, well-formed account numbers


def check_demo_pages_render(client):
    campaign = CampaignPage.objects.get(slug="ngay-vi-nguoi-ngheo-2026")
    story = StoryPage.objects.live().first()
    for url in ["/", "/cau-chuyen/", "/chien-dich/", campaign.url, story.url]:
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(campaign.url).content.decode()
    assert "Nhà Đại đoàn kết" in html and "60.000.000 ₫" in html and "970436" in html


@pytest.mark.django_db
def test_every_app_is_loaded_in_order_on_what_the_previous_ones_made(monkeypatch):
    calls = []
    monkeypatch.setattr("sitewide.demo.areas.load", lambda: calls.append("areas") or "area book")
    monkeypatch.setattr(demo, "load_site", lambda: calls.append("site") or "home")
    for app in ["stories", "campaigns"]:
        monkeypatch.setattr(f"{app}.demo.load", lambda *args, app=app: calls.append((app, args)))
    for app in ["donations", "reconciliation", "mobilisation", "support"]:
        monkeypatch.setattr(f"{app}.demo.load", lambda app=app: calls.append(app))
    demo.load_all()
    assert calls == [
        "areas",
        "site",
        ("stories", ("home", "area book")),
        ("campaigns", ("home", "area book")),
        "donations",
        "reconciliation",
        "mobilisation",
        "support",
    ]


def test_pictures_are_drawn_the_same_way_for_the_same_key():
    first = draw_scene("Đàn bò", caption="Xã Hướng Phùng", scene="cattle")
    assert first == draw_scene("Đàn bò", caption="Xã Hướng Phùng", scene="cattle")
    assert first != draw_scene("Ao tôm", scene="pond")
    picture = PILImage.open(io.BytesIO(first))
    assert (picture.format, picture.size) == ("JPEG", SIZE)


@pytest.mark.django_db
def test_demo_image_is_drawn_once_then_reused():
    first = demo_image("Đàn bò ở Hướng Phùng", scene="cattle", caption="Xã Hướng Phùng")
    again = demo_image("Đàn bò ở Hướng Phùng", scene="cattle", caption="Xã Hướng Phùng")
    assert again.pk == first.pk
    assert get_image_model().objects.count() == 1
    assert (first.width, first.height) == SIZE
