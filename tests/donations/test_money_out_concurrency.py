"""Concurrent vouchers and transfers cannot overdraw a fund (PostgreSQL, real threads)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from donations.models import FundTransfer, Voucher
from donations.services import transfer_between_funds
from donations.services.holdings import money_before
from tests.donations.conftest import (
    give_money,
    make_authority,
    make_commune_fund,
    pay,
    run_together,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8
DAY = datetime.date(2026, 11, 5)


def test_concurrent_vouchers_never_overdraw_the_fund(fund):
    give_money(fund, 100_000_000, DAY)
    keys = [make_authority(fund, 30_000_000) for _ in range(THREADS)]

    results = run_together(lambda index: pay(keys[index], 30_000_000, DAY), THREADS)

    paid = [result for result in results if isinstance(result, Voucher)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(paid) == 3, results
    assert len(refused) == THREADS - 3
    assert sorted(voucher.sequence for voucher in paid) == [1, 2, 3]
    assert money_before([fund.pk], None) == 10_000_000


def test_concurrent_vouchers_and_transfers_share_one_balance(fund):
    give_money(fund, 100_000_000, DAY)
    communes = [make_commune_fund(fund, f"Quỹ Vì người nghèo xã số {index}") for index in range(4)]
    keys = [make_authority(fund, 25_000_000) for _ in range(4)]

    def work(index):
        if index % 2:
            return pay(keys[index // 2], 25_000_000, DAY)
        return transfer_between_funds(
            from_fund=fund,
            to_fund=communes[index // 2],
            amount=25_000_000,
            transferred_on=DAY,
            user=None,
        )

    results = run_together(work, THREADS)

    done = [result for result in results if isinstance(result, Voucher | FundTransfer)]
    assert len(done) == 4, results
    assert money_before([fund.pk], None) == 0
    assert Voucher.objects.filter(fund=fund).count() == 4  # PC-…1 to 4, no gap
    assert sorted(Voucher.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]
