"""Demo donors: businesses, units, households, people and overseas Vietnamese of Quảng Trị.

Every name, phone number, e-mail address and tax code here is made up (e-mails use the
reserved example.vn domain); any likeness to a real business or person is a coincidence.
"""

import random

from donations.models import Disclosure, DonorKind

# (name, kind, disclosure, commune)
ORGANISATIONS = [
    ("Công ty CP Xây dựng Thành Cổ", DonorKind.BUSINESS, Disclosure.ORGANISATION, "Xã Triệu Phong"),
    ("Công ty TNHH Cà phê Khe Sanh", DonorKind.BUSINESS, Disclosure.ORGANISATION, "Xã Khe Sanh"),
    ("Công ty CP Vật liệu xây dựng Đông Hà", DonorKind.BUSINESS, Disclosure.ORGANISATION, None),
    ("Công ty TNHH Thủy sản Cửa Việt", DonorKind.BUSINESS, Disclosure.ORGANISATION, "Xã Cửa Việt"),
    ("Công ty CP Gỗ Hướng Hóa", DonorKind.BUSINESS, Disclosure.ORGANISATION, "Xã Lao Bảo"),
    ("Công ty TNHH Vận tải Lao Bảo", DonorKind.BUSINESS, Disclosure.ORGANISATION, "Xã Lao Bảo"),
    ("Công ty CP Năng lượng Gió Hướng Linh", DonorKind.BUSINESS, Disclosure.ORGANISATION, None),
    ("Công ty TNHH Thương mại Vĩnh Linh", DonorKind.BUSINESS, Disclosure.ORGANISATION, None),
    ("Công ty CP Xi măng Đồng Lâm Miền Trung", DonorKind.BUSINESS, Disclosure.ORGANISATION, None),
    ("Công ty TNHH Dược phẩm Bến Hải", DonorKind.BUSINESS, Disclosure.ANONYMOUS, None),
    ("Doanh nghiệp tư nhân Hòa Bình", DonorKind.BUSINESS, Disclosure.ORGANISATION, "Xã Gio Linh"),
    ("Hợp tác xã Nông nghiệp Cồn Tiên", DonorKind.BUSINESS, Disclosure.ORGANISATION, "Xã Cồn Tiên"),
    ("Hợp tác xã Hồ tiêu Vĩnh Linh", DonorKind.BUSINESS, Disclosure.ORGANISATION, "Xã Vĩnh Linh"),
    (
        "Ngân hàng TMCP Đông Trường Sơn – Chi nhánh Quảng Trị",
        DonorKind.BUSINESS,
        Disclosure.ORGANISATION,
        None,
    ),
    ("Công đoàn ngành Giáo dục tỉnh", DonorKind.ORGANISATION, Disclosure.ORGANISATION, None),
    ("Hội Doanh nhân trẻ tỉnh", DonorKind.ORGANISATION, Disclosure.ORGANISATION, None),
    ("Bệnh viện Đa khoa tỉnh", DonorKind.ORGANISATION, Disclosure.ORGANISATION, None),
    ("Trường THPT Chuyên Lê Quý Đôn", DonorKind.ORGANISATION, Disclosure.ORGANISATION, None),
    ("Hội Liên hiệp Phụ nữ tỉnh", DonorKind.ORGANISATION, Disclosure.ORGANISATION, None),
    ("Tỉnh đoàn", DonorKind.ORGANISATION, Disclosure.ORGANISATION, None),
    (
        "Ủy ban MTTQ Việt Nam xã Hướng Phùng",
        DonorKind.ORGANISATION,
        Disclosure.ORGANISATION,
        "Xã Hướng Phùng",
    ),
    ("Chùa Sắc Tứ Tịnh Quang", DonorKind.ORGANISATION, Disclosure.ORGANISATION, None),
    (
        "Hội Cựu chiến binh xã Gio Linh",
        DonorKind.ORGANISATION,
        Disclosure.ORGANISATION,
        "Xã Gio Linh",
    ),
    ("Câu lạc bộ Thiện nguyện Đông Hà", DonorKind.ORGANISATION, Disclosure.ORGANISATION, None),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE_MEN = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân"]
MIDDLE_WOMEN = ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Bích", "Diệu"]
GIVEN_MEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phúc"]
GIVEN_WOMEN = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hương", "Lan", "Mai", "Ngọc", "Oanh", "Trang"]
COUNTRIES = ["Hoa Kỳ", "Úc", "Pháp", "Đức", "Nhật Bản", "Hàn Quốc", "Canada", "Séc"]
COMMUNES = ["Xã Khe Sanh", "Xã Gio Linh", "Xã Cửa Việt", "Xã Vĩnh Linh", "Xã Hướng Phùng", None]
STREETS = ["Lê Duẩn", "Hùng Vương", "Trần Hưng Đạo", "Nguyễn Huệ", "Quốc lộ 9", "Lý Thường Kiệt"]
DISCLOSURES = [
    Disclosure.ANONYMOUS,
    Disclosure.ANONYMOUS,
    Disclosure.ANONYMOUS,
    Disclosure.MASKED,
    Disclosure.MASKED,
    Disclosure.FULL_NAME,
]


def _person(rng):
    woman = rng.random() < 0.5
    middle = rng.choice(MIDDLE_WOMEN if woman else MIDDLE_MEN)
    given = rng.choice(GIVEN_WOMEN if woman else GIVEN_MEN)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def donor_specs(seed=2026):
    """~60 donors as dicts for Donor(**spec); the same list on every run."""
    rng = random.Random(seed)
    specs = []
    for index, (name, kind, disclosure, commune) in enumerate(ORGANISATIONS):
        specs.append(
            {
                "name": name,
                "kind": kind,
                "public_display": disclosure,
                "area_name": commune,
                "phone": f"0233{3850000 + index * 137:07d}",
                "email": f"lienhe{index + 1}@doanhnghiep.example.vn",
                "address": f"{rng.randint(1, 300)} {rng.choice(STREETS)}, Quảng Trị",
                "tax_code": f"3200{rng.randint(100000, 999999)}"
                if kind == DonorKind.BUSINESS
                else "",
            }
        )
    seen = {spec["name"] for spec in specs}
    while len(specs) < 52:
        name = _person(rng)
        if name in seen:
            continue
        seen.add(name)
        household = len(specs) % 7 == 0
        specs.append(
            {
                "name": f"Gia đình ông {name}" if household else name,
                "kind": DonorKind.HOUSEHOLD if household else DonorKind.INDIVIDUAL,
                "public_display": rng.choice(DISCLOSURES),
                "area_name": rng.choice(COMMUNES),
                "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
                "email": f"nguoiungho{len(specs)}@example.vn" if rng.random() < 0.6 else "",
                "address": f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
                "tax_code": "",
            }
        )
    while len(specs) < 60:
        name = _person(rng)
        if name in seen:
            continue
        seen.add(name)
        specs.append(
            {
                "name": name,
                "kind": DonorKind.OVERSEAS,
                "public_display": rng.choice([Disclosure.FULL_NAME, Disclosure.MASKED]),
                "area_name": None,
                "phone": f"+1 408 555 {rng.randint(1000, 9999)}",
                "email": f"kieubao{len(specs)}@example.vn",
                "address": rng.choice(COUNTRIES),
                "tax_code": "",
                "organisation": f"Kiều bào tại {rng.choice(COUNTRIES)}",
            }
        )
    return specs
