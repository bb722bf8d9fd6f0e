"""Donors as a province's campaign night sees them, for the benchmarks (bench/ledger.py).

A few family names cover most people (Nguyễn about 38 %, then Trần, Lê, Phạm, Hoàng/Huỳnh, Phan,
Vũ/Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý and a long tail); men's middle name is mostly "Văn",
women's mostly "Thị"; given names follow a steep curve, so "nguyen van an" typed without marks
matches a great many gifts (and "Nguyễn Văn Anh" contains it too). About one donor in twelve is
an organisation (Công ty TNHH …, Trường …, Chi hội …, Ngân hàng … chi nhánh …), one in twenty-five
a household ("Gia đình ông …"), a few are Vietnamese abroad. How each is shown follows the
donor's choice: full name, shortened ("Nguyễn V. A."), the organisation's name, or anonymous
(the largest share, with the gifts of no known donor making an anonymous majority).
"""

import itertools

FAMILY = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 21),
    ("Phan", 45), ("Vũ", 20), ("Võ", 19), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 6), ("Trương", 6), ("Lâm", 4), ("Mai", 4),
    ("Đào", 4), ("Cao", 3), ("Lương", 3), ("Hà", 3), ("Tạ", 2), ("Châu", 2), ("Thái", 2),
    ("Lưu", 2), ("Tô", 2), ("Kiều", 1), ("Quách", 1), ("Tôn", 1), ("Triệu", 1), ("Khúc", 1),
]  # fmt: skip
MALE_MIDDLE = [
    ("Văn", 40), ("Đức", 8), ("Minh", 8), ("Hữu", 7), ("Quang", 6), ("Công", 6), ("Thanh", 5),
    ("Xuân", 4), ("Ngọc", 4), ("Hoàng", 3), ("Duy", 3), ("Quốc", 3), ("Trọng", 2), ("Tiến", 2),
]  # fmt: skip
FEMALE_MIDDLE = [
    ("Thị", 60), ("Ngọc", 6), ("Thu", 5), ("Thanh", 5), ("Minh", 4), ("Kim", 4), ("Hồng", 4),
    ("Phương", 3), ("Bích", 3), ("Mỹ", 2), ("Thúy", 2), ("Diệu", 1),
]  # fmt: skip
MALE_GIVEN = [
    "An", "Anh", "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Minh", "Long", "Cường", "Sơn",
    "Thắng", "Hoàng", "Huy", "Bình", "Trung", "Phong", "Quân", "Thành", "Việt", "Khoa",
    "Hiếu", "Phúc", "Vinh", "Đức", "Tâm", "Lộc", "Tài", "Hưng", "Toàn", "Kiên", "Thịnh",
]  # fmt: skip
FEMALE_GIVEN = [
    "Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Hà", "Ngọc", "Thảo", "Anh", "Phương",
    "Hằng", "Nhung", "Thu", "Yến", "Dung", "Hạnh", "Vân", "Chi", "Quỳnh", "My", "Tuyết",
    "Loan", "Oanh", "Hiền", "Nga", "Hồng", "Thủy", "Giang", "An",
]  # fmt: skip
PLACES = [
    "Quảng Trị", "Đông Hà", "Vĩnh Linh", "Gio Linh", "Cam Lộ", "Triệu Phong", "Hải Lăng",
    "Hướng Hóa", "Đakrông", "Cồn Cỏ", "Miền Trung", "Thành Cổ", "Hiền Lương", "Cửa Việt",
]  # fmt: skip
TRADES = [
    "Thép", "Xây dựng", "Thương mại", "Vận tải", "Dược phẩm", "Nông sản", "Thủy sản",
    "Gỗ", "Xăng dầu", "Điện máy", "Du lịch", "Cao su", "Cà phê", "Tin học",
]  # fmt: skip
BANKS = ["Vietcombank", "BIDV", "Agribank", "VietinBank", "Sacombank", "MB"]
SCHOOLS = ["Tiểu học", "THCS", "THPT", "Mầm non"]
UNIONS = [
    "Chi hội Phụ nữ thôn", "Chi hội Cựu chiến binh thôn", "Chi đoàn thôn",
    "Chi hội Nông dân thôn", "Hội Người cao tuổi thôn",
]  # fmt: skip


def _weighted(pairs):
    names = [name for name, _weight in pairs]
    cumulative = list(itertools.accumulate(weight for _name, weight in pairs))
    return names, cumulative


_FAMILY = _weighted(FAMILY)
_MALE_MIDDLE = _weighted(MALE_MIDDLE)
_FEMALE_MIDDLE = _weighted(FEMALE_MIDDLE)


def _steep(rng, names):
    """A given name on a steep curve: the n-th name is chosen about 1/n as often."""
    weights = getattr(_steep, "cache", {}).get(id(names))
    if weights is None:
        weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(names))))
        _steep.cache = {**getattr(_steep, "cache", {}), id(names): weights}
    return rng.choices(names, cum_weights=weights)[0]


def person(rng):
    family = rng.choices(_FAMILY[0], cum_weights=_FAMILY[1])[0]
    if rng.random() < 0.5:
        middle = rng.choices(_MALE_MIDDLE[0], cum_weights=_MALE_MIDDLE[1])[0]
        given = _steep(rng, MALE_GIVEN)
    else:
        middle = rng.choices(_FEMALE_MIDDLE[0], cum_weights=_FEMALE_MIDDLE[1])[0]
        given = _steep(rng, FEMALE_GIVEN)
    if rng.random() < 0.15:  # a second middle name: "Nguyễn Thị Thu Hà"
        given = f"{rng.choice(['Thu', 'Minh', 'Ngọc', 'Thanh', 'Hoàng', 'Bảo'])} {given}"
    return f"{family} {middle} {given}"


def organisation(rng, number):
    place = rng.choice(PLACES)
    shape = rng.random()
    if shape < 0.45:
        form = rng.choice(
            ["Công ty TNHH", "Công ty CP", "Công ty TNHH MTV", "Doanh nghiệp tư nhân"]
        )
        return f"{form} {rng.choice(TRADES)} {place} {number}", "business"
    if shape < 0.6:
        return f"Ngân hàng {rng.choice(BANKS)} chi nhánh {place} {number}", "business"
    if shape < 0.8:
        return f"Trường {rng.choice(SCHOOLS)} {place} {number}", "organisation"
    return f"{rng.choice(UNIONS)} {number} xã {place}", "organisation"


def donor(rng, number):
    """(name, kind, public display) of one donor."""
    shape = rng.random()
    if shape < 0.08:
        name, kind = organisation(rng, number)
        display = "organisation" if rng.random() < 0.85 else "anonymous"
        return name, kind, display
    if shape < 0.12:
        salutation = rng.choice(["Gia đình ông", "Gia đình bà", "Hộ ông", "Hộ bà"])
        kind = "household"
        name = f"{salutation} {person(rng)}"
    else:
        kind = "overseas" if rng.random() < 0.03 else "individual"
        name = person(rng)
    display = rng.choices(["full", "masked", "anonymous"], [35, 15, 50])[0]
    return name, kind, display


def gift_amount(rng, kind):
    """Most gifts are small; organisations give more, and a few give a great deal."""
    if kind in ("business", "organisation"):
        return rng.choice([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000]) * 1_000_000
    return rng.choices(
        [20_000, 50_000, 100_000, 200_000, 300_000, 500_000, 1_000_000, 2_000_000, 5_000_000,
         10_000_000, 50_000_000],
        [4, 14, 22, 18, 6, 16, 10, 5, 3, 1.5, 0.5],
    )[0]  # fmt: skip
