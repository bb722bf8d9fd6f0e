"""The demo's money out: what the province's Fund did with the 2025 drive, and the 2026 drive's
first proposal. Called by home.demo.load_all after the ledger's demo.

- Support levels set by the province's decision of 25/10/2024: 60.000.000 ₫ a new house,
  30.000.000 ₫ a repair, 5.000.000 ₫ a scholarship, 1.263.600 ₫ a health-insurance card.
- The 2025 drive's large transfers (launch ceremony of 17/10/2025), which the ledger's demo only
  has small gifts for, so that what is spent was received first.
- Three commune funds under the province's; the province allocating the 2025 drive's money to
  them on 25/11/2025 (transfer_between_funds, carrying the campaign: its disclosure lists them
  as transfers to lower funds).
- About forty households in eight communes, with made-up private details (CCCD, phone, address,
  bank account, reason), most named in public only masked.
- Decisions of the province fund (new houses, repairs, health cards) and of the commune funds
  (scholarships, a repair), proposed by Front staff (`mattran`), approved by the board
  (`banvandong`), paid by vouchers through the ledger's services; the houses followed through
  their stages with photos drawn with Pillow: most handed over, two under construction, one late.
- The 2026 drive: a decision for five new houses waiting for the board's approval.

Every name, number and address is made up. Running it again changes nothing: households,
levels and funds are found again, and the decisions are made only once (the first decision's
content marks them).
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from campaigns.models import CampaignPage
from donations.demo import FUND_NAME
from donations.models import Channel, Donor, Fund, Receipt, SupportType
from donations.services import record_pledge, record_receipt, transfer_between_funds
from sitewide.demo.images import demo_image
from sitewide.groups import FRONT_STAFF, FUND_BOARD
from sitewide.models import Area

from . import services
from .models import Beneficiary, Category, Consent, Decision, Gender, House, SupportLevel

D = datetime.date
FIRST_TITLE = "Hỗ trợ xây mới nhà Đại đoàn kết cho hộ nghèo năm 2025 (đợt 1)"
LEVEL_DECISION = ("125/QĐ-MTTQ-BTT", D(2024, 10, 25), "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh")
LEVELS = {
    "new": ("Xây mới nhà Đại đoàn kết", SupportType.HOUSE_NEW, 60_000_000, "căn"),
    "repair": ("Sửa chữa nhà Đại đoàn kết", SupportType.HOUSE_REPAIR, 30_000_000, "căn"),
    "scholarship": ("Học bổng học sinh nghèo vượt khó", SupportType.SCHOLARSHIP, 5_000_000, "suất"),
    "health": (
        "Thẻ bảo hiểm y tế cho hộ cận nghèo",
        SupportType.HEALTH_INSURANCE,
        1_263_600,
        "thẻ",
    ),
}
# The national level before 10/11/2024, for the house of the demo's story (stories.demo).
OLD_LEVEL = ("Xây mới nhà Đại đoàn kết (mức trước 10/11/2024)", "46/QĐ-MTTQ-BTT", D(2022, 3, 1))
STORY_TITLE = "Ngôi nhà Đại đoàn kết và vườn chuối của gia đình anh Hồ Văn Nhanh"
COMMUNE_FUNDS = {
    "Xã Hướng Phùng": ("Quỹ Vì người nghèo xã Hướng Phùng", 150_000_000),
    "Xã Gio Linh": ("Quỹ Vì người nghèo xã Gio Linh", 60_000_000),
    "Xã Hải Lăng": ("Quỹ Vì người nghèo xã Hải Lăng", 40_000_000),
}
ALLOCATED_ON = D(2025, 11, 25)
# The 2025 ceremony's transfers: (donor's name, amount, day).
# The donor's pledge for one commune (its name must be among RECEIPTS_2025).
EARMARK_2025 = (
    "Công ty CP Năng lượng Gió Hướng Linh", 100_000_000, SupportType.HOUSE_REPAIR,
    "Sửa chữa nhà cho hộ nghèo xã Hướng Phùng",
)  # fmt: skip
RECEIPTS_2025 = [
    ("Công ty CP Xây dựng Thành Cổ", 500_000_000, D(2025, 10, 20)),
    ("Công ty CP Năng lượng Gió Hướng Linh", 400_000_000, D(2025, 10, 24)),
    ("Ngân hàng TMCP Đông Trường Sơn – Chi nhánh Quảng Trị", 300_000_000, D(2025, 10, 27)),
    ("Công ty CP Xi măng Đồng Lâm Miền Trung", 250_000_000, D(2025, 10, 30)),
    ("Công đoàn ngành Giáo dục tỉnh", 180_000_000, D(2025, 11, 5)),
    ("Hội Doanh nhân trẻ tỉnh", 120_000_000, D(2025, 11, 12)),
]
# (head of household, gender, commune, category, members, reason for support)
M, F = Gender.MALE, Gender.FEMALE
POOR, NEAR, DIFFICULT = Category.POOR, Category.NEAR_POOR, Category.ESPECIALLY_DIFFICULT
HOUSEHOLDS = [
    ("Hồ Văn Lục", M, "Xã Hướng Phùng", POOR, 5, "Nhà tạm vách gỗ, mái tôn dột nát"),
    ("Hồ Thị Nhung", F, "Xã Hướng Phùng", POOR, 4, "Chồng mất, nuôi ba con nhỏ, nhà tạm"),
    ("Hồ Văn Tiến", M, "Xã Hướng Phùng", POOR, 6, "Nhà sàn xuống cấp sau bão số 5"),
    ("Hồ Thị Pây", F, "Xã Hướng Phùng", DIFFICULT, 3, "Bệnh thận mãn tính, chạy thận định kỳ"),
    ("Hồ Văn Khăm", M, "Xã Hướng Phùng", NEAR, 5, "Nhà bị sạt lở một phần tháng 10/2025"),
    ("Hồ Văn Thoong", M, "Xã Đakrông", POOR, 6, "Nhà tranh tre, không có công trình phụ"),
    ("Hồ Thị Xuân", F, "Xã Đakrông", POOR, 4, "Mẹ đơn thân, nhà tạm"),
    ("Hồ Văn Piêng", M, "Xã Đakrông", NEAR, 5, "Khuyết tật vận động sau tai nạn lao động"),
    ("Hồ Văn Đôi", M, "Xã A Dơi", POOR, 7, "Nhà gỗ mục, mái lá"),
    ("Hồ Thị Duyên", F, "Xã A Dơi", POOR, 3, "Chồng bệnh lao phổi, không có thu nhập ổn định"),
    ("Hồ Văn Thanh", M, "Xã Lìa", POOR, 5, "Nhà tạm dựng sau lũ năm 2020"),
    ("Hồ Thị Lan", F, "Xã Lìa", NEAR, 4, "Con bị bại não, cần chăm sóc thường xuyên"),
    ("Trần Văn Sáu", M, "Xã Ba Lòng", POOR, 4, "Mái nhà hư hỏng nặng, tường nứt"),
    ("Lê Thị Hoa", F, "Xã Ba Lòng", DIFFICULT, 2, "Người cao tuổi sống một mình, nhà dột"),
    ("Nguyễn Thị Bích", F, "Xã Gio Linh", POOR, 3, "Chồng mất, con đang học lớp 10"),
    ("Trần Văn Hòa", M, "Xã Gio Linh", NEAR, 5, "Nhà cấp bốn xuống cấp, con học lớp 8"),
    ("Lê Văn Tư", M, "Xã Gio Linh", POOR, 4, "Bệnh tiểu đường, con học lớp 11"),
    ("Phan Thị Cúc", F, "Xã Gio Linh", NEAR, 4, "Con học lớp 9, mẹ đơn thân"),
    ("Võ Văn Tài", M, "Xã Hải Lăng", POOR, 5, "Con học lớp 12, nhà đông con"),
    ("Nguyễn Văn Đông", M, "Xã Hải Lăng", NEAR, 4, "Nhà cấp bốn mái ngói vỡ sau bão"),
    ("Trần Thị Hạnh", F, "Xã Hải Lăng", POOR, 3, "Con học lớp 7, mẹ mắc bệnh tim"),
    ("Nguyễn Văn Lộc", M, "Xã Cồn Tiên", NEAR, 4, "Làm thuê theo mùa vụ, thu nhập bấp bênh"),
    ("Lê Thị Mận", F, "Xã Cồn Tiên", NEAR, 3, "Chồng mất sức lao động"),
    ("Phạm Văn Bảy", M, "Xã Cồn Tiên", NEAR, 6, "Nhà đông người phụ thuộc"),
    ("Hồ Văn Hưng", M, "Xã A Dơi", NEAR, 4, "Thiếu đất sản xuất"),
    ("Hồ Thị Bông", F, "Xã Đakrông", NEAR, 5, "Chồng đau yếu thường xuyên"),
    ("Hồ Văn Cường", M, "Xã Lìa", NEAR, 5, "Thiếu vốn sản xuất"),
    ("Trần Thị Thu", F, "Xã Ba Lòng", NEAR, 3, "Con nhỏ, không có nghề ổn định"),
    ("Hồ Văn Rin", M, "Xã Hướng Phùng", POOR, 6, "Nhà tạm, vách ván, nền đất"),
    ("Hồ Thị Mây", F, "Xã Đakrông", POOR, 4, "Nhà tạm dột nát"),
    ("Hồ Văn Kiên", M, "Xã A Dơi", POOR, 5, "Nhà gỗ xuống cấp"),
    ("Hồ Văn Sơn", M, "Xã Lìa", POOR, 4, "Nhà tạm sau lũ"),
    ("Trần Văn Lợi", M, "Xã Ba Lòng", POOR, 5, "Nhà cấp bốn hư hỏng nặng"),
    ("Hồ Văn Nhanh", M, "Xã A Dơi", POOR, 5, "Nhà tranh dột nát, phải ở nhờ nhà anh trai"),
]
# Households named in full on public pages, with their consent and its date.
CONSENTS = {
    "Hồ Văn Lục": (Consent.FULL_NAME, D(2025, 11, 18)),
    "Hồ Văn Nhanh": (Consent.STORY, D(2024, 8, 12)),
}

# What happened to each new house of the first decision: stage → day (None: not yet).
HOUSE_STORIES = {
    "Hồ Văn Lục": (D(2025, 12, 8), D(2026, 3, 20), D(2026, 4, 2)),
    "Hồ Thị Nhung": (D(2025, 12, 8), D(2026, 3, 28), D(2026, 4, 10)),
    "Hồ Văn Tiến": (D(2025, 12, 15), D(2026, 4, 6), D(2026, 4, 18)),
    "Hồ Văn Thoong": (D(2025, 12, 12), D(2026, 4, 15), D(2026, 4, 30)),
    "Hồ Thị Xuân": (D(2026, 1, 5), D(2026, 5, 8), D(2026, 5, 19)),
    "Hồ Văn Đôi": (D(2026, 1, 10), D(2026, 5, 20), D(2026, 6, 2)),
    "Hồ Thị Duyên": (D(2026, 3, 2), None, None),  # late: the site flooded in the spring
    "Hồ Văn Thanh": (D(2026, 9, 14), None, None),  # under construction
}
REPAIRS = {
    "Trần Văn Sáu": (D(2025, 12, 10), D(2026, 1, 20), D(2026, 1, 25)),
    "Lê Thị Hoa": (D(2025, 12, 10), D(2026, 1, 15), D(2026, 1, 22)),
    "Nguyễn Văn Đông": (D(2025, 12, 18), D(2026, 2, 3), D(2026, 2, 6)),
}
# Repairs decided and paid by the commune fund of Hướng Phùng.
COMMUNE_REPAIRS = {
    "Hồ Thị Pây": (D(2025, 12, 15), D(2026, 2, 10), D(2026, 2, 14)),
    "Hồ Văn Khăm": (D(2026, 10, 12), None, None),  # under construction
}
SCHOLARSHIPS = {
    "Xã Gio Linh": ["Nguyễn Thị Bích", "Trần Văn Hòa", "Lê Văn Tư", "Phan Thị Cúc"],
    "Xã Hải Lăng": ["Võ Văn Tài", "Trần Thị Hạnh"],
}
HEALTH_CARDS = [
    "Nguyễn Văn Lộc", "Lê Thị Mận", "Phạm Văn Bảy", "Hồ Văn Hưng", "Hồ Thị Bông",
    "Hồ Văn Cường", "Trần Thị Thu", "Hồ Văn Piêng", "Hồ Thị Lan",
]  # fmt: skip
WAITING_2026 = ["Hồ Văn Rin", "Hồ Thị Mây", "Hồ Văn Kiên", "Hồ Văn Sơn", "Trần Văn Lợi"]
PEOPLE = {
    # username: (given name, family and middle names, groups)
    "mattran": ("Hùng", "Hoàng Văn", [FRONT_STAFF]),
    "banvandong": ("Thảo", "Nguyễn Thị", [FRONT_STAFF, FUND_BOARD]),
}


def load():
    province = Area.objects.filter(slug="quang-tri").first()
    fund = Fund.objects.filter(name=FUND_NAME).first()
    if province is None or fund is None:
        return
    with transaction.atomic():
        levels = _levels(province)
        communes = {
            area.name: area for area in Area.objects.filter(level=Area.Level.COMMUNE).current()
        }
        households = _households(communes)
        commune_funds = _commune_funds(fund, communes)
        if Decision.objects.filter(title=FIRST_TITLE).exists():
            return
        staff, board = _people()
        campaigns = {c.slug: c for c in CampaignPage.objects.all()}
        past = campaigns.get("ngay-vi-nguoi-ngheo-2025")
        _receipts_2025(fund, past, communes)
        for name, (_fund_name, amount) in COMMUNE_FUNDS.items():
            transfer_between_funds(
                from_fund=fund,
                to_fund=commune_funds[name],
                amount=amount,
                transferred_on=ALLOCATED_ON,
                user=staff,
                reference=f"UNC-{ALLOCATED_ON:%Y%m%d}-{len(name)}",
                content="Phân bổ Quỹ Vì người nghèo năm 2025 cho cấp xã",
                campaign=past,
            )
        people = (staff, board)
        payments = []  # paid below in date order, so that voucher numbers follow the dates
        _houses(fund, past, levels["new"], households, HOUSE_STORIES, FIRST_TITLE, "01", people,
                payments)  # fmt: skip
        _houses(
            fund, past, levels["repair"], households, REPAIRS,
            "Hỗ trợ sửa chữa nhà ở cho hộ nghèo năm 2025", "02", people, payments,
        )  # fmt: skip
        _houses(
            commune_funds["Xã Hướng Phùng"], past, levels["repair"], households, COMMUNE_REPAIRS,
            "Hỗ trợ sửa chữa nhà ở cho hộ nghèo xã Hướng Phùng năm 2025", "07", people, payments,
        )  # fmt: skip
        _health_cards(fund, past, levels["health"], households, people, payments)
        _story_house(fund, province, households, people)
        for commune, names in SCHOLARSHIPS.items():
            _scholarships(commune_funds[commune], past, levels["scholarship"], households, names,
                          people, payments)  # fmt: skip
        for line, payment in sorted(payments, key=lambda item: (item[1]["paid_on"], item[0].pk)):
            services.pay_line(line, user=staff, **payment)
        current = campaigns.get("ngay-vi-nguoi-ngheo-2026")
        services.propose_decision(
            fund=fund,
            campaign=current,
            support_level=levels["new"],
            title="Hỗ trợ xây mới nhà Đại đoàn kết cho hộ nghèo năm 2026 (đợt 1)",
            beneficiaries=[households[name] for name in WAITING_2026],
            user=staff,
        )


def _levels(province):
    number, day, issuer = LEVEL_DECISION
    levels = {}
    for key, (name, support_type, amount, unit) in LEVELS.items():
        levels[key], _created = SupportLevel.objects.get_or_create(
            name=name,
            decision_number=number,
            defaults={
                "support_type": support_type,
                "amount": amount,
                "unit": unit,
                "province": province,
                "valid_from": D(2024, 11, 10),
                "decision_date": day,
                "issuer": issuer,
            },
        )
    return levels


def _cccd(index):
    return f"045{1960 + index * 3 % 60:04d}{index * 7919 % 100000:05d}"


def _households(communes):
    households = {}
    for index, (name, gender, commune, category, members, reason) in enumerate(HOUSEHOLDS, 1):
        area = communes.get(commune)
        if area is None:
            continue
        consent, consent_on = CONSENTS.get(name, (Consent.MASKED, None))
        households[name], _created = Beneficiary.objects.get_or_create(
            head_name=name,
            commune=area,
            defaults={
                "head_gender": gender,
                "members_count": members,
                "category": category,
                "list_year": 2025,
                "cccd": _cccd(index),
                "phone": f"09{(index * 7654321) % 10**8:08d}",
                "address": f"Thôn {['Cheng', 'Tà Rụt', 'Ra Ty', 'Xa Ry', 'Hà Lệt'][index % 5]}, "
                f"{commune.replace('Xã ', 'xã ')}, tỉnh Quảng Trị",
                "bank_account": f"Agribank 39002{index:08d}",
                "support_reason": reason,
                "consent": consent,
                "consent_on": consent_on,
            },
        )
    return households


def _commune_funds(province_fund, communes):
    funds = {}
    for commune, (name, _amount) in COMMUNE_FUNDS.items():
        funds[commune], _created = Fund.objects.get_or_create(
            name=name,
            defaults={
                "level": Fund.Level.COMMUNE,
                "area": communes[commune],
                "parent": province_fund,
            },
        )
    return funds


def _people():
    User = get_user_model()
    people = []
    for username, (first, last, groups) in PEOPLE.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()  # ensure_demo_users gives the demo password
            user.save(update_fields=["password"])
            user.groups.add(*Group.objects.filter(name__in=groups))
        people.append(user)
    return people


def _earmarked_pledge(donor, campaign, communes):
    """A business adopts a commune: the wind-power company's pledge for house repairs in Hướng
    Phùng, paid with its 2025 gift, carried there by the allocation of 25/11/2025 and spent on
    the commune's repairs (donations.earmarks follows it)."""
    name, amount, support_type, label = EARMARK_2025
    commune = communes.get("Xã Hướng Phùng")
    if donor is None or donor.name != name or commune is None:
        return ()
    pledge = record_pledge(
        donor=donor,
        amount=amount,
        campaign=campaign,
        pledged_on=D(2025, 10, 17),
        due_on=D(2025, 10, 31),
        event="Lễ phát động Ngày vì người nghèo 17/10/2025",
        earmark_area=commune,
        earmark_support_type=support_type,
        earmark_label=label,
    )
    return [(pledge, amount)]


