"""Builders for support's tests: a province fund holding money and a commune fund under it,
the staff (Front staff who propose, two board members who approve, a commune account assigned
to the commune fund), support levels, households with private details, decisions."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group

from donations.models import FundAssignment, SupportType
from sitewide.groups import COMMUNE_FRONT_STAFF, FRONT_STAFF, FUND_BOARD
from sitewide.models import Area
from support import services
from support.models import Beneficiary, Category, Gender, SupportLevel
from tests.donations.conftest import give_money, make_commune_fund, make_fund
from tests.sitewide.conftest import make_user

_counter = itertools.count(1)

DAY = datetime.date(2026, 11, 5)
SECRET_CCCD = "045190012345"
SECRET_PHONE = "0987654321"
SECRET_ADDRESS = "Thôn Tà Puồng, nhà số 17 bí mật"
SECRET_BANK = "Agribank 3900205999888"
SECRET_REASON = "Bệnh tim bẩm sinh, điều trị dài ngày"


def make_member(username, *groups):
    user = make_user(username)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def make_level(support_type=SupportType.HOUSE_NEW, amount=60_000_000, **kwargs):
    return SupportLevel.objects.create(
        name=kwargs.pop("name", "Xây mới nhà Đại đoàn kết"),
        support_type=support_type,
        amount=amount,
        unit=kwargs.pop("unit", "căn"),
        valid_from=kwargs.pop("valid_from", datetime.date(2024, 11, 10)),
        decision_number=kwargs.pop("decision_number", "125/QĐ-MTTQ-BTT"),
        decision_date=kwargs.pop("decision_date", datetime.date(2024, 10, 25)),
        issuer=kwargs.pop("issuer", "Ban Thường trực Ủy ban MTTQ tỉnh"),
        **kwargs,
    )


def make_household(commune, name="Trần Thị Lan", gender=Gender.FEMALE, **kwargs):
    return Beneficiary.objects.create(
        head_name=name,
        head_gender=gender,
        members_count=kwargs.pop("members_count", 4),
        commune=commune,
        category=kwargs.pop("category", Category.POOR),
        list_year=kwargs.pop("list_year", 2026),
        **kwargs,
    )


def make_secret_household(commune, name="Hồ Thị Nhung"):
    return make_household(
        commune,
        name=name,
        cccd=SECRET_CCCD,
        phone=SECRET_PHONE,
        address=SECRET_ADDRESS,
        bank_account=SECRET_BANK,
        support_reason=SECRET_REASON,
    )


def propose(world, user, households=None):
    """A new house for the world's household, proposed by ``user``, waiting for the board."""
    return services.propose_decision(
        fund=world.province_fund,
        support_level=world.house_level,
        title="Nhà",
        beneficiaries=households or [world.household],
        user=user,
    )


def approved_decision(world, households, level=None, fund=None, number=None, day=DAY):
    decision = services.propose_decision(
        fund=fund or world.province_fund,
        support_level=level or world.house_level,
        title="Hỗ trợ xây mới nhà Đại đoàn kết đợt 1",
        beneficiaries=households,
        user=world.front,
    )
    return services.approve_decision(
        decision, user=world.board, number=number or f"{next(_counter)}/QĐ-BVĐ", decided_on=day
    )


class World:
    pass


@pytest.fixture
def support_world(db):
    world = World()
    world.province_fund = make_fund()
    world.province = world.province_fund.area
    world.commune_fund = make_commune_fund(world.province_fund)
    world.commune = world.commune_fund.area
    world.other_commune = Area.objects.create(
        name="Xã Đakrông", slug="xa-dakrong-test", level=Area.Level.COMMUNE, parent=world.province
    )
    give_money(world.province_fund, 2_000_000_000, datetime.date(2026, 10, 20))
    give_money(world.commune_fund, 200_000_000, datetime.date(2026, 10, 20))
    world.front = make_member("can-bo-tinh", FRONT_STAFF)
    world.board = make_member("ban-van-dong", FRONT_STAFF, FUND_BOARD)
    world.board2 = make_member("ban-van-dong-2", FRONT_STAFF, FUND_BOARD)
    world.commune_staff = make_member("can-bo-xa", COMMUNE_FRONT_STAFF)
    FundAssignment.objects.create(user=world.commune_staff, fund=world.commune_fund)
    world.house_level = make_level()
    world.repair_level = make_level(SupportType.HOUSE_REPAIR, 30_000_000, name="Sửa chữa nhà")
    world.scholarship = make_level(SupportType.SCHOLARSHIP, 5_000_000, name="Học bổng")
    world.household = make_secret_household(world.commune)
    world.other_household = make_household(world.other_commune, "Lê Văn Tám", Gender.MALE)
    return world
