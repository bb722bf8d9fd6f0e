"""Demo ledger, called by `manage.py load_demo_content` after the campaign pages exist.

The province's Fund with its bank accounts, each linked to the demo campaigns that show it;
about 60 donors; the pledges announced at the launch ceremony of 17/10/2026 (some paid, some
partly, some overdue, one cancelled, one in kind); gifts by every channel for the 2026 and
2025 drives; and one receipt reversed with a reason. Everything goes through the ledger's
services, as staff would record it. Running it again changes nothing: the ledger part is
skipped once the ceremony's pledges exist, and a campaign that has accounts keeps them.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from campaigns.models import CampaignPage
from donations.models import BankAccount, CampaignFund, Channel, Donor, Fund, Pledge
from donations.services import (
    allocate,
    cancel_pledge,
    record_pledge,
    record_receipt,
    reverse_receipt,
)
from sitewide.models import Area

from .people import donor_specs

CEREMONY = "Lễ phát động Ngày vì người nghèo 17/10/2026"
CEREMONY_DAY = datetime.date(2026, 10, 17)
FUND_NAME = "Quỹ Vì người nghèo tỉnh Quảng Trị"
COMMUNE_FUND_NAME = "Quỹ Vì người nghèo xã Hướng Phùng"
HOLDER = "Ban Vận động Quỹ Vì người nghèo tỉnh Quảng Trị"
# Who signs the province fund's confirmations of donation (the address and name are made up).
ISSUER = {
    "committee_name": "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị",
    "committee_address": "Số 01 Trần Hưng Đạo, phường Đông Hà, tỉnh Quảng Trị",
    "place_name": "Quảng Trị",
    "signing_for": "TM. Ban Thường trực",
    "signer_title": "Phó Chủ tịch",
    "signer_name": "Lê Thị Thu Hà",
}

# Account numbers are made up; bank names and BINs are real (docs/vietqr.md §1).
ACCOUNTS = [
    ("Vietcombank", "970436", "0771000160160", "Chi nhánh Quảng Trị"),
    ("VietinBank", "970415", "118000160226", "Chi nhánh Quảng Trị"),
    ("BIDV", "970418", "54010000160917", "Chi nhánh Đông Hà"),
    ("Agribank", "970405", "3900201160888", "Chi nhánh tỉnh Quảng Trị II"),
]
# The accounts each demo campaign (campaigns.demo, by slug) shows its donors.
CAMPAIGN_ACCOUNTS = {
    "ngay-vi-nguoi-ngheo-2026": ["0771000160160", "118000160226", "54010000160917"],
    "ngay-vi-nguoi-ngheo-2025": ["0771000160160", "118000160226", "3900201160888"],
    "ngay-vi-nguoi-ngheo-2024": ["0771000160160", "3900201160888"],
}

# (donor index, amount, due date, what happens): "paid", "partly", "open", "over",
# "cancel", "goods".
PLEDGES = [
    (0, 2_000_000_000, datetime.date(2026, 10, 31), "paid"),
    (1, 500_000_000, datetime.date(2026, 11, 15), "partly"),
    (2, 1_200_000_000, datetime.date(2026, 10, 31), "partly"),
    (3, 300_000_000, datetime.date(2026, 11, 15), "paid"),
    (4, 800_000_000, datetime.date(2026, 11, 15), "open"),
    (5, 150_000_000, datetime.date(2026, 10, 31), "open"),
    (6, 3_000_000_000, datetime.date(2026, 12, 31), "partly"),
    (7, 200_000_000, datetime.date(2026, 11, 15), "over"),
    (8, 900_000_000, datetime.date(2026, 11, 30), "goods"),
    (9, 100_000_000, datetime.date(2026, 11, 15), "paid"),
    (10, 50_000_000, datetime.date(2026, 11, 15), "cancel"),
    (11, 120_000_000, datetime.date(2026, 11, 30), "paid"),
    (12, 60_000_000, datetime.date(2026, 11, 15), "open"),
    (13, 1_000_000_000, datetime.date(2026, 11, 15), "paid"),
    (14, 450_000_000, datetime.date(2026, 11, 18), "partly"),
    (15, 250_000_000, datetime.date(2026, 11, 18), "paid"),
    (16, 180_000_000, datetime.date(2026, 11, 18), "open"),
    (17, 90_000_000, datetime.date(2026, 12, 15), "open"),
    (18, 300_000_000, datetime.date(2026, 11, 18), "partly"),
    (19, 200_000_000, datetime.date(2026, 11, 18), "paid"),
]


def load():
    province = Area.objects.filter(slug="quang-tri").first()
    if province is None:
        return
    with transaction.atomic():
        fund = _funds(province)
        campaigns = _link_campaigns(fund, _accounts(fund))
        current = campaigns.get("ngay-vi-nguoi-ngheo-2026")
        if current is None or Pledge.objects.filter(campaign=current, event=CEREMONY).exists():
            return
        donors = _donors()
        rng = random.Random(17102026)
        _ceremony(current, donors, fund, rng)
        _small_gifts(current, donors, fund, rng, count=140)
        past = campaigns.get("ngay-vi-nguoi-ngheo-2025")
        if past is not None:
            _small_gifts(past, donors, fund, rng, count=40)


def _funds(province):
    fund, _created = Fund.objects.get_or_create(
        name=FUND_NAME, defaults={"level": Fund.Level.PROVINCE, "area": province}
    )
    if not fund.signer_name:
        for field, value in ISSUER.items():
            setattr(fund, field, value)
        fund.save(update_fields=list(ISSUER))
    commune = Area.objects.filter(name="Xã Hướng Phùng", level=Area.Level.COMMUNE).first()
    if commune is not None:
        Fund.objects.get_or_create(
            name=COMMUNE_FUND_NAME,
            defaults={"level": Fund.Level.COMMUNE, "area": commune, "parent": fund},
        )
    BankAccount.objects.filter(fund__isnull=True).update(fund=fund)
    return fund


def _accounts(fund):
    by_number = {}
    for bank_name, bank_bin, number, branch in ACCOUNTS:
        account, _created = BankAccount.objects.get_or_create(
            bank_bin=bank_bin,
            account_number=number,
            defaults={"bank_name": bank_name, "holder": HOLDER, "branch": branch, "fund": fund},
        )
        by_number[number] = account
    return by_number


def _link_campaigns(fund, accounts):
    """Each campaign to the fund and, unless staff already chose its accounts, to the demo's."""
    campaigns = {}
    for campaign in CampaignPage.objects.all():
        CampaignFund.objects.get_or_create(campaign=campaign, defaults={"fund": fund})
        numbers = CAMPAIGN_ACCOUNTS.get(campaign.slug, ())
        if numbers and not campaign.bank_accounts.exists():
            campaign.bank_accounts.add(*(accounts[number] for number in numbers))
        campaigns[campaign.slug] = campaign
    return campaigns