def _receipts_2025(fund, campaign, communes):
    if campaign is None:
        return
    for name, amount, day in RECEIPTS_2025:
        donor = Donor.objects.filter(name=name).first()
        memo = f"{name.upper()} UNG HO QUY VI NGUOI NGHEO 2025"
        if Receipt.objects.filter(memo=memo).exists():
            continue
        account = campaign.bank_accounts.first() or fund.bank_accounts.first()
        record_receipt(
            allocate_to=_earmarked_pledge(donor, campaign, communes) if donor else (),
            channel=Channel.BANK,
            amount=amount,
            received_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
            campaign=campaign,
            donor=donor,
            bank_account=account,
            bank_reference=f"FT25{day:%m%d}{amount // 1_000_000:06d}",
            payer_name=name.upper(),
            memo=memo,
        )


def _approved(fund, campaign, level, title, households, number, day, people, **kwargs):
    staff, board = people
    decision = services.propose_decision(
        fund=fund,
        campaign=campaign,
        support_level=level,
        title=title,
        beneficiaries=households,
        user=staff,
        **kwargs,
    )
    return services.approve_decision(decision, user=board, number=number, decided_on=day)


def _photo(house, stage, day):
    household = house.line.beneficiary
    scene = {"started": "fields", "completed": "house", "handed_over": "ceremony"}[stage]
    words = {"started": "Khởi công", "completed": "Hoàn thành", "handed_over": "Bàn giao"}[stage]
    caption = f"{words} nhà – {household.public_name()} – {day:%d/%m/%Y}"
    return demo_image(
        f"Nhà Đại đoàn kết {household.household_title()} – {words}", scene=scene, caption=caption
    )


