"""Builders and pytest fixtures for ledger tests (also usable by the statement and payment tests).

Load the fixtures with ``pytest_plugins = ["donations.testing"]`` in a test module.
"""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from donations.models import BankAccount, CampaignFund, Donor, DonorKind, Fund
from sitewide.groups import EDITORS, FRONT_STAFF, MODERATORS
from sitewide.models import Area

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


def make_user(username, group_name=None, **kwargs):
    """A staff user without a password: tests log in with client.force_login."""
    user = get_user_model().objects.create_user(username=username, **kwargs)
    if group_name:
        group, _created = Group.objects.get_or_create(name=group_name)
        user.groups.add(group)
    return user


@pytest.fixture
def fund(db):
    return make_fund()


@pytest.fixture
def bank_account(fund):
    return make_bank_account(fund)


@pytest.fixture
def ledger_campaign(campaign_index, fund):
    from tests.factories import make_campaign

    return link_campaign(make_campaign(campaign_index), fund)


@pytest.fixture
def donor(db):
    return make_donor()


@pytest.fixture
def front_staff(db):
    return make_user("can-bo-mat-tran", FRONT_STAFF)


@pytest.fixture
def editor(db):
    return make_user("bien-tap-vien", EDITORS)


@pytest.fixture
def moderator(db):
    return make_user("kiem-duyet-vien", MODERATORS)
