"""Demo administrative units: Quảng Trị before and after the 1/7/2025 reform.

The place names are real, but this is a demo subset and the merger links below are
illustrative: load the official list (Resolution 1680/NQ-UBTVQH15 and the national codes)
before relying on it. What the demo shows is the shape of the data: the province; the old
districts and their communes, valid until 30/06/2025, each commune pointing at the new commune
that took it over; and the new communes, valid from 01/07/2025, directly under the province.
"""

import datetime
import re

from sitewide.models import Area
from sitewide.text import fold

PROVINCE = "Tỉnh Quảng Trị"
LAST_DAY_OF_DISTRICTS = datetime.date(2025, 6, 30)
FIRST_DAY_OF_TWO_LEVELS = datetime.date(2025, 7, 1)

# Old district → {old commune or township: the new commune it merged into}.
DISTRICTS = {
    "Huyện Hướng Hóa": {
        "Thị trấn Khe Sanh": "Xã Khe Sanh",
        "Xã Tân Hợp": "Xã Khe Sanh",
        "Thị trấn Lao Bảo": "Xã Lao Bảo",
        "Xã Tân Thành": "Xã Lao Bảo",
        "Xã Tân Long": "Xã Lao Bảo",
        "Xã Hướng Phùng": "Xã Hướng Phùng",
        "Xã Hướng Sơn": "Xã Hướng Phùng",
        "Xã Hướng Linh": "Xã Hướng Phùng",
        "Xã A Dơi": "Xã A Dơi",
        "Xã Ba Tầng": "Xã A Dơi",
        "Xã Thanh": "Xã Lìa",
        "Xã A Túc": "Xã Lìa",
    },
    "Huyện Đakrông": {
        "Thị trấn Krông Klang": "Xã Hướng Hiệp",
        "Xã Hướng Hiệp": "Xã Hướng Hiệp",
        "Xã Mò Ó": "Xã Hướng Hiệp",
        "Xã Đakrông": "Xã Đakrông",
        "Xã Tà Rụt": "Xã Tà Rụt",
        "Xã A Vao": "Xã Tà Rụt",
        "Xã A Ngo": "Xã La Lay",
        "Xã A Bung": "Xã La Lay",
        "Xã Ba Lòng": "Xã Ba Lòng",
    },
    "Huyện Gio Linh": {
        "Thị trấn Gio Linh": "Xã Gio Linh",
        "Xã Gio Mỹ": "Xã Gio Linh",
        "Xã Gio Sơn": "Xã Gio Linh",
        "Thị trấn Cửa Việt": "Xã Cửa Việt",
        "Xã Gio Việt": "Xã Cửa Việt",
        "Xã Gio An": "Xã Cồn Tiên",
    },
    "Huyện Vĩnh Linh": {
        "Thị trấn Hồ Xá": "Xã Vĩnh Linh",
        "Xã Vĩnh Long": "Xã Vĩnh Linh",
        "Thị trấn Cửa Tùng": "Xã Cửa Tùng",
        "Xã Vĩnh Giang": "Xã Cửa Tùng",
        "Xã Vĩnh Ô": "Xã Bến Quan",
        "Xã Vĩnh Hà": "Xã Bến Quan",
    },
    "Huyện Cam Lộ": {
        "Thị trấn Cam Lộ": "Xã Cam Lộ",
        "Xã Cam Thành": "Xã Cam Lộ",
        "Xã Cam Hiếu": "Xã Hiếu Giang",
        "Xã Cam Tuyền": "Xã Hiếu Giang",
    },
    "Huyện Triệu Phong": {
        "Thị trấn Ái Tử": "Xã Ái Tử",
        "Xã Triệu Ái": "Xã Ái Tử",
        "Xã Triệu Thượng": "Xã Ái Tử",
        "Xã Triệu Độ": "Xã Triệu Phong",
        "Xã Triệu Lăng": "Xã Nam Cửa Việt",
    },
    "Huyện Hải Lăng": {
        "Thị trấn Diên Sanh": "Xã Hải Lăng",
        "Xã Hải Thọ": "Xã Hải Lăng",
        "Xã Hải Trường": "Xã Hải Lăng",
        "Xã Hải Phong": "Xã Nam Hải Lăng",
        "Xã Hải An": "Xã Nam Hải Lăng",
    },
    "Thành phố Đông Hà": {
        "Phường 1": "Phường Đông Hà",
        "Phường 5": "Phường Đông Hà",
        "Phường Đông Lương": "Phường Nam Đông Hà",
    },
}
_DISTRICT_WORDS = re.compile(r"^(huyen|thanh pho|thi xa) ")


def slug_of(name):
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def _save(name, slug, level, parent=None, valid_from=None, valid_until=None):
    area, _ = Area.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "level": level,
            "parent": parent,
            "valid_from": valid_from,
            "valid_until": valid_until,
        },
    )
    return area


def load():
    """Create or update the demo areas; returns an AreaBook to look them up by name."""
    province = _save(PROVINCE, "quang-tri", Area.Level.PROVINCE)
    new_communes = {}
    for successors in DISTRICTS.values():
        for new_name in successors.values():
            if new_name not in new_communes:
                new_communes[new_name] = _save(
                    new_name,
                    slug_of(new_name),
                    Area.Level.COMMUNE,
                    parent=province,
                    valid_from=FIRST_DAY_OF_TWO_LEVELS,
                )
    old_communes = {}
    for district_name, successors in DISTRICTS.items():
        district_slug = slug_of(district_name)
        district = _save(
            district_name,
            district_slug,
            Area.Level.DISTRICT,
            parent=province,
            valid_until=LAST_DAY_OF_DISTRICTS,
        )
        short = _DISTRICT_WORDS.sub("", fold(district_name)).replace(" ", "-")
        for old_name, new_name in successors.items():
            commune = _save(
                old_name,
                f"{slug_of(old_name)}-{short}",
                Area.Level.COMMUNE,
                parent=district,
                valid_until=LAST_DAY_OF_DISTRICTS,
            )
            if commune.successor_id != new_communes[new_name].pk:
                commune.successor = new_communes[new_name]
                commune.save(update_fields=["successor"])
            old_communes[old_name] = commune
    return AreaBook(province, old_communes, new_communes)


class AreaBook:
    """Finds the unit a story of a given day belongs to: the old commune before 1/7/2025, the
    new one from then on, so old stories keep the place names they were written with."""

    def __init__(self, province, old_communes, new_communes):
        self.province = province
        self.old = old_communes
        self.new = new_communes

    def on(self, name, day):
        if name in (None, PROVINCE):
            return self.province
        if day < FIRST_DAY_OF_TWO_LEVELS and name in self.old:
            return self.old[name]
        if name in self.new:
            return self.new[name]
        # A pre-merger name in a later story: the unit that took it over.
        return self.new[DISTRICT_SUCCESSORS[name]]

    def count(self):
        return 1 + len(DISTRICTS) + len(self.old) + len(self.new)


DISTRICT_SUCCESSORS = {old: new for communes in DISTRICTS.values() for old, new in communes.items()}