def _story_house(fund, province, households, people):
    """The house of the demo's story about Hồ Văn Nhanh (2022, before this ledger was kept: the
    decision is recorded for history, paid before the ledger, so no voucher is made under it),
    linked to the story with the household's consent."""
    from stories.models import StoryPage

    household = households.get("Hồ Văn Nhanh")
    if household is None:
        return
    name, number, day = OLD_LEVEL
    level, _created = SupportLevel.objects.get_or_create(
        name=name,
        decision_number=number,
        defaults={
            "support_type": SupportType.HOUSE_NEW,
            "amount": 50_000_000,
            "unit": "căn",
            "province": province,
            "valid_from": day,
            "valid_until": D(2024, 11, 9),
            "decision_date": day,
            "issuer": LEVEL_DECISION[2],
        },
    )
    decision = _approved(
        fund, None, level, "Hỗ trợ xây mới nhà Đại đoàn kết cho hộ nghèo xã A Dơi năm 2022",
        [household], "08/QĐ-BVĐ", D(2022, 6, 15), people, paid_before_ledger=True,
    )  # fmt: skip
    staff = people[0]
    house = House.objects.get(line__decision=decision)
    for stage, on in (
        ("started", D(2022, 7, 1)),
        ("completed", D(2022, 9, 20)),
        ("handed_over", D(2022, 10, 10)),
    ):
        services.advance_house_stage(house, stage=stage, on=on, user=staff)
    story = StoryPage.objects.filter(title=STORY_TITLE).first()
    if story is not None:
        services.link_story(decision.lines.get(), story=story, user=staff)


