"""A support item with a support type counts, on the disclosure page, the decision lines whose
support level has that type, whatever the two names say: a scholarship item named after its
programme ("Nâng bước em đến trường") counts the lines of "Học bổng học sinh nghèo vượt khó",
and the new-house item "Nhà Đại đoàn kết" no longer counts "Sửa chữa nhà Đại đoàn kết".

The world's house decision (7/QĐ-BVĐ: the secret household, 60.000.000 paid in full) is the
one new house; here a repair and a scholarship decision are added. Expected figures by hand.
"""

import pytest
from django.urls import reverse

from campaigns.models import SupportItem
from disclosure import queries
from donations.models import SupportType, Voucher
from support import services as support_services
from support.models import House
from tests.support.conftest import DAY, make_level

FIELDS = ("approved", "funded", "started", "completed", "handed_over")


@pytest.fixture
def typed(world, django_capture_on_commit_callbacks):
    """world plus three typed items; a repair of the other commune's household (30.000.000
    paid, house completed); a scholarship for both households (the secret one's 5.000.000 paid
    in full, the other's 2.000.000 of 5.000.000); the world's new house started."""
    campaign = world.campaign
    SupportItem.objects.create(
        page=campaign, name="Nhà Đại đoàn kết", unit_cost=60_000_000, target_count=100,
        unit="căn", support_type=SupportType.HOUSE_NEW,
    )  # fmt: skip
    SupportItem.objects.create(
        page=campaign, name="Sửa chữa nhà ở", unit_cost=30_000_000, target_count=50,
        unit="căn", support_type=SupportType.HOUSE_REPAIR,
    )  # fmt: skip
    SupportItem.objects.create(
        page=campaign, name="Nâng bước em đến trường", unit_cost=5_000_000, target_count=400,
        unit="suất", support_type=SupportType.SCHOLARSHIP,
    )  # fmt: skip
    repair = make_level(SupportType.HOUSE_REPAIR, 30_000_000, name="Sửa chữa nhà Đại đoàn kết")
    scholarship = make_level(
        SupportType.SCHOLARSHIP, 5_000_000, name="Học bổng học sinh nghèo vượt khó", unit="suất"
    )
    pay = {"method": Voucher.Method.BANK, "paid_on": DAY, "user": world.front}
    with django_capture_on_commit_callbacks(execute=True):
        for level, number, households in (
            (repair, "11/QĐ-BVĐ", [world.other_household]),
            (scholarship, "05/QĐ-MTTQ", [world.household, world.other_household]),
        ):
            decision = support_services.propose_decision(
                fund=world.province_fund, support_level=level, title=number,
                beneficiaries=households, user=world.front, campaign=campaign,
            )  # fmt: skip
            decision = support_services.approve_decision(
                decision, user=world.board, number=number, decided_on=DAY
            )
            lines = {line.beneficiary_id: line for line in decision.lines.all()}
            if level == repair:
                line = lines[world.other_household.pk]
                support_services.pay_line(line, amount=30_000_000, **pay)
                house = House.objects.get(line=line)
                for stage in (House.Stage.STARTED, House.Stage.COMPLETED):
                    support_services.advance_house_stage(
                        house, stage=stage, on=DAY, user=world.front
                    )
            else:
                support_services.pay_line(lines[world.household.pk], amount=5_000_000, **pay)
                support_services.pay_line(lines[world.other_household.pk], amount=2_000_000, **pay)
        support_services.advance_house_stage(
            House.objects.get(line=world.line), stage=House.Stage.STARTED, on=DAY, user=world.front
        )
    return world


def progress(client, world):
    data = client.get(reverse("disclosure_json", args=[world.campaign.slug])).json()
    return {item["name"]: [item[field] for field in FIELDS] for item in data["support_items"]}


def test_a_typed_item_counts_the_lines_of_its_type_whatever_the_names(typed, client):
    assert progress(client, typed) == {
        # 7/QĐ-BVĐ only: paid in full, started; not the repair of the other household.
        "Nhà Đại đoàn kết": [1, 1, 1, 0, 0],
        # 11/QĐ-BVĐ: paid in full, started and completed.
        "Sửa chữa nhà ở": [1, 1, 1, 1, 0],
        # 05/QĐ-MTTQ: two households, one paid in full; no house.
        "Nâng bước em đến trường": [2, 1, 0, 0, 0],
    }


def test_by_type_with_a_commune_filter(typed):
    found = queries.support_progress(typed.campaign, commune_id=typed.other_commune.pk)
    # The other commune's household: the repair, and a scholarship paid 2.000.000 of 5.000.000.
    assert {item["name"]: [item[field] for field in FIELDS] for item in found} == {
        "Nhà Đại đoàn kết": [0, 0, 0, 0, 0],
        "Sửa chữa nhà ở": [1, 1, 1, 1, 0],
        "Nâng bước em đến trường": [1, 0, 0, 0, 0],
    }
