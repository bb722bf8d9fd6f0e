"""Demo campaigns: the Day for the Poor drives of 2024, 2025 and 2026.

The 2026 drive runs today: its peak month, 17/10–18/11/2026, is over (the site-wide banner
showed then), and the drive goes on collecting until 31/12/2026 so that the houses are handed
over before Tết; 2025 and 2024 are past, each its peak month alone. Amounts are whole đồng. The
Fund's bank accounts are the ledger's: its own demo links them to these drives. Each support
item names the ledger's support type whose decision lines its progress counts.
"""

import datetime

from campaigns.models import CampaignIndexPage, CampaignPage, SupportItem
from sitewide.demo.images import demo_image
from sitewide.demo.site import add_menu_link
from sitewide.support_types import SupportType

ORGANISER = "Ủy ban MTTQ Việt Nam tỉnh Quảng Trị"
HEALTH_CARD = 1_263_600  # 4,5 % of the 2.340.000 ₫ base salary for 12 months

HOUSE = "Nhà Đại đoàn kết"
HOUSE_NOTE = "Xây mới nhà 60 m² cho hộ nghèo có hoàn cảnh khó khăn về nhà ở"
REPAIR = "Sửa chữa nhà ở"
COW = "Bò giống sinh sản"
COW_NOTE = "Một bò cái giống kèm tập huấn chăm sóc, ưu tiên hộ đồng bào dân tộc thiểu số"
SCHOLARSHIP = "Học bổng “Nâng bước em đến trường”"
SCHOLARSHIP_NOTE = "Học sinh nghèo vượt khó, mỗi suất một năm học"
SEEDLINGS = "Cây giống và vật tư sản xuất"
CARD = "Thẻ bảo hiểm y tế"
CARD_NOTE = "Thẻ BHYT một năm cho người thuộc hộ cận nghèo"


def _p(*sentences):
    return ("paragraph", "<p>" + " ".join(sentences) + "</p>")


CAMPAIGNS = [
    {
        "title": "Ngày vì người nghèo 2026",
        "slug": "ngay-vi-nguoi-ngheo-2026",
        "start_date": datetime.date(2026, 10, 17),
        "end_date": datetime.date(2026, 12, 31),
        "peak": (datetime.date(2026, 10, 17), datetime.date(2026, 11, 18)),
        "target_amount": 25_000_000_000,
        "intro": (
            "Tháng cao điểm “Vì người nghèo” từ 17/10 đến 18/11/2026; Quỹ tiếp tục tiếp nhận "
            "ủng hộ đến hết 31/12/2026 để kịp bàn giao 120 nhà Đại đoàn kết trước Tết Đinh Mùi."
        ),
        "items": [
            (HOUSE, 60_000_000, 120, "căn", HOUSE_NOTE, SupportType.HOUSE_NEW),
            (
                REPAIR,
                30_000_000,
                150,
                "căn",
                "Thay mái, gia cố tường, làm lại nền nhà xuống cấp",
                SupportType.HOUSE_REPAIR,
            ),
            (COW, 18_000_000, 300, "con", COW_NOTE, SupportType.LIVELIHOOD),
            (SCHOLARSHIP, 5_000_000, 500, "suất", SCHOLARSHIP_NOTE, SupportType.SCHOLARSHIP),
            (CARD, HEALTH_CARD, 2_000, "thẻ", CARD_NOTE, SupportType.HEALTH_INSURANCE),
        ],
        "quote": (
            "Mỗi đồng ủng hộ đều được công khai: tiếp nhận bao nhiêu, hỗ trợ cho ai, ở đâu. "
            "Xin cảm ơn mọi tấm lòng đã chung tay cùng người nghèo Quảng Trị.",
            "Bà Lê Thị Minh Hạnh",
            "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh, Trưởng ban Vận động Quỹ",
        ),
    },
    {
        "title": "Ngày vì người nghèo 2025",
        "slug": "ngay-vi-nguoi-ngheo-2025",
        "start_date": datetime.date(2025, 10, 17),
        "end_date": datetime.date(2025, 11, 18),
        "peak": (datetime.date(2025, 10, 17), datetime.date(2025, 11, 18)),
        "target_amount": 20_000_000_000,
        "intro": (
            "Đợt vận động đầu tiên của tỉnh Quảng Trị sau khi sắp xếp đơn vị hành chính: "
            "xây nhà, trao bò giống và học bổng cho hộ nghèo ở các xã vùng cao, vùng bãi ngang."
        ),
        "items": [
            (HOUSE, 60_000_000, 100, "căn", HOUSE_NOTE, SupportType.HOUSE_NEW),
            (COW, 17_000_000, 250, "con", COW_NOTE, SupportType.LIVELIHOOD),
            (SCHOLARSHIP, 5_000_000, 400, "suất", SCHOLARSHIP_NOTE, SupportType.SCHOLARSHIP),
            (
                SEEDLINGS,
                8_000_000,
                300,
                "hộ",
                "Hồ tiêu, cà phê, chuối, phân bón",
                SupportType.LIVELIHOOD,
            ),
        ],
        "quote": (
            "Tỉnh mới, địa bàn rộng hơn, nhưng tinh thần tương thân tương ái vẫn vậy.",
            "Ông Trần Quốc Bảo",
            "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
        ),
    },
    {
        "title": "Ngày vì người nghèo 2024",
        "slug": "ngay-vi-nguoi-ngheo-2024",
        "start_date": datetime.date(2024, 10, 17),
        "end_date": datetime.date(2024, 11, 18),
        "peak": (datetime.date(2024, 10, 17), datetime.date(2024, 11, 18)),
        "target_amount": 18_000_000_000,
        "intro": (
            "Tháng cao điểm năm 2024 dành ưu tiên cho hộ nghèo bị thiệt hại nhà ở sau mưa lũ "
            "và cho sinh kế của đồng bào Vân Kiều, Pa Kô ở Hướng Hóa, Đakrông."
        ),
        "items": [
            (HOUSE, 50_000_000, 90, "căn", HOUSE_NOTE, SupportType.HOUSE_NEW),
            (
                REPAIR,
                25_000_000,
                120,
                "căn",
                "Sửa chữa nhà bị hư hại do mưa lũ",
                SupportType.HOUSE_REPAIR,
            ),
            (COW, 16_000_000, 200, "con", COW_NOTE, SupportType.LIVELIHOOD),
            (CARD, HEALTH_CARD, 3_000, "thẻ", CARD_NOTE, SupportType.HEALTH_INSURANCE),
        ],
        "quote": (
            "Có mái nhà vững chãi, người nghèo mới yên tâm làm ăn, con cái yên tâm đi học.",
            "Ông Trần Quốc Bảo",
            "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
        ),
    },
]


