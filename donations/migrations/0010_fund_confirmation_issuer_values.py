"""Fill in who issues the confirmations of existing funds from each fund's area.

"Tỉnh Quảng Trị" gives "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị" and the place
"Quảng Trị"; names staff already typed are kept. The signer is left for staff to enter.
"""

from django.db import migrations

COMMITTEE = "Ủy ban Mặt trận Tổ quốc Việt Nam"
UNIT_WORDS = ("Thành phố", "Thị trấn", "Đặc khu", "Phường", "Huyện", "Tỉnh", "Xã", "Quận")


def place_of(area_name):
    for word in UNIT_WORDS:
        if area_name.startswith(word + " "):
            return area_name[len(word) + 1 :]
    return area_name


def fill(apps, schema_editor):
    Fund = apps.get_model("donations", "Fund")
    for fund in Fund.objects.select_related("area").order_by("pk"):
        area_name = fund.area.name.strip()
        changed = []
        if not fund.committee_name and area_name:
            fund.committee_name = f"{COMMITTEE} {area_name[:1].lower()}{area_name[1:]}"
            changed.append("committee_name")
        if not fund.place_name and area_name:
            fund.place_name = place_of(area_name)
            changed.append("place_name")
        if changed:
            fund.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("donations", "0009_fund_confirmation_issuer")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
