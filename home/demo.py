"""The demo site, built by `manage.py load_demo_content`: its frame (our HomePage as the default
site's root, the site settings) and every app's demo, loaded in order.

Each app brings its own `demo.load()`; the shared pieces (areas, images, the menu) are in
sitewide/demo/. Every step creates what is missing and leaves what exists, so running it twice
changes nothing. The organisation's address, hotline, e-mail and social links are placeholders,
and the programme's figures on the home page are illustrative, not official statistics.
"""

from django.db import transaction
from wagtail.models import Page

from campaigns import demo as campaigns_demo
from disclosure import demo as disclosure_demo
from donations import demo as donations_demo
from home.models import HomePage
from mobilisation import demo as mobilisation_demo
from public_record import demo as public_record_demo
from reconciliation import demo as reconciliation_demo
from sitewide.demo import areas
from sitewide.demo.images import demo_image
from sitewide.demo.site import default_site
from sitewide.models import SiteSettings
from stories import demo as stories_demo
from support import demo as support_demo

HOME_SLUG = "trang-chu"
SITE_NAME = "Chung tay vì người nghèo – Quảng Trị"

HOME = {
    "title": "Trang chủ",
    "seo_title": "Chung tay vì người nghèo – giảm nghèo bền vững tỉnh Quảng Trị",
    "hero_heading": "Chung tay vì người nghèo – không để ai bị bỏ lại phía sau",
    "hero_text": (
        "Những câu chuyện thoát nghèo, mô hình sinh kế hay và các đợt vận động Quỹ "
        "“Vì người nghèo” do Ủy ban MTTQ Việt Nam tỉnh Quảng Trị phát động, thực hiện Nghị "
        "quyết 160/NQ-CP về giảm nghèo bền vững đến năm 2030."
    ),
}
KEY_FIGURES = [
    ("Tỷ lệ hộ nghèo đa chiều (2022 → 2025)", "8,67 %", "3,95 %", ""),
    ("Hộ thoát nghèo giai đoạn 2022–2025", "", "9.860", "hộ"),
    ("Nhà Đại đoàn kết xây mới và sửa chữa", "", "2.145", "căn"),
    ("Quỹ Vì người nghèo các cấp tiếp nhận", "", "186,4", "tỷ đồng"),
]
SETTINGS = {
    "organisation_name": "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị",
    "address": "Số 45 Hùng Vương, phường Đông Hà, tỉnh Quảng Trị",
    "hotline": "0233 3 555 160",
    "email": "quyvinguoingheo@quangtri.example",
    "facebook_url": "https://example.com/facebook/chung-tay-quang-tri",
    "zalo_url": "https://example.com/zalo/chung-tay-quang-tri",
    "youtube_url": "https://example.com/youtube/chung-tay-quang-tri",
    "footer_note": (
        "Trang thông tin do Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh quản lý.\n"
        "Bản trình diễn: câu chuyện, số liệu, địa chỉ và tài khoản là dữ liệu mẫu."
    ),
}


def _remove_welcome_page(home):
    """Delete Wagtail's "Welcome to your new Wagtail site!" placeholder, and only that.

    It is a plain wagtailcore Page under the root with no children; anything else an editor
    made is left alone.
    """
    for page in Page.objects.filter(depth=2).exclude(pk=home.pk):
        if page.specific_class is Page and page.numchild == 0:
            page.delete()


def load_site():
    """The home page (created once, then left to the editors), the site and its settings."""
    site = default_site()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            slug=HOME_SLUG,
            hero_image=demo_image("Ruộng bậc thang vùng cao Quảng Trị", scene="fields"),
            key_figures=[
                ("figure", {"label": label, "before": before, "after": after, "unit": unit})
                for label, before, after, unit in KEY_FIGURES
            ],
            **HOME,
        )
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
    if site.root_page_id != home.pk or site.site_name != SITE_NAME:
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
    _remove_welcome_page(home)
    settings = SiteSettings.for_site(site)
    for field, value in SETTINGS.items():
        setattr(settings, field, value)
    settings.save()
    return home


def load_all():
    """Build the whole demo: areas, the frame, then each app on what the previous ones made."""
    with transaction.atomic():
        area_book = areas.load()
        home = load_site()
        stories_demo.load(home, area_book)
        campaigns_demo.load(home, area_book)
        donations_demo.load()
        reconciliation_demo.load()
        mobilisation_demo.load()
        support_demo.load()
        disclosure_demo.load()  # every public line in the record before it is signed
        public_record_demo.load()  # last: its checkpoint covers what the others published