def _donors():
    areas = {area.name: area for area in Area.objects.filter(level=Area.Level.COMMUNE)}
    donors = []
    for spec in donor_specs():
        spec = dict(spec)
        area = areas.get(spec.pop("area_name"))
        donor, _created = Donor.objects.get_or_create(
            name=spec.pop("name"), defaults={**spec, "area": area}
        )
        donors.append(donor)
    return donors


def _moment(day, rng, latest):
    moment = timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(rng.randint(7, 20), rng.randint(0, 59)))
    )
    return min(moment, latest)


def _bank(fund, rng):
    return rng.choice(list(fund.bank_accounts.filter(is_active=True))) if fund else None


def _transfer(campaign, donor, amount, when, account, memo, rng, pledge=None):
    return record_receipt(
        channel=Channel.BANK,
        amount=amount,
        received_at=when,
        campaign=campaign,
        donor=donor,
        bank_account=account,
        bank_reference=f"FT26{rng.randint(10**9, 10**10 - 1)}",
        payer_name=donor.name.upper() if donor else "",
        memo=memo,
        allocate_to=[(pledge, None)] if pledge else (),
    )


def _ceremony(campaign, donors, fund, rng):
    latest = timezone.now() - datetime.timedelta(hours=1)
    if latest.date() <= CEREMONY_DAY:
        return
    for index, amount, due, fate in PLEDGES:
        donor = donors[index]
        goods = fate == "goods"
        pledge = record_pledge(
            donor=donor,
            campaign=campaign,
            amount=amount,
            pledged_on=CEREMONY_DAY,
            due_on=due,
            event=CEREMONY,
            in_kind=goods,
            goods_description="500 tấn xi măng PCB40 giao tại công trình" if goods else "",
        )
        when = _moment(CEREMONY_DAY + datetime.timedelta(days=rng.randint(3, 25)), rng, latest)
        memo = f"MBVCB.{rng.randint(10**9, 10**10 - 1)}.{pledge.code} ung ho Quy vi nguoi ngheo"
        account = _bank(fund, rng)
        if fate in ("paid", "over"):
            extra = 20_000_000 if fate == "over" else 0
            receipt = _transfer(campaign, donor, amount + extra, when, account, memo, rng)
            allocate(receipt, pledge, amount + extra)
        elif fate == "partly":
            for part in (amount // 4, amount // 5):
                receipt = _transfer(campaign, donor, part, when, account, memo, rng, pledge)
                when = _moment(when.date() + datetime.timedelta(days=3), rng, latest)
        elif fate == "goods":
            record_receipt(
                channel=Channel.IN_KIND,
                amount=amount // 2,
                received_at=when,
                campaign=campaign,
                donor=donor,
                goods_description="250 tấn xi măng PCB40 (đợt 1)",
                goods_quantity=250,
                goods_unit="tấn",
                allocate_to=[(pledge, None)],
            )
        elif fate == "cancel":
            cancel_pledge(pledge, reason="Doanh nghiệp tạm dừng hoạt động, xin rút đăng ký")


def _small_gifts(campaign, donors, fund, rng, count):
    """Gifts of people and households by cash, transfer and online, over the drive."""
    latest = timezone.now() - datetime.timedelta(hours=1)
    last_day = min(campaign.end_date, latest.date())
    span = (last_day - campaign.start_date).days
    if span < 1:
        return
    people = donors[24:]
    amounts = [100_000, 200_000, 200_000, 300_000, 500_000, 500_000, 1_000_000, 2_000_000]
    duplicate = None
    for number in range(count):
        donor = rng.choice(people) if rng.random() < 0.7 else None
        when = _moment(
            campaign.start_date + datetime.timedelta(days=rng.randint(0, span)), rng, latest
        )
        amount = rng.choice(amounts) * (10 if donor and donor.kind == "overseas" else 1)
        channel = rng.choice([Channel.CASH, Channel.BANK, Channel.BANK, Channel.ONLINE])
        details = {}
        if channel == Channel.CASH:
            details["receipt_book_number"] = f"Q{campaign.start_date.year % 100:02d}-{number:04d}"
        elif channel == Channel.BANK:
            details.update(
                bank_account=_bank(fund, rng),
                bank_reference=f"FT{rng.randint(10**9, 10**10 - 1)}",
                memo=f"{(donor.name if donor else 'NGUYEN VAN A').upper()} chuyen tien ung ho",
                payer_name=(donor.name if donor else "NGUYEN VAN A").upper(),
            )
        else:
            # VNPay numbers its transactions once for all campaigns (verify_ledger checks it).
            reference = 14_000_000 + campaign.pk * 10_000 + number
            details.update(gateway="vnpay", gateway_reference=str(reference))
        receipt = record_receipt(
            channel=channel,
            amount=amount,
            received_at=when,
            campaign=campaign,
            donor=donor,
            **details,
        )
        if channel == Channel.CASH and duplicate is None:
            duplicate = (receipt, details, donor, when, amount)
    if duplicate is not None:
        # The same cash receipt typed in twice: the copy is reversed, with its reason.
        original, details, donor, when, amount = duplicate
        copy = record_receipt(
            channel=Channel.CASH,
            amount=amount,
            received_at=when,
            campaign=campaign,
            donor=donor,
            **details,
        )
        reverse_receipt(
            copy,
            reason=f"Nhập trùng biên lai {details['receipt_book_number']} "
            f"(đã ghi ở phiếu {original.number})",
        )
