"""Builders for the ledger's tests, also used by giving's, reconciliation's and the whole site's:
funds, bank accounts, donors, a campaign linked to its fund, moments in Vietnam's time zone."""

import datetime
import itertools
import threading

import pytest
from django.db import connection
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


# Money out ------------------------------------------------------------------------------------

#: Authorities the tests' resolver knows, by key: what support's decision lines are in the
#: running product (donations.spending's registry).
TEST_AUTHORITIES = {}
TEST_PREFIX = "test.authority"
_resolver_locks = []


def _resolve_test_authority(key, lock):
    if lock:
        _resolver_locks.append(key)
    return TEST_AUTHORITIES.get(key)


@pytest.fixture(autouse=True)
def _test_authorities():
    """The tests' resolver is registered for every test (it knows only what a test makes)."""
    from donations.spending import register_authority, unregister_authority

    register_authority(TEST_PREFIX, _resolve_test_authority)
    yield
    TEST_AUTHORITIES.clear()
    _resolver_locks.clear()
    unregister_authority(TEST_PREFIX)


def make_authority(fund, ceiling=60_000_000, **kwargs):
    """An approved authority to pay up to ``ceiling`` from ``fund``; returns its key."""
    from donations.models import SupportType
    from donations.spending import Authority

    key = f"{TEST_PREFIX}:{next(_counter)}"
    approver = kwargs.pop("approver", None)
    values = {
        "key": key,
        "label": kwargs.pop("label", "Quyết định số 12/QĐ-BVĐ ngày 05/11/2026"),
        "fund_id": fund.pk,
        "ceiling": ceiling,
        "approved": kwargs.pop("approved", True),
        "approver_id": approver.pk if approver is not None else None,
        "recipient_name": kwargs.pop("recipient_name", "Hộ ông Hồ Văn Lục"),
        "support_type": kwargs.pop("support_type", SupportType.HOUSE_NEW),
        "area_id": kwargs.pop("area_id", None),
        "campaign_id": kwargs.pop("campaign_id", None),
    }
    if kwargs:
        raise TypeError(sorted(kwargs))
    TEST_AUTHORITIES[key] = Authority(**values)
    return key


def replace_authority(key, **changes):
    import dataclasses

    TEST_AUTHORITIES[key] = dataclasses.replace(TEST_AUTHORITIES[key], **changes)


def give_money(fund, amount, day, hour=9):
    """Cash received into ``fund`` on ``day``."""
    from donations.models import Channel
    from donations.services import record_receipt

    return record_receipt(
        channel=Channel.CASH,
        amount=amount,
        received_at=at(day, hour),
        fund=fund,
        receipt_book_number=f"Q{next(_counter):05d}",
    )


def make_commune_fund(parent, name="Quỹ Vì người nghèo xã Hướng Phùng", area=None):
    if area is None:
        area = Area.objects.create(
            name=name.replace("Quỹ Vì người nghèo ", "").capitalize(),
            slug=f"commune-{next(_counter)}",
            level=Area.Level.COMMUNE,
            parent=parent.area,
        )
    return Fund.objects.create(name=name, level=Fund.Level.COMMUNE, area=area, parent=parent)


def pay(key, amount, day, user=None, **kwargs):
    from donations.models import Voucher
    from donations.services import record_voucher

    kwargs.setdefault("method", Voucher.Method.CASH)
    return record_voucher(authority_key=key, amount=amount, paid_on=day, user=user, **kwargs)


def run_together(target, count):
    """Start ``count`` threads at the same instant; return their results or exceptions."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(index):
        try:
            barrier.wait()
            results[index] = target(index)
        except Exception as error:  # noqa: BLE001 - collected for the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def fund_days(fund):
    """{day: (received, spent, transferred in, transferred out)} of the fund's non-empty days."""
    from donations.models import FundDayTotal

    return {
        row[0]: tuple(row[1:])
        for row in FundDayTotal.objects.filter(fund=fund).values_list(
            "day", "received", "spent", "transferred_in", "transferred_out"
        )
        if any(row[1:])
    }


def fund_days_from_records(fund):
    """The same, summed here from the records one by one (goods left out, reversed ones too)."""
    from donations.models import Channel, FundTransfer, Receipt, Reversal, Voucher

    days = {}

    def add(day, column, amount):
        sums = list(days.get(day, (0, 0, 0, 0)))
        sums[column] += amount
        days[day] = tuple(sums)

    reversed_receipts = set(Reversal.objects.values_list("receipt_id", flat=True))
    reversed_vouchers = set(Reversal.objects.values_list("voucher_id", flat=True))
    reversed_transfers = set(Reversal.objects.values_list("transfer_id", flat=True))
    for receipt in Receipt.objects.filter(fund=fund):
        if receipt.pk not in reversed_receipts and receipt.channel != Channel.IN_KIND:
            add(timezone.localtime(receipt.received_at).date(), 0, receipt.amount)
    for voucher in Voucher.objects.filter(fund=fund):
        if voucher.pk not in reversed_vouchers and voucher.method != Voucher.Method.GOODS:
            add(
                voucher.paid_on,
                3 if voucher.kind == Voucher.Kind.TRANSFER_OUT else 1,
                voucher.amount,
            )
    for transfer in FundTransfer.objects.filter(to_fund=fund):
        if transfer.pk not in reversed_transfers:
            add(transfer.transferred_on, 2, transfer.amount)
    return days