def _houses(fund, campaign, level, households, stories, title, number, people, payments):
    staff, _board = people
    chosen = [households[name] for name in stories if name in households]
    decision = _approved(
        fund, campaign, level, title, chosen, f"{number}/QĐ-BVĐ", D(2025, 11, 20), people
    )
    today = timezone.localdate()
    for house in House.objects.filter(line__decision=decision).select_related("line__beneficiary"):
        line = house.line
        started, completed, handed = stories[line.beneficiary.head_name]
        half = line.amount // 2
        for stage, day in (("started", started), ("completed", completed), ("handed_over", handed)):
            if day is None or day > today:
                break
            services.advance_house_stage(
                house, stage=stage, on=day, user=staff, photos=[_photo(house, stage, day)]
            )
            if stage in ("started", "completed"):
                payments.append((line, {
                    "amount": half if stage == "started" else line.amount - half,
                    "method": "bank" if stage == "started" else "cash",
                    "paid_on": day,
                    "place": line.beneficiary.commune.name,
                }))  # fmt: skip
    return decision


def _health_cards(fund, campaign, level, households, people, payments):
    decision = _approved(
        fund, campaign, level, "Mua thẻ bảo hiểm y tế năm 2026 cho hộ cận nghèo",
        [households[name] for name in HEALTH_CARDS if name in households],
        "03/QĐ-BVĐ", D(2025, 12, 10), people,
    )  # fmt: skip
    for line in decision.lines.select_related("beneficiary__commune"):
        payments.append((line, {
            "amount": line.amount,
            "method": "bank",
            "paid_on": D(2025, 12, 22),
            "place": "Bảo hiểm xã hội tỉnh Quảng Trị",
        }))  # fmt: skip


def _scholarships(fund, campaign, level, households, names, people, payments):
    decision = _approved(
        fund, campaign, level, "Trao học bổng cho học sinh nghèo vượt khó năm học 2025–2026",
        [households[name] for name in names if name in households],
        "05/QĐ-MTTQ", D(2025, 12, 1), people,
    )  # fmt: skip
    for line in decision.lines.all():
        payments.append((line, {
            "amount": line.amount,
            "method": "cash",
            "paid_on": D(2025, 12, 20),
            "place": f"Hội trường Ủy ban MTTQ {fund.area.name.replace('Xã ', 'xã ')}",
        }))  # fmt: skip
