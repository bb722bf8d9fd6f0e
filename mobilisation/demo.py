"""Demo of mobilisation, called by home.demo after the ledger's demo: the launch ceremony of
17/10/2026 as a record (its pledges, already in the ledger's demo, linked to it), and a
rehearsal ceremony with a few pledges, to try live entry, the stage screen, boards, imports
and reminders on. Running it again changes nothing."""

import datetime

from django.db import transaction

from campaigns.models import CampaignPage
from donations.demo import CEREMONY, CEREMONY_DAY, ISSUER
from donations.models import Donor, Pledge

from .models import Ceremony, CeremonyPledge
from .services.ceremonies import announce_pledge

CAMPAIGN_SLUG = "ngay-vi-nguoi-ngheo-2026"
PLACE = "Hội trường Ủy ban MTTQ Việt Nam tỉnh, phường Đông Hà"
REHEARSAL = "Tổng duyệt Lễ phát động Tháng cao điểm “Vì người nghèo” 2026"
REHEARSAL_DAY = datetime.date(2026, 10, 16)
# (index among the demo businesses and organisations, amount, goods)
REHEARSAL_PLEDGES = [
    (0, 50_000_000, ""),
    (3, 120_000_000, ""),
    (5, 30_000_000, "2 tấn gạo ST25"),
]


def load():
    campaign = CampaignPage.objects.filter(slug=CAMPAIGN_SLUG).first()
    if campaign is None:
        return
    with transaction.atomic():
        _launch_ceremony(campaign)
        _rehearsal(campaign)


def _launch_ceremony(campaign):
    ceremony, _created = Ceremony.objects.get_or_create(
        name=CEREMONY,
        campaign=campaign,
        defaults={
            "held_on": CEREMONY_DAY,
            "place": PLACE,
            "committee": ISSUER["committee_name"],
        },
    )
    linked = CeremonyPledge.objects.values("pledge")
    for pledge in (
        Pledge.objects.filter(campaign=campaign, event=CEREMONY)
        .exclude(pk__in=linked)
        .order_by("pk")
    ):
        CeremonyPledge.objects.create(ceremony=ceremony, pledge=pledge)


def _rehearsal(campaign):
    ceremony, created = Ceremony.objects.get_or_create(
        name=REHEARSAL,
        campaign=campaign,
        defaults={
            "held_on": REHEARSAL_DAY,
            "place": PLACE,
            "committee": ISSUER["committee_name"],
            "pledges_due_on": datetime.date(2026, 12, 5),
        },
    )
    if ceremony.entries.exists():
        return
    donors = list(Donor.objects.filter(kind__in=["business", "organisation"]).order_by("pk"))
    if not donors:
        return
    for index, amount, goods in REHEARSAL_PLEDGES:
        announce_pledge(
            ceremony,
            donor=donors[index % len(donors)],
            amount=amount,
            in_kind=bool(goods),
            goods_description=goods,
            note="Cam kết tổng duyệt (dữ liệu mẫu)",
        )