def _body(data, image):
    year = data["start_date"].year
    quote, who, role = data["quote"]
    return [
        _p(
            f"Hưởng ứng “Ngày vì người nghèo” (17/10) năm {year}, Ban Thường trực Ủy ban MTTQ",
            "Việt Nam tỉnh Quảng Trị kêu gọi các cơ quan, doanh nghiệp, cán bộ, đảng viên, kiều",
            "bào và mọi tầng lớp Nhân dân tiếp tục chung tay ủng hộ Quỹ Vì người nghèo.",
        ),
        (
            "image",
            {
                "image": image,
                "alt_text": f"Sân khấu lễ phát động Tháng cao điểm vì người nghèo năm {year}",
                "caption": f"Lễ phát động Tháng cao điểm “Vì người nghèo” năm {year}.",
                "credit": "Ảnh minh họa",
            },
        ),
        _p(
            "Toàn bộ số tiền tiếp nhận được dùng cho các hạng mục hỗ trợ của chiến dịch, theo",
            "danh sách hộ nghèo do Ban Công tác Mặt trận thôn, khu phố bình xét công khai. Tiền",
            "ủng hộ được đối chiếu với sao kê ngân hàng trước khi công bố trên trang này.",
        ),
        ("quote", {"quote": quote, "attribution": who, "role": role}),
        _p(
            "Ngoài chuyển khoản, Quỹ nhận tiền mặt tại trụ sở Ủy ban MTTQ các cấp và nhận",
            "hiện vật (xi măng, tôn, gạo, cây giống) quy ra tiền. Mọi khoản ủng hộ đều có",
            "biên nhận; nhà hảo tâm có thể chọn công khai tên hoặc ủng hộ ẩn danh.",
        ),
    ]


def _index(home):
    index = CampaignIndexPage.objects.child_of(home).first()
    if index is None:
        index = CampaignIndexPage(
            title="Chiến dịch vận động",
            slug="chien-dich",
            intro=(
                "Các đợt vận động ủng hộ Quỹ Vì người nghèo tỉnh Quảng Trị: mục tiêu, hạng mục "
                "hỗ trợ và tài khoản tiếp nhận của từng đợt."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def load(home, areas):
    """Create what is missing; campaigns already there are left as editors made them."""
    index = _index(home)
    add_menu_link(index, "Chiến dịch")
    for data in CAMPAIGNS:
        if CampaignPage.objects.child_of(index).filter(slug=data["slug"]).exists():
            continue
        image = demo_image(
            f"Lễ phát động {data['title']}",
            scene="ceremony",
            caption=f"{data['title']} · ảnh minh họa",
        )
        campaign = CampaignPage(
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            peak_start=data["peak"][0],
            peak_end=data["peak"][1],
            organiser=ORGANISER,
            area=areas.province,
            target_amount=data["target_amount"],
            listing_image=image,
            body=_body(data, image),
            support_items=[
                SupportItem(
                    name=name,
                    unit_cost=cost,
                    target_count=count,
                    unit=unit,
                    description=note,
                    support_type=support_type,
                )
                for name, cost, count, unit, note, support_type in data["items"]
            ],
        )
        index.add_child(instance=campaign)
        campaign.save_revision().publish()
    return index
