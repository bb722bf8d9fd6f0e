"""The demo's money out: a believable year, written through the services, that verify_ledger
accepts, and that a second load leaves as it was."""

import datetime
import io
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from disclosure.queries import distributed
from donations.integrity import registered
from donations.models import Fund, FundTransfer, Voucher
from home.demo import load_all
from support import services
from support.models import Beneficiary, Decision, House, HousePhoto

pytestmark = pytest.mark.django_db


def tiny_scene(key, caption="", scene=None):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 140, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def snapshot():
    return {
        "decisions": sorted(Decision.objects.values_list("title", "status")),
        "households": Beneficiary.objects.count(),
        "houses": sorted(House.objects.values_list("stage", flat=True)),
        "photos": HousePhoto.objects.count(),
        "vouchers": Voucher.objects.count(),
        "transfers": FundTransfer.objects.count(),
    }


def test_the_demo_year_of_money_out(monkeypatch):
    monkeypatch.setattr("sitewide.demo.images.draw_scene", tiny_scene)
    load_all()
    first = snapshot()
    load_all()
    assert snapshot() == first

    stages = Counter(first["houses"])
    assert stages[House.Stage.HANDED_OVER] > stages[House.Stage.STARTED] >= 2
    assert services.late_houses().count() == 1
    assert HousePhoto.objects.filter(stage=House.Stage.HANDED_OVER).exists()
    waiting = Decision.objects.filter(status=Decision.Status.PROPOSED)
    assert [d.campaign.slug for d in waiting] == ["ngay-vi-nguoi-ngheo-2026"]
    assert Decision.objects.filter(fund__level=Fund.Level.COMMUNE).exists()
    assert FundTransfer.objects.count() >= 3
    types = set(Voucher.objects.values_list("support_type", flat=True))
    assert {"house_new", "house_repair", "scholarship", "health_insurance"} <= types
    communes = Beneficiary.objects.filter(lines__isnull=False).values("commune").distinct()
    assert communes.count() >= 5
    assert Beneficiary.objects.exclude(consent="masked").count() >= 1

    failed = [check.name for check in registered() if not check.run().ok]
    assert failed == []

    # The province's allocations of 25/11/2025 are the 2025 drive's money: its disclosure
    # lists them as transfers to lower funds, apart from (not added to) the support paid.
    allocations = FundTransfer.objects.filter(from_fund__isnull=False, reversal__isnull=True)
    assert sorted(
        (t.to_fund.name, t.amount, t.campaign.slug, t.out_voucher.campaign.slug)
        for t in allocations
    ) == [
        ("Quỹ Vì người nghèo xã Gio Linh", 60_000_000, *["ngay-vi-nguoi-ngheo-2025"] * 2),
        ("Quỹ Vì người nghèo xã Hướng Phùng", 150_000_000, *["ngay-vi-nguoi-ngheo-2025"] * 2),
        ("Quỹ Vì người nghèo xã Hải Lăng", 40_000_000, *["ngay-vi-nguoi-ngheo-2025"] * 2),
    ]
    out = distributed(allocations.first().campaign)
    assert out["transfers_total"] == 250_000_000
    assert out["total"] == out["support"] > 0

    # The story's house of 2022 was paid before the ledger: recorded, never payable here.
    story = Decision.objects.get(number="08/QĐ-BVĐ", decided_on__year=2022)
    assert story.paid_before_ledger and story.lines.get().beneficiary.head_name == "Hồ Văn Nhanh"
    with pytest.raises(ValidationError):
        services.pay_line(
            story.lines.get(),
            amount=50_000_000,
            method="cash",
            paid_on=datetime.date(2026, 1, 5),
            user=story.proposed_by,
        )
    assert not Voucher.objects.filter(authority_key=story.lines.get().authority_key).exists()
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert "LỖI" not in out.getvalue() and "BROKEN" not in out.getvalue()
