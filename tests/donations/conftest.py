"""Builders for the ledger's tests, also used by giving's, reconciliation's and the whole site's:
funds, bank accounts, donors, a campaign linked to its fund, moments in Vietnam's time zone."""

import datetime
import itertools

import pytest
from django.utils import timezone

from donations.models import BankAccount, CampaignFund, Donor, DonorKind, Fund
from sitewide.models import Area
from tests.campaigns.conftest import make_campaign

_counter = itertools.count(1)


def at(day, hour=9, minute=0):
    """An aware moment in Asia/Ho_Chi_Minh: at(datetime.date(2026, 10, 17), 14)."""
    naive = datetime.datetime.combine(day, datetime.time(hour, minute))
    return timezone.make_aware(naive)


def make_province(name="Tỉnh Quảng Trị"):
    area, _created = Area.objects.get_or_create(
        slug=f"ledger-{next(_counter)}", defaults={"name": name, "level": Area.Level.PROVINCE}
    )
    return area


def make_fund(area=None, name="Quỹ Vì người nghèo tỉnh Quảng Trị", **kwargs):
    area = area or make_province()
    return Fund.objects.create(
        name=name, level=kwargs.pop("level", Fund.Level.PROVINCE), area=area, **kwargs
    )


def make_bank_account(fund, number=None, **kwargs):
    return BankAccount.objects.create(
        fund=fund,
        bank_name=kwargs.pop("bank_name", "Vietcombank"),
        bank_bin=kwargs.pop("bank_bin", "970436"),
        account_number=number or f"0071{next(_counter):09d}",
        holder=kwargs.pop("holder", "UY BAN MTTQ VN TINH QUANG TRI"),
        **kwargs,
    )


def make_donor(name="Nguyễn Văn An", kind=DonorKind.INDIVIDUAL, **kwargs):
    number = next(_counter)
    kwargs.setdefault("phone", f"09{number:08d}")
    kwargs.setdefault("email", f"donor{number}@example.vn")
    return Donor.objects.create(name=name, kind=kind, **kwargs)


def link_campaign(campaign, fund):
    CampaignFund.objects.update_or_create(campaign=campaign, defaults={"fund": fund})
    return campaign


@pytest.fixture
def fund(db):
    return make_fund()


@pytest.fixture
def bank_account(fund):
    return make_bank_account(fund)


@pytest.fixture
def ledger_campaign(campaign_index, fund):
    return link_campaign(make_campaign(campaign_index), fund)


@pytest.fixture
def donor(db):
    return make_donor()


@pytest.fixture
def demo_campaign(campaign_index):
    """What the demo ledger loaders expect first: the province and its running 2026 drive."""
    Area.objects.create(name="Tỉnh Quảng Trị", slug="quang-tri", level=Area.Level.PROVINCE)
    return make_campaign(
        campaign_index,
        title="Ngày vì người nghèo 2026",
        slug="ngay-vi-nguoi-ngheo-2026",
        end_date=datetime.date(2026, 12, 31),
    )
