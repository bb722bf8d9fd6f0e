"""GoodsTotal: goods received in kind by item and unit, kept with each receipt and reversal,
rebuilt from the receipts, and checked by verify_ledger (the disclosure's "goods by item")."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from donations.models import Channel, GoodsTotal
from donations.services import record_receipt, reverse_receipt
from donations.services import totals as ledger_totals
from tests.donations.conftest import at

DAY = datetime.date(2026, 10, 17)


def goods(campaign, amount, item, quantity, unit, hour=9):
    return record_receipt(
        channel=Channel.IN_KIND,
        amount=amount,
        received_at=at(DAY, hour),
        campaign=campaign,
        goods_description=item,
        goods_quantity=quantity,
        goods_unit=unit,
    )


@pytest.fixture
def received(ledger_campaign, django_capture_on_commit_callbacks):
    """What runs at commit (the public record) runs too: verify_ledger checks it."""
    with django_capture_on_commit_callbacks(execute=True):
        return _received(ledger_campaign)


def _received(ledger_campaign):
    goods(ledger_campaign, 15_000_000, "Gạo", 1_000, "kg", hour=8)
    goods(ledger_campaign, 7_500_000, "Gạo", 500, "kg", hour=9)
    wrong = goods(ledger_campaign, 4_000_000, "Gạo", 300, "kg", hour=10)
    reverse_receipt(wrong, reason="Ghi nhầm số lượng")
    goods(ledger_campaign, 30_000_000, "Xi măng", 200, "bao", hour=11)
    goods(ledger_campaign, 2_000_000, "Gạo", 4, "bao", hour=12)
    record_receipt(
        channel=Channel.CASH,
        amount=1_000_000,
        received_at=at(DAY, 13),
        campaign=ledger_campaign,
        receipt_book_number="Q01-0001",
    )
    return ledger_campaign


# Summed by hand from the fixture: 1.000 + 500 kg of rice (the 300 kg reversed), 200 bags of
# cement, 4 bags of rice kept apart by their unit; the cash gift is not goods.
EXPECTED = [
    {"goods_description": "Xi măng", "goods_unit": "bao", "quantity": 200,
     "total": 30_000_000, "count": 1},
    {"goods_description": "Gạo", "goods_unit": "kg", "quantity": 1_500,
     "total": 22_500_000, "count": 2},
    {"goods_description": "Gạo", "goods_unit": "bao", "quantity": 4,
     "total": 2_000_000, "count": 1},
]  # fmt: skip


@pytest.mark.django_db
def test_goods_by_item_are_kept_with_each_receipt_and_reversal(received):
    assert ledger_totals.goods_received(campaign=received) == EXPECTED


@pytest.mark.django_db
def test_a_rebuild_gives_the_same_rows(received):
    before = sorted(GoodsTotal.objects.values_list("item", "unit", "quantity", "amount", "gifts"))
    ledger_totals.rebuild_ledger_totals()
    after = sorted(GoodsTotal.objects.values_list("item", "unit", "quantity", "amount", "gifts"))
    assert after == before


@pytest.mark.django_db
def test_verify_ledger_reports_a_goods_total_changed_by_hand(received):
    call_command("verify_ledger", stdout=io.StringIO())
    GoodsTotal.objects.filter(item="Xi măng").update(amount=31_000_000)

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_ledger", stdout=out)

    broken = [line for line in out.getvalue().splitlines() if "LỖI" in line]
    assert len(broken) == 1 and "hàng hiện vật" in broken[0], out.getvalue()
    assert "Xi măng (bao)" in out.getvalue() and "31.000.000 ₫" in out.getvalue()
